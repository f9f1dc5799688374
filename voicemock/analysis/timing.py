"""Length against the budget, pacing over time, and pauses from the audio energy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..interview.plan import Budget
from ..speech.energy import Pause, find_pauses, speech_regions
from ..speech.transcript import Word

# Pacing band: ~150 wpm is the average rate of conversational English (National Center for Voice and Speech);
# 120-160 wpm is the band presentation coaches give for speech that is easy to follow.
PACE_BAND_WPM = (120.0, 160.0)
PACE_SOURCE = "NCVS: ~150 wpm average conversational English; 120-160 wpm is the usual band for clear presenting"
TIMELINE_WINDOW_S = 15.0
LONG_PAUSE_S = 2.0
REPORTED_PAUSE_S = 0.5

VERDICTS = ("too_short", "on_target", "long", "over_limit")


@dataclass(frozen=True)
class Timing:
    duration_s: float
    speaking_s: float
    speech_s: float
    first_word_s: float | None
    wpm: float | None
    articulation_wpm: float | None
    timeline: list[dict[str, float]]
    pauses: list[Pause]


def length_verdict(duration_s: float, budget: Budget) -> str:
    if duration_s < budget.min_s:
        return "too_short"
    if duration_s <= (budget.target_s + budget.max_s) / 2:
        return "on_target"
    if duration_s <= budget.max_s:
        return "long"
    return "over_limit"


def pace_flag(wpm: float | None) -> str | None:
    if wpm is None:
        return None
    low, high = PACE_BAND_WPM
    return "too_slow" if wpm < low else "too_fast" if wpm > high else "in_band"


def pace_timeline(words: list[Word], start: float, end: float, window_s: float = TIMELINE_WINDOW_S) -> list[dict[str, float]]:
    """Words per minute in consecutive windows across the speaking time."""
    if not words or end <= start:
        return []
    mids = np.array([(float(w.start) + float(w.end)) / 2 for w in words])
    edges = np.arange(start, end, window_s).tolist() + [end]
    timeline = []
    for left, right in zip(edges, edges[1:]):
        span = right - left
        if span < 3.0:  # a sliver at the end says nothing about pace
            continue
        count = int(np.sum((mids >= left) & (mids < right)))
        timeline.append({"start": round(left, 1), "end": round(right, 1), "wpm": round(count * 60.0 / span, 1)})
    return timeline


def measure_timing(words: list[Word], samples: np.ndarray | None, sample_rate: int = 16000,
                   duration_s: float | None = None) -> Timing:
    counted = [w for w in words if any(ch.isalnum() for ch in w.word)]
    if samples is not None and samples.size:
        duration = samples.size / sample_rate
        regions = speech_regions(samples, sample_rate)
        pauses = [p for p in find_pauses(samples, sample_rate, REPORTED_PAUSE_S)]
        speech_s = float(sum(e - s for s, e in regions))
        first_speech = regions[0][0] if regions else None
        span = (regions[0][0], regions[-1][1]) if regions else (0.0, 0.0)
    else:
        duration = duration_s or (float(counted[-1].end) if counted else 0.0)
        pauses, speech_s, first_speech = [], 0.0, None
        span = (float(counted[0].start), float(counted[-1].end)) if counted else (0.0, 0.0)
    if counted:
        span = (min(span[0], float(counted[0].start)) if span[1] else float(counted[0].start),
                max(span[1], float(counted[-1].end)))
    speaking = max(0.0, span[1] - span[0])
    if not speech_s:
        speech_s = speaking
    first_word = float(counted[0].start) if counted else first_speech
    wpm = len(counted) * 60.0 / speaking if counted and speaking >= 1.0 else None
    articulation = len(counted) * 60.0 / speech_s if counted and speech_s >= 1.0 else None
    return Timing(
        duration_s=round(duration, 2),
        speaking_s=round(speaking, 2),
        speech_s=round(speech_s, 2),
        first_word_s=round(first_word, 2) if first_word is not None else None,
        wpm=round(wpm, 1) if wpm else None,
        articulation_wpm=round(articulation, 1) if articulation else None,
        timeline=pace_timeline(counted, span[0], span[1]),
        pauses=pauses,
    )
