from __future__ import annotations

import threading

import numpy as np
import pytest

from voicemock.interview.guides import find_guide
from voicemock.interview.plan import plan_loop
from voicemock.speech.audio import load_audio, wav_info
from voicemock.speech.textnorm import wer
from voicemock.speech.tts import ROUND_VOICES, Speaker, SpeechError, voice_for_question

QUESTION = "Tell me about a time you disagreed with your manager."


def test_question_is_spoken_to_a_valid_wav_that_whisper_understands(transcriber, tmp_path):
    path = Speaker(cache=tmp_path).speak(QUESTION)
    assert wav_info(path).seconds > 1.5
    assert wer(QUESTION, transcriber.transcribe(path).text) < 0.3


def test_cache_synthesizes_once(tmp_path):
    speaker = Speaker(cache=tmp_path)
    first = speaker.speak(QUESTION)
    stamp = first.stat().st_mtime_ns
    assert speaker.speak("  " + QUESTION + " ") == first and first.stat().st_mtime_ns == stamp
    assert speaker.speak(QUESTION, rate=220) != first
    assert len(list(tmp_path.glob("*.wav"))) == 2 and not list(tmp_path.glob(".*"))


def test_each_round_voice_sounds_different(tmp_path):
    speaker = Speaker(cache=tmp_path)
    paths = speaker.speak_all([(QUESTION, voice) for voice in ROUND_VOICES])
    audio = [load_audio(p) for p in paths]
    assert len({p.read_bytes() for p in paths}) == len(ROUND_VOICES)
    assert len({len(a) for a in audio}) > 1 or not all(np.array_equal(audio[0], a) for a in audio[1:])


def test_the_five_interviewers_of_the_loop_each_have_their_own_voice_unless_one_is_chosen():
    questions = plan_loop(find_guide()).questions
    by_round = {q.round.number: voice_for_question(q) for q in questions}
    assert len(by_round) == 5 and len(set(by_round.values())) == 5
    assert {voice_for_question(q, "en-gb") for q in questions} == {"en-gb"}


def test_faster_rate_is_shorter(tmp_path):
    speaker = Speaker(cache=tmp_path)
    assert wav_info(speaker.speak(QUESTION, rate=250)).seconds < wav_info(speaker.speak(QUESTION, rate=120)).seconds


def test_threads_share_the_engine_safely(tmp_path):
    speaker = Speaker(cache=tmp_path)
    texts = [f"Question number {n}: what did you learn?" for n in range(6)]
    results: dict[int, object] = {}
    threads = [threading.Thread(target=lambda n=n: results.__setitem__(n, speaker.speak(texts[n]))) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert all(wav_info(results[n]).frames > 0 for n in range(6))


@pytest.mark.parametrize("text,voice,match", [("", None, "no text"), ("hello", "klingon-xx", "unknown voice")])
def test_bad_requests_are_one_line(tmp_path, text, voice, match):
    with pytest.raises(SpeechError, match=match) as caught:
        Speaker(cache=tmp_path).speak(text, voice=voice)
    assert "\n" not in str(caught.value)


def test_the_speech_engine_is_let_go_before_python_tears_its_modules_down():
    """At interpreter shutdown pyttsx3's driver module can be half torn down when the engine is finally destroyed, and
    its finalizer then prints "Exception ignored in DriverProxy.__del__". Simulated here: an exit hook registered
    before the engine (so it runs after voicemock's own) empties the module the finalizer needs."""
    import subprocess
    import sys

    code = ("import atexit, pyttsx3.driver as d\n"
            "atexit.register(lambda: setattr(d, 'contextlib', None))\n"
            "from voicemock.speech import tts\n"
            "assert tts.list_voices()\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "Exception ignored" not in run.stderr, run.stderr
