"""Pitch from the audio (autocorrelation on voiced frames) and how much it varies, in semitones."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..speech.energy import HOP_S, SILENT_PEAK_DBFS, frame_levels_db

MIN_F0, MAX_F0 = 70.0, 400.0
MONOTONE_SEMITONES = 2.0  # below this spread (std) delivery sounds flat


@dataclass(frozen=True)
class PitchStats:
    median_hz: float | None
    spread_semitones: float | None  # standard deviation around the median
    voiced_frames: int
    monotone: bool


def frame_pitches(samples: np.ndarray, sample_rate: int = 16000, frame_s: float = 0.04) -> np.ndarray:
    """F0 (Hz) of each voiced 40 ms frame; frames without a clear period are left out."""
    hop = int(HOP_S * sample_rate)
    frame = int(frame_s * sample_rate)
    if samples.size < frame * 2:
        return np.empty(0)
    levels = frame_levels_db(samples, sample_rate)
    voiced = levels > max(float(np.percentile(levels, 95)) - 25.0, SILENT_PEAK_DBFS)
    starts = np.flatnonzero(voiced)[::4] * hop  # every 4th voiced hop: 40 ms apart
    starts = starts[starts + frame <= samples.size]
    if starts.size == 0:
        return np.empty(0)
    frames = np.stack([samples[s: s + frame] for s in starts]).astype(np.float64)
    frames -= frames.mean(axis=1, keepdims=True)
    spectrum = np.fft.rfft(frames, n=2 * frame, axis=1)
    acf = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)[:, :frame]
    energy = acf[:, :1] + 1e-12
    lo, hi = int(sample_rate / MAX_F0), int(sample_rate / MIN_F0)
    region = acf[:, lo:hi] / energy
    lag = region.argmax(axis=1) + lo
    strength = region.max(axis=1)
    clear = strength > 0.45
    return sample_rate / lag[clear]


def pitch_stats(samples: np.ndarray, sample_rate: int = 16000) -> PitchStats:
    f0 = frame_pitches(samples, sample_rate)
    if f0.size < 20:
        return PitchStats(None, None, int(f0.size), False)
    median = float(np.median(f0))
    semitones = 12.0 * np.log2(f0 / median)
    semitones = semitones[np.abs(semitones) < 12]  # octave jumps are tracking errors
    spread = float(np.std(semitones)) if semitones.size else 0.0
    return PitchStats(round(median, 1), round(spread, 2), int(f0.size), spread < MONOTONE_SEMITONES)
