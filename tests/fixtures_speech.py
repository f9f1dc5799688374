"""Shared pytest fixtures for the speech area: the real tiny.en model, real recordings, synthesized speech,
and a fake microphone that plays real WAV audio through the recorder's callback path."""

from __future__ import annotations

import csv
import subprocess
import threading
import time
from pathlib import Path

import numpy as np
import pytest

FILLER_SENTENCE = "Um, so I was leading a team of five engineers, and uh, we had a tight deadline."
# Twelve fillers in six synthesised sentences: the "Um" opening the first is dropped on some CPUs (whatever
# CT2_FORCE_CPU_ISA says), the others follow the first words. How many Whisper keeps: bench/filler_isa.py.
MID_SENTENCE_FILLERS = (
    FILLER_SENTENCE,
    "I think, uh, the main thing I learned was, um, to ask for help early.",
    "Well, um, the project was late, uh, because the requirements kept changing.",
    "So, uh, I decided to, um, split the work into smaller pieces and, uh, ship weekly.",
    "The first thing I did was, um, talk to each engineer on the team.",
    "We shipped the feature, uh, two weeks later, and the customers, um, liked it.",
)
FILLERS_KEPT_FLOOR = 7  # the lowest count kept of the 12, over voices en-us and en-gb and four instruction sets


@pytest.fixture(scope="session")
def transcriber():
    from voicemock.speech.transcribe import Transcriber

    return Transcriber()  # the embedded tiny.en, loaded once per test session


@pytest.fixture(scope="session")
def speech_wav(eval_dir) -> Path:
    """11 s of real recorded speech (JFK, public domain)."""
    return eval_dir / "speech" / "jfk" / "jfk.wav"


@pytest.fixture(scope="session")
def speech_reference(eval_dir) -> str:
    return eval_manifest(eval_dir)["jfk/jfk.wav"]


@pytest.fixture(scope="session")
def pauses_wav(eval_dir) -> Path:
    """35 s of real read sentences with ~1 s pauses between them (Open Speech Repository, Harvard list)."""
    return eval_dir / "speech" / "osr_harvard" / "OSR_us_000_0034_8k.wav"


def eval_manifest(eval_dir: Path) -> dict[str, str]:
    with open(eval_dir / "speech" / "manifest.tsv", newline="") as source:
        return {row["file"]: row["transcript"] for row in csv.DictReader(source, delimiter="\t")}


def espeak_wav(text: str, path: Path, voice: str = "en-us", rate: int = 150) -> Path:
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(path), text], check=True)
    return path


@pytest.fixture(scope="session")
def filler_wav(tmp_path_factory) -> Path:
    """Synthesized speech that contains "um" and "uh" (espeak-ng, made at test time)."""
    return espeak_wav(FILLER_SENTENCE, tmp_path_factory.mktemp("speech") / "fillers.wav")


class FakeInputStream:
    """Stands in for sounddevice.InputStream: delivers real audio in blocks through the same callback."""

    def __init__(self, samples: np.ndarray, block_frames: int, callback, pace_s: float = 0.0) -> None:
        self.samples = samples
        self.block_frames = block_frames
        self.callback = callback
        self.pace_s = pace_s
        self.delivered = 0
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None
        self.closed = False

    def start(self) -> None:
        self._thread = threading.Thread(target=self._play, daemon=True)
        self._thread.start()

    def _play(self) -> None:
        for begin in range(0, len(self.samples), self.block_frames):
            if self._halt.is_set():
                return
            block = self.samples[begin: begin + self.block_frames].reshape(-1, 1)
            self.callback(block, len(block), None, None)
            self.delivered += len(block)
            if self.pace_s:
                time.sleep(self.pace_s)

    def stop(self) -> None:
        self._halt.set()
        if self._thread is not None:
            self._thread.join()

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fake_microphone():
    """fake_microphone(samples, pace_s) -> (stream_factory, holder) where holder['stream'] is the live fake."""

    def make(samples: np.ndarray, pace_s: float = 0.0):
        holder: dict[str, FakeInputStream] = {}

        def factory(sample_rate, block_frames, device, callback):
            holder["stream"] = FakeInputStream(samples, block_frames, callback, pace_s)
            return holder["stream"]

        return factory, holder

    return make
