"""Pauses and speech from the audio energy, on real speech with silences of known length inserted."""

from __future__ import annotations

import numpy as np

from voicemock.audio import load_audio
from voicemock.energy import find_pauses, is_speech_free, speech_regions

RATE = 16000


def _trimmed(samples: np.ndarray) -> np.ndarray:
    regions = speech_regions(samples)
    return samples[int(regions[0][0] * RATE): int(regions[-1][1] * RATE)]


def _clips(eval_dir, count: int) -> list[np.ndarray]:
    files = sorted((eval_dir / "speech" / "librispeech_test_clean").glob("*.wav"))[:count]
    return [_trimmed(load_audio(f)) for f in files]


def test_a_pause_inserted_at_ten_seconds_is_found_there(eval_dir):
    first, second = _clips(eval_dir, 2)
    lead = first[: 10 * RATE] if first.size >= 10 * RATE else np.concatenate([first, second[: 10 * RATE - first.size]])
    assert lead.size == 10 * RATE
    silence = np.zeros(int(2.5 * RATE), dtype=np.float32)
    answer = np.concatenate([lead, silence, second])
    pauses = [p for p in find_pauses(answer, min_pause_s=1.0)]
    near = [p for p in pauses if abs(p.start - 10.0) < 0.4]
    assert near, pauses
    assert abs(near[0].duration - 2.5) < 0.5


def test_pauses_between_real_clips_in_room_noise(eval_dir):
    clips = _clips(eval_dir, 4)
    rng = np.random.default_rng(1)
    pieces, truth, cursor = [], [], 0.0
    for i, clip in enumerate(clips):
        pieces.append(clip)
        cursor += clip.size / RATE
        if i < len(clips) - 1:
            gap = 1.0 + i * 0.75
            pieces.append(np.zeros(int(gap * RATE), dtype=np.float32))
            truth.append((cursor, cursor + gap))
            cursor += gap
    answer = np.concatenate(pieces)
    answer = answer + rng.normal(0, 0.002, answer.size).astype(np.float32)  # a quiet room hum
    found = find_pauses(answer, min_pause_s=1.0)
    for start, end in truth:
        assert any(abs(p.start - start) < 0.35 and abs(p.end - end) < 0.35 for p in found), (start, end, found)


def test_silence_and_noise_are_speech_free(eval_dir):
    rng = np.random.default_rng(0)
    assert is_speech_free(np.zeros(3 * RATE, dtype=np.float32))
    assert is_speech_free(rng.normal(0, 0.02, 3 * RATE).astype(np.float32))
    assert is_speech_free(np.zeros(0, dtype=np.float32))
    assert not is_speech_free(_clips(eval_dir, 1)[0])
