"""Questions spoken to WAV files with pyttsx3 (espeak-ng on Linux), cached on disk by text, voice and rate."""

from __future__ import annotations

import atexit
import contextlib
import gc
import hashlib
import io
import shutil
import subprocess
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import VoicemockError
from ..layout import tts_cache_dir
from .audio import AudioError, wav_info

DEFAULT_RATE = 165
INSTALL_HINT = "sudo apt-get install espeak-ng libespeak-ng1 (then pip install pyttsx3)"
# Five distinct espeak voices, one per interview round, so the interviewers sound different.
ROUND_VOICES = ("en-us", "en-gb", "en-us+f3", "en-gb-scotland", "en-us+m3")


class SpeechError(VoicemockError):
    pass


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    languages: tuple[str, ...]


_ENGINE = None
_ENGINE_LOCK = threading.Lock()  # pyttsx3 engines are not thread-safe: one per process, one call at a time


def _engine():
    global _ENGINE
    if _ENGINE is None:
        try:
            import pyttsx3

            _ENGINE = pyttsx3.init()
        except Exception as exc:
            raise SpeechError(f"text-to-speech is unavailable ({type(exc).__name__}): {INSTALL_HINT}") from None
        # Let the engine go while Python still runs: destroyed at interpreter shutdown, pyttsx3's driver finalizer
        # finds its own module half torn down and prints "Exception ignored in DriverProxy.__del__".
        atexit.register(_release_engine)
    return _ENGINE


def _release_engine() -> None:
    global _ENGINE
    _ENGINE = None  # no lock: a daemon thread could hold it for ever at exit
    gc.collect()


def list_voices() -> list[Voice]:
    with _ENGINE_LOCK:
        voices = _engine().getProperty("voices") or []
    return [Voice(str(v.id), str(v.name), tuple(str(x) for x in (v.languages or ()))) for v in voices]


def check_voice(voice: str) -> None:
    """espeak quietly falls back to its default for unknown names; refuse them instead."""
    wanted = voice.split("+")[0].lower()
    for known in list_voices():
        names = {known.id.lower(), known.id.rsplit("/", 1)[-1].lower(), known.name.lower(), *map(str.lower, known.languages)}
        if wanted in names:
            return
    raise SpeechError(f"unknown voice {voice!r}: run `voicemock say --list-voices` to see the installed ones")


def voice_for_round(index: int) -> str:
    return ROUND_VOICES[index % len(ROUND_VOICES)]


def voice_for_question(question, chosen: str | None = None) -> str:
    """The voice that asks a planned question: the chosen one, or its round's own (so each interviewer differs)."""
    if chosen:
        return chosen
    return voice_for_round((question.round.number - 1) if question.round else 0)


def cache_key(text: str, voice: str | None, rate: int) -> str:
    return hashlib.sha256(f"{voice or ''}\n{rate}\n{text}".encode()).hexdigest()[:32]


class Speaker:
    """Speaks text to WAV. `speak()` returns a cached file when the same text, voice and rate were spoken before."""

    def __init__(self, voice: str | None = None, rate: int = DEFAULT_RATE, cache: Path | None = None,
                 timeout_s: float = 30.0) -> None:
        self.voice = voice
        self.rate = rate
        self.cache = cache or tts_cache_dir()
        self.timeout_s = timeout_s

    def cached_path(self, text: str, voice: str | None = None, rate: int | None = None) -> Path:
        return self.cache / f"{cache_key(_clean(text), voice or self.voice, rate or self.rate)}.wav"

    def speak(self, text: str, voice: str | None = None, rate: int | None = None) -> Path:
        clean = _clean(text)
        if not clean:
            raise SpeechError("there is no text to speak: give the question some words")
        target = self.cached_path(clean, voice, rate)
        if _valid_wav(target):
            return target
        chosen = voice or self.voice
        if chosen:
            check_voice(chosen)
        _synthesize(clean, target, chosen, rate or self.rate, self.timeout_s)
        return target

    def speak_all(self, texts: Iterable[str | tuple[str, str | None]]) -> list[Path]:
        """Synthesize a whole plan ahead; items are text or (text, voice)."""
        paths = []
        for item in texts:
            text, voice = (item, None) if isinstance(item, str) else item
            paths.append(self.speak(text, voice=voice))
        return paths

    def speak_to(self, text: str, destination: Path, voice: str | None = None, rate: int | None = None) -> Path:
        source = self.speak(text, voice, rate)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(source.read_bytes())
        return destination


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def _valid_wav(path: Path) -> bool:
    if not path.is_file() or path.stat().st_size <= 44:
        return False
    try:
        return wav_info(path).frames > 0
    except AudioError:
        return False


def _synthesize(text: str, target: Path, voice: str | None, rate: int, timeout_s: float) -> None:
    partial = target.with_name(f".{target.stem}.{os.getpid()}.{threading.get_ident()}.wav")
    espeak = shutil.which("espeak-ng")
    if espeak:
        _synthesize_espeak(espeak, text, partial, voice, rate, timeout_s)
    else:
        _synthesize_pyttsx3(text, partial, voice, rate, timeout_s)
    if not _valid_wav(partial):
        partial.unlink(missing_ok=True)
        raise SpeechError(f"speech synthesis produced no audio within {timeout_s:.0f} s; check espeak-ng: {INSTALL_HINT}")
    os.replace(partial, target)


def _synthesize_espeak(espeak: str, text: str, partial: Path, voice: str | None, rate: int, timeout_s: float) -> None:
    """espeak-ng directly: on Linux this is what pyttsx3 drives, minus its driver's races (it applied the rate one
    utterance late and sometimes never reported the end of an utterance, measured with pyttsx3 2.99)."""
    command = [espeak, "-s", str(int(rate)), "-w", str(partial), "--stdin"]
    if voice:
        command[1:1] = ["-v", voice]
    try:
        subprocess.run(command, input=text.encode(), capture_output=True, timeout=timeout_s, check=True)
    except (subprocess.SubprocessError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise SpeechError(f"espeak-ng failed ({type(exc).__name__}); {INSTALL_HINT}") from None


def _synthesize_pyttsx3(text: str, partial: Path, voice: str | None, rate: int, timeout_s: float) -> None:
    with _ENGINE_LOCK:
        engine = _engine()
        done = threading.Event()
        token = engine.connect("finished-utterance", lambda name, completed: done.set())
        try:
            if voice:
                engine.setProperty("voice", voice)
            engine.setProperty("rate", int(rate))
            engine.save_to_file(text, str(partial))
            with contextlib.redirect_stdout(io.StringIO()):  # the espeak driver prints "Audio saved to ..."
                engine.runAndWait()
            finished = done.wait(timeout_s)  # runAndWait() may return before the file is written
        except SpeechError:
            raise
        except Exception as exc:
            partial.unlink(missing_ok=True)
            raise SpeechError(f"speech synthesis failed ({type(exc).__name__}: {exc}); {INSTALL_HINT}") from None
        finally:
            engine.disconnect(token)
    if not finished:
        partial.unlink(missing_ok=True)
