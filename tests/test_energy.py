"""Speech, silence and pauses from the audio energy, on real speech."""

from __future__ import annotations

import numpy as np

from tests.fixtures_analysis import RATE, join_with_silences
from voicemock.speech.audio import load_audio
from voicemock.speech.energy import Pause, find_pauses, frame_levels_db, is_speech_free, speech_regions


def test_a_pause_inserted_at_ten_seconds_is_found_there(speech_clips):
    speech = np.concatenate(speech_clips)
    lead, rest = speech[: 10 * RATE], speech[10 * RATE:]
    answer, _ = join_with_silences([lead, rest], [2.5])
    near = [p for p in find_pauses(answer, min_pause_s=1.0) if abs(p.start - 10.0) < 0.4]
    assert near, find_pauses(answer, min_pause_s=1.0)
    assert abs(near[0].duration - 2.5) < 0.5


def test_pauses_of_known_length_between_real_clips_in_room_hum(speech_clips):
    answer, truth = join_with_silences(speech_clips, [1.0, 1.75, 2.5])
    found = find_pauses(answer, min_pause_s=1.0)
    for start, end in truth:
        assert any(abs(p.start - start) < 0.35 and abs(p.end - end) < 0.35 for p in found), (start, end, found)


def test_the_noise_floor_adapts_when_the_room_gets_louder(speech_clips):
    answer, truth = join_with_silences(speech_clips[:2], [1.5], noise=0.0)
    hum = np.random.default_rng(2).normal(0, 1.0, answer.size).astype(np.float32)
    ramp = np.linspace(0.0005, 0.006, answer.size, dtype=np.float32)  # the fan comes on
    found = find_pauses(answer + hum * ramp, min_pause_s=1.0)
    (start, end), = truth
    assert any(abs(p.start - start) < 0.4 and abs(p.end - end) < 0.4 for p in found), found


def test_natural_pauses_between_read_sentences_are_found(eval_dir):
    """Open Speech Repository: ten Harvard sentences read with about a second between them."""
    samples = load_audio(eval_dir / "speech" / "osr_harvard" / "OSR_us_000_0034_8k.wav")
    between_sentences = [p for p in find_pauses(samples, min_pause_s=0.75)]
    assert len(between_sentences) == 9
    assert all(0.75 <= p.duration <= 1.6 for p in between_sentences)


def test_leading_and_trailing_silence_is_not_a_pause(speech_clips):
    silence = np.zeros(3 * RATE, dtype=np.float32)
    answer = np.concatenate([silence, speech_clips[0], silence])
    regions = speech_regions(answer)
    assert abs(regions[0][0] - 3.0) < 0.3
    assert all(p.start > regions[0][0] and p.end < regions[-1][1] for p in find_pauses(answer))


def test_silence_hum_and_nothing_are_speech_free(speech_clips):
    rng = np.random.default_rng(0)
    assert is_speech_free(np.zeros(3 * RATE, dtype=np.float32))
    assert is_speech_free(rng.normal(0, 0.02, 3 * RATE).astype(np.float32))
    assert is_speech_free(np.zeros(0, dtype=np.float32))
    assert find_pauses(np.zeros(0, dtype=np.float32)) == []
    assert not is_speech_free(speech_clips[0])


def test_frame_levels_match_the_rms_of_each_frame():
    rng = np.random.default_rng(5)
    samples = rng.normal(0, 0.1, RATE).astype(np.float32)
    samples[8000:] *= 0.01
    levels = frame_levels_db(samples)
    frames = np.lib.stride_tricks.sliding_window_view(samples, 400)[::160].astype(np.float64)
    expected = 20 * np.log10(np.sqrt(np.mean(frames ** 2, axis=1)))
    assert levels.shape == expected.shape
    assert np.max(np.abs(levels - expected)) < 1e-3
    assert Pause(1.0, 2.5).duration == 1.5
