"""Speech and silence from the audio's energy: short frames, an adaptive noise floor, and the pauses between.

Word timestamps from Whisper stretch words over silences, so pauses are measured here instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16000
FRAME_S = 0.025
HOP_S = 0.010
FLOOR_WINDOW_S = 8.0  # the noise floor follows the room over this window
MIN_SPEECH_DB_ABOVE_FLOOR = 9.0
SILENT_PEAK_DBFS = -65.0  # a recording whose loudest moment is below this is silence
QUIETEST_SPEECH_DBFS = -78.0


@dataclass(frozen=True)
class Pause:
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


def frame_levels_db(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """RMS level of each 25 ms frame (10 ms hop), in dB relative to full scale.

    Sums of squares over blocks of gcd(frame, hop) samples, then over the blocks of each frame: O(n), no copies
    of overlapping frames."""
    frame, hop = int(FRAME_S * sample_rate), int(HOP_S * sample_rate)
    if samples.size < frame:
        return np.full(1, -120.0)
    block = math.gcd(frame, hop)
    count = 1 + (samples.size - frame) // hop
    usable = (count - 1) * hop + frame
    signal = np.asarray(samples[:usable], dtype=np.float32)
    block_sums = np.einsum("ij,ij->i", *(signal.reshape(-1, block),) * 2, dtype=np.float64)
    running = np.concatenate(([0.0], np.cumsum(block_sums)))
    first = np.arange(count) * (hop // block)
    mean_square = np.maximum(running[first + frame // block] - running[first], 0.0) / frame
    return 20.0 * np.log10(np.maximum(np.sqrt(mean_square), 1e-6))


def noise_floor_db(levels: np.ndarray) -> np.ndarray:
    """A floor per frame: the 10th percentile of the levels in a sliding window, so it adapts to the room."""
    window = max(1, int(FLOOR_WINDOW_S / HOP_S))
    if levels.size <= window:
        return np.full(levels.size, np.percentile(levels, 10))
    step = window // 4
    padded = np.pad(levels, window // 2, mode="reflect")
    windows = np.lib.stride_tricks.sliding_window_view(padded, window + 1)[::step]
    floors = np.percentile(windows, 10, axis=1)
    centres = np.arange(floors.size) * step
    return np.interp(np.arange(levels.size), centres, floors)


def speech_mask(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """True for frames that carry speech: clearly above the local floor and not far below the loud parts."""
    levels = frame_levels_db(samples, sample_rate)
    floor = noise_floor_db(levels)
    loud = np.percentile(levels, 95)
    margin = np.maximum(MIN_SPEECH_DB_ABOVE_FLOOR, 0.3 * (loud - floor))
    return (levels > floor + margin) & (levels > loud - 40.0) & (levels > QUIETEST_SPEECH_DBFS)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist()))


def speech_regions(samples: np.ndarray, sample_rate: int = SAMPLE_RATE, bridge_s: float = 0.25,
                   min_speech_s: float = 0.08) -> list[tuple[float, float]]:
    """(start, end) seconds of speech; gaps shorter than `bridge_s` (between syllables and words) are bridged."""
    if samples.size == 0:
        return []
    runs = _runs(speech_mask(samples, sample_rate))
    regions: list[list[float]] = []
    for first, last in runs:
        start, end = first * HOP_S, last * HOP_S + (FRAME_S - HOP_S)
        if regions and start - regions[-1][1] < bridge_s:
            regions[-1][1] = end
        else:
            regions.append([start, end])
    return [(round(s, 3), round(e, 3)) for s, e in regions if e - s >= min_speech_s]


def find_pauses(samples: np.ndarray, sample_rate: int = SAMPLE_RATE, min_pause_s: float = 0.3) -> list[Pause]:
    """Silences of at least `min_pause_s` between the first and the last speech (leading/trailing silence excluded)."""
    regions = speech_regions(samples, sample_rate)
    return [
        Pause(round(prev_end, 2), round(next_start, 2))
        for (_, prev_end), (next_start, _) in zip(regions, regions[1:])
        if next_start - prev_end >= min_pause_s
    ]


def speech_seconds(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> float:
    return float(sum(end - start for start, end in speech_regions(samples, sample_rate)))


def is_speech_free(samples: np.ndarray, sample_rate: int = SAMPLE_RATE, min_speech_s: float = 0.3) -> bool:
    """No stretch of speech worth transcribing: silence, hum, or a very quiet recording."""
    if samples.size == 0:
        return True
    peak_db = 20.0 * np.log10(max(float(np.max(np.abs(samples))), 1e-6))
    if peak_db < SILENT_PEAK_DBFS:
        return True
    return speech_seconds(samples, sample_rate) < min_speech_s
