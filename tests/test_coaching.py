"""Answer analysis: behaviour on real answers (text from star-dev, real recorded speech), never tuned scores."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from voicemock.analysis import Scorecard, analyze
from voicemock.analysis.fillers import find_fillers
from voicemock.analysis.pitch import pitch_stats
from voicemock.analysis.star import label_sentences
from voicemock.analysis.text import split_sentences
from voicemock.audio import load_audio
from voicemock.cli import main
from voicemock.plan import adhoc_question
from voicemock.transcript import Segment, Transcript, Word


@pytest.fixture(scope="module")
def star_answers(eval_dir) -> list[dict]:
    rows = [json.loads(line) for line in (eval_dir / "star-dev.jsonl").read_text().splitlines() if line.strip()]
    return [r for r in rows if r.get("labels")]


def _without(answer: dict, part: str) -> str:
    drop = " ".join(l["text"] for l in answer["labels"] if l["part"].lower() == part)
    kept = [s for s in split_sentences(answer["answer"]) if s[:30] not in drop]
    return " ".join(kept)


def test_a_labelled_answer_keeps_star_order_and_finds_all_parts(star_answers):
    for answer in star_answers:
        labels = label_sentences(split_sentences(answer["answer"]))
        order = ["situation", "task", "action", "result"]
        assert [order.index(l) for l in labels] == sorted(order.index(l) for l in labels)
        card = analyze(Transcript.from_text(answer["answer"]), adhoc_question(answer["question"]))
        assert "action" not in card.star["missing"]


def test_an_answer_without_a_result_is_told_so(star_answers):
    told = 0
    for answer in star_answers:
        card = analyze(Transcript.from_text(_without(answer, "result")), adhoc_question(answer["question"]))
        if "result" in card.star["missing"]:
            told += 1
            assert any("no Result" in tip for tip in card.tips)
    assert told >= len(star_answers) - 1


def test_text_only_analysis_has_null_timing_and_the_json_contract(star_answers):
    card = analyze(Transcript.from_text(star_answers[0]["answer"]), adhoc_question(star_answers[0]["question"]))
    data = card.to_dict()
    for key in ("transcript", "duration_s", "speaking_s", "wpm", "pauses", "fillers", "star", "budget", "tips", "scores"):
        assert key in data
    assert data["duration_s"] is None and data["wpm"] is None and data["budget"]["verdict"] is None
    assert {"text", "words"} <= set(data["transcript"])
    assert {"parts", "missing"} <= set(data["star"])
    assert all({"part", "text", "start", "end"} <= set(p) for p in data["star"]["parts"])
    assert set(data["budget"]) >= {"target_s", "min_s", "max_s", "verdict"}
    assert all(0 <= v <= 100 for v in data["scores"].values())
    assert Scorecard.from_dict(json.loads(json.dumps(data))).to_dict() == data


def test_fillers_count_only_filler_uses():
    assert find_fillers("I like Python and I would like to learn Rust.") == []
    assert [f.word for f in find_fillers("It was, like, a huge outage.")] == ["like"]
    assert [f.word for f in find_fillers("Um, we, uh, shipped it. You know, it kind of worked.")] == \
        ["um", "uh", "you know", "kind of"]
    assert find_fillers("Do you know what a kind of test that is?") == []


def test_fillers_get_the_time_of_their_word():
    words = (Word("Um,", 0.5, 0.8), Word("we", 1.6, 1.7), Word("uh", 2.0, 2.2), Word("shipped", 2.5, 2.9), Word("it.", 3.0, 3.2))
    transcript = Transcript("Um, we uh shipped it.", [Segment("Um, we uh shipped it.", 0.5, 3.2, words)], duration=4.0)
    card = analyze(transcript, adhoc_question("What did you ship?"))
    assert [(f["word"], f["start"]) for f in card.fillers] == [("um", 0.5), ("uh", 2.0)]


def test_bad_input_gets_a_clear_verdict_not_a_score():
    question = adhoc_question("Tell me about a conflict.")
    empty = analyze(Transcript.from_text(""), question)
    assert empty.verdict == "no_speech" and empty.scores == {} and "No speech" in empty.tips[0]
    one = analyze(Transcript.from_text("Yes."), question)
    assert one.verdict == "too_little" and one.scores == {}
    french = analyze(Transcript.from_text("Je travaillais dans une équipe de cinq ingénieurs et nous avions un délai très court pour livrer le produit."), question)
    assert french.verdict == "not_english" and french.scores == {}


def test_real_speech_pace_matches_the_reference_word_count(eval_dir, transcriber):
    import csv

    with open(eval_dir / "speech" / "manifest.tsv", newline="") as handle:
        rows = {r["file"]: r["transcript"] for r in csv.DictReader(handle, delimiter="\t")}
    names = sorted(n for n in rows if n.startswith("librispeech_test_clean/"))[:3]
    samples = np.concatenate([load_audio(eval_dir / "speech" / n) for n in names])
    card = analyze(transcriber.transcribe(samples), adhoc_question("Read aloud."), samples)
    reference_words = sum(len(rows[n].split()) for n in names)
    truth = reference_words * 60 / card.speaking_s
    assert abs(card.wpm - truth) / truth < 0.08
    assert card.duration_s == pytest.approx(samples.size / 16000, abs=0.05)
    assert card.pace["timeline"] and card.pitch["median_hz"]


def test_pitch_spread_tells_a_flat_voice_from_a_lively_one():
    rate = 16000
    t = np.arange(int(4 * rate)) / rate

    def voiced(f0: np.ndarray) -> np.ndarray:
        phase = 2 * np.pi * np.cumsum(f0) / rate
        signal = sum(np.sin(k * phase) / k for k in range(1, 6))
        return (0.2 * signal * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t) ** 2)).astype(np.float32)

    flat = pitch_stats(voiced(np.full(t.size, 120.0)))
    lively = pitch_stats(voiced(120 * 2 ** (6 * np.sin(2 * np.pi * 0.5 * t) / 12)))
    assert flat.monotone and abs(flat.median_hz - 120) < 5
    assert not lively.monotone and lively.spread_semitones > 3


def test_cli_analyze_transcript_and_guide_question(tmp_path, star_answers, data_home):
    text = tmp_path / "answer.txt"
    text.write_text(_without(star_answers[0], "result"))
    result = CliRunner().invoke(main, ["analyze", "--transcript", str(text), "--guide", "coursera-em-m4",
                                       "--question-id", "r3q1", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["question"]["id"] == "r3q1" and data["budget"]["target_s"] == 120
    assert "result" in data["star"]["missing"]
    missing = CliRunner().invoke(main, ["analyze", "--transcript", str(text)])
    assert missing.exit_code == 2 and "which question" in missing.output


def test_cli_analyze_audio(speech_wav, data_home):
    result = CliRunner().invoke(main, ["analyze", str(speech_wav), "--question", "Why does service matter?",
                                       "--kind", "motivation", "--budget", "30", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["wpm"] and data["transcript"]["words"] and data["structure"]["kind"] == "motivation"
    assert data["budget"]["target_s"] == 30
