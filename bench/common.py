"""Shared helpers for the bench scripts: the evaluation data path, long answers from real clips, result files."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

BENCH_DIR = Path(__file__).resolve().parent
EVAL_SPEECH = BENCH_DIR.parents[1] / "shared" / "eval" / "speech"


def manifest() -> list[dict[str, str]]:
    with open(EVAL_SPEECH / "manifest.tsv", newline="") as source:
        return list(csv.DictReader(source, delimiter="\t"))


def long_answer(seconds: float, gap_s: float = 0.6) -> np.ndarray:
    """Real clips (longest first, all subsets) joined with short pauses until `seconds` of audio."""
    from voicemock.speech.audio import SAMPLE_RATE, load_audio

    rows = sorted(manifest(), key=lambda r: -float(r["duration_s"]))
    gap = np.zeros(int(gap_s * SAMPLE_RATE), np.float32)
    parts, total = [], 0
    while total < seconds * SAMPLE_RATE:
        for row in rows:
            clip = load_audio(EVAL_SPEECH / row["file"])
            parts += [clip, gap]
            total += len(clip) + len(gap)
            if total >= seconds * SAMPLE_RATE:
                break
    return np.concatenate(parts)[: int(seconds * SAMPLE_RATE)]


def answer_with_reference(seconds: float, gap_s: float = 0.6) -> tuple[np.ndarray, str]:
    """Whole real clips joined with short pauses to within 10% of `seconds` (longest clips first, skipping any that
    would overshoot), and their joined reference transcripts: a long answer whose every word is known. It ends on
    the last word, with no pause after it: the hardest case for incremental transcription, whose last stretch is
    still to do when the speaker stops."""
    from voicemock.speech.audio import SAMPLE_RATE, load_audio

    target = seconds * SAMPLE_RATE
    gap = np.zeros(int(gap_s * SAMPLE_RATE), np.float32)
    parts: list[np.ndarray] = []
    texts: list[str] = []
    total = 0
    for row in sorted(manifest(), key=lambda r: -float(r["duration_s"])):
        length = int(float(row["duration_s"]) * SAMPLE_RATE)
        if total + length > target * 1.1:
            continue
        parts += [gap, load_audio(EVAL_SPEECH / row["file"])] if parts else [load_audio(EVAL_SPEECH / row["file"])]
        texts.append(row["transcript"])
        total += length + len(gap)
        if total >= target * 0.9:
            break
    if not parts:
        raise ValueError(f"no clip of ../shared/eval/speech fits in {seconds} s")
    return np.concatenate(parts), " ".join(texts)


def save(name: str, data: dict) -> Path:
    path = BENCH_DIR / "results" / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path
