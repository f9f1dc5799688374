"""Typed text as if it were spoken: words spread evenly at a speaking pace, a short pause after each sentence.

For checking the scores of written answers (published answers in the benchmarks, the tests) with a plausible length
and pace; never used on a real recording.
"""

from __future__ import annotations

from ..speech.transcript import Segment, Transcript, Word
from .text import split_sentences


def paced_transcript(text: str, wpm: float = 140.0, pause_s: float = 0.4, lead_s: float = 0.3) -> Transcript:
    per_word = 60.0 / wpm
    t = lead_s
    segments = []
    for sentence in split_sentences(text):
        words = []
        for raw in sentence.split():
            words.append(Word(" " + raw, round(t, 2), round(t + per_word * 0.85, 2), 0.9))
            t += per_word
        if words:
            segments.append(Segment(" " + sentence, words[0].start, words[-1].end, tuple(words)))
        t += pause_s
    return Transcript(text=" ".join(text.split()), segments=segments, duration=round(t + lead_s, 2), model="text-paced")
