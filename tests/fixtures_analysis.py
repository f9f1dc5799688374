"""Shared pytest fixtures for the analysis area: real published STAR answers and real speech, read by path."""

from __future__ import annotations

import json

import numpy as np
import pytest

RATE = 16000


@pytest.fixture(scope="session")
def star_answers(eval_dir) -> list[dict]:
    """The published answers whose pages mark Situation, Task, Action and Result themselves."""
    rows = [json.loads(line) for line in (eval_dir / "star-dev.jsonl").read_text().splitlines() if line.strip()]
    return [r for r in rows if r.get("labels")]


def without_part(answer: dict, part: str) -> str:
    """A weak answer made from a real one by leaving out the sentences its page labels `part`."""
    from voicemock.analysis.text import split_sentences

    drop = " ".join(l["text"] for l in answer["labels"] if l["part"].lower() == part)
    return " ".join(s for s in split_sentences(answer["answer"]) if s[:30] not in drop)


@pytest.fixture(scope="session")
def speech_clips(eval_dir) -> list[np.ndarray]:
    """Four real read-speech clips (LibriSpeech and LibriVox), each trimmed to its speech."""
    from voicemock.speech.audio import load_audio
    from voicemock.speech.energy import speech_regions

    speech = eval_dir / "speech"
    files = sorted((speech / "librispeech_test_clean").glob("*.wav")) + sorted((speech / "librivox_pocketsphinx").glob("*.wav"))
    clips = []
    for path in files[:4]:
        samples = load_audio(path)
        regions = speech_regions(samples)
        clips.append(samples[int(regions[0][0] * RATE): int(regions[-1][1] * RATE)])
    return clips


def join_with_silences(clips: list[np.ndarray], gaps_s: list[float], noise: float = 0.002,
                       seed: int = 1) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Clips joined by silences of known length in a quiet room hum; returns the audio and the true pauses."""
    pieces, truth, cursor = [], [], 0.0
    for i, clip in enumerate(clips):
        pieces.append(clip)
        cursor += clip.size / RATE
        if i < len(gaps_s):
            pieces.append(np.zeros(int(gaps_s[i] * RATE), dtype=np.float32))
            truth.append((cursor, cursor + gaps_s[i]))
            cursor += gaps_s[i]
    audio = np.concatenate(pieces)
    audio = audio + np.random.default_rng(seed).normal(0, noise, audio.size).astype(np.float32)
    return audio.astype(np.float32), truth
