"""The whole analysis on real recorded speech through the real tiny.en model."""

from __future__ import annotations

import numpy as np
import pytest

from tests.fixtures_analysis import RATE, join_with_silences
from tests.fixtures_speech import eval_manifest
from voicemock.analysis import analyze
from voicemock.interview.plan import adhoc_question


@pytest.fixture(scope="module")
def read_answer(eval_dir, speech_clips, transcriber):
    """Four real clips with silences of 1.2 s and 2.5 s inserted at known places, transcribed for real."""
    samples, truth = join_with_silences(speech_clips, [0.6, 2.5, 1.2])
    return samples, truth, transcriber.transcribe(samples)


def test_pace_matches_the_reference_word_count(eval_dir, read_answer):
    samples, _, transcript = read_answer
    manifest = eval_manifest(eval_dir)
    files = sorted(n for n in manifest if n.startswith("librispeech_test_clean/"))
    files += sorted(n for n in manifest if n.startswith("librivox_pocketsphinx/"))
    reference_words = sum(len(manifest[n].split()) for n in files[:4])
    card = analyze(transcript, adhoc_question("Read aloud.", budget_s=60), samples)
    truth = reference_words * 60 / (samples.size / RATE)  # the clips are trimmed: speaking time is the whole answer
    assert abs(card.wpm - truth) / truth < 0.08
    assert card.duration_s == pytest.approx(samples.size / RATE, abs=0.05)
    assert card.articulation_wpm > card.wpm
    assert card.pace["timeline"] and all(w["wpm"] > 0 for w in card.pace["timeline"])


def test_inserted_silences_are_the_long_pauses_and_the_tip_points_at_the_longest(read_answer):
    samples, truth, transcript = read_answer
    card = analyze(transcript, adhoc_question("Read aloud.", budget_s=60), samples)
    long_pauses = [p for p in card.pauses if p["long"]]
    (start, end), = [t for t in truth if t[1] - t[0] >= 2.0]
    assert len(long_pauses) == 1 and abs(long_pauses[0]["start"] - start) < 0.35
    assert card.longest_pause_s == pytest.approx(end - start, abs=0.5)
    assert any(abs(p["start"] - truth[2][0]) < 0.35 for p in card.pauses)
    assert card.pitch["median_hz"] and card.pitch["spread_semitones"] > 0
    assert set(card.scores) >= {"length", "pacing", "pauses", "fillers", "language", "delivery"}


def test_a_silent_recording_is_told_no_speech(transcriber):
    samples = np.random.default_rng(0).normal(0, 0.001, 4 * RATE).astype(np.float32)
    card = analyze(transcriber.transcribe(samples), adhoc_question("Tell me about yourself."), samples)
    assert card.verdict == "no_speech" and card.scores == {}
