"""The scorecard: JSON contract and round trip, budgets, bad input, other question kinds, pitch, tips."""

from __future__ import annotations

import json

import numpy as np
import pytest

from voicemock.analysis import Scorecard, analyze, format_scorecard
from voicemock.analysis.pitch import pitch_stats
from voicemock.analysis.timing import length_verdict
from voicemock.interview.guide import Question, Round
from voicemock.interview.plan import Budget, PlannedQuestion, adhoc_question, budget_for
from voicemock.speech.transcript import Transcript

CONTRACT = ("transcript", "duration_s", "speaking_s", "wpm", "pauses", "fillers", "star", "budget", "tips", "scores")


def test_text_only_analysis_has_null_timing_and_keeps_the_json_contract(star_answers):
    card = analyze(Transcript.from_text(star_answers[0]["answer"]), adhoc_question(star_answers[0]["question"]))
    data = card.to_dict()
    assert set(CONTRACT) <= set(data)
    assert data["duration_s"] is None and data["wpm"] is None and data["budget"]["verdict"] is None
    assert {"text", "words"} <= set(data["transcript"])
    assert {"parts", "missing"} <= set(data["star"])
    assert all({"part", "text", "start", "end"} <= set(p) for p in data["star"]["parts"])
    assert set(data["budget"]) >= {"target_s", "min_s", "max_s", "verdict"}
    assert data["scores"] and all(0 <= v <= 100 for v in data["scores"].values())
    assert 1 <= len(data["tips"]) <= 3 and all(isinstance(t, str) for t in data["tips"])
    assert Scorecard.from_dict(json.loads(json.dumps(data))).to_dict() == data


@pytest.mark.parametrize("seconds,verdict", [(60, "too_short"), (120, "on_target"), (170, "long"), (200, "over_limit")])
def test_length_verdicts_against_the_budget(seconds, verdict):
    assert length_verdict(seconds, budget_for("behavioral")) == verdict


def test_bad_input_gets_a_clear_verdict_not_a_score():
    question = adhoc_question("Tell me about a conflict.")
    empty = analyze(Transcript.from_text(""), question)
    assert empty.verdict == "no_speech" and empty.scores == {} and "No speech" in empty.tips[0]
    silent = analyze(Transcript(text="", speech_found=False, duration=5.0), question, np.zeros(5 * 16000, np.float32))
    assert silent.verdict == "no_speech" and silent.scores == {}
    one = analyze(Transcript.from_text("Yes."), question)
    assert one.verdict == "too_little" and one.scores == {} and "word" in one.tips[0]
    french = analyze(Transcript.from_text("Je travaillais dans une équipe de cinq ingénieurs et nous avions un délai "
                                          "très court pour livrer le produit."), question)
    assert french.verdict == "not_english" and french.scores == {}
    for card in (empty, one, french):
        assert Scorecard.from_dict(card.to_dict()).verdict == card.verdict
        format_scorecard(card)


def _design_question() -> PlannedQuestion:
    rnd = Round(number=2, name="System design", kind="system_design", difficulty="hard", duration_min=60,
                interviewer="Staff engineer", looks_for=("Scalability thinking", "Data modelling"),
                evaluation_criteria=("Trade-off reasoning",),
                rejection_reasons=("Jumps to a solution without clarifying requirements",))
    question = Question(id="r2q1", text="Design a URL shortener.", kind="system_design")
    return PlannedQuestion(1, question, rnd, budget_for("system_design", 60))


def test_a_design_answer_that_skips_requirements_and_trade_offs_is_told_so():
    answer = ("I would put a load balancer in front of stateless API servers. The service writes each short code "
              "to a database and a cache serves the hot links. For the data model, the schema is a code, the long "
              "URL and an owner, sharded by the code. Reads go to replicas.")
    card = analyze(Transcript.from_text(answer), _design_question())
    assert card.star is None and card.structure["kind"] == "system_design"
    assert "clarify requirements" in card.structure["missing"] and "weigh trade-offs" in card.structure["missing"]
    assert "sketch the high-level design" not in card.structure["missing"]
    assert card.round_focus is not None and card.round_focus["coverage"] < 1
    assert any("clarify requirements" in tip for tip in card.tips)


def test_a_motivation_answer_is_checked_for_the_company_and_the_role():
    answer = ("I have always cared about education, and your platform reaches millions of learners. In this role I "
              "would lead a team that builds the product I use myself, and I hope to grow as a manager here.")
    card = analyze(Transcript.from_text(answer), adhoc_question("Why do you want to work here?", kind="motivation"))
    assert card.structure["kind"] == "motivation" and card.structure["missing"] == []


def test_a_strategy_answer_that_states_its_method_is_not_told_to_state_a_principle():
    """A principle told as what the speaker does first ("I first make every request visible...") is one."""
    answer = ("To prioritize, I first make every request visible in one backlog, then I score each item by its impact "
              "on our quarterly goals. For example, last quarter we compared the numbers and shipped the login fix "
              "first, which reduced support tickets.")
    question = adhoc_question("How do you prioritize work when faced with competing demands?", kind="strategy")
    card = analyze(Transcript.from_text(answer), question)
    assert card.structure["missing"] == []
    spoken = analyze(Transcript.from_text("I map every project to a company goal. For example, last year we shipped "
                                          "a reminder email and completion went up 3%, which we reported to the "
                                          "business."), question)
    assert "show the outcome" not in spoken.structure["missing"]  # Whisper writes "3%"
    generic = analyze(Transcript.from_text("Prioritization is really important. Every team should do it."), question)
    assert "state a clear principle" in generic.structure["missing"]


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


def test_a_budget_override_scales_the_limits():
    budget = adhoc_question("Why us?", kind="motivation", budget_s=30).budget
    assert budget == Budget(30.0, 18.0, 48.0)


def test_the_round_focus_checks_topics_not_qualities_shown_in_how_one_answers():
    """'Clear communication' or 'Executive presence' is shown by how one answers (the delivery dimensions), so the
    round focus never asks a candidate to say those words; a topic it misses gets the round's reason for rejection
    that shares its words, not one picked by the tip's dimension."""
    from dataclasses import replace

    from voicemock.analysis.structure import looks_for_coverage
    from voicemock.analysis.tips import rejection_reason_about

    rnd = Round(number=1, name="Recruiter screen", kind="HR Screen", difficulty="medium", duration_min=45,
                interviewer="Recruiter", looks_for=("Clear communication", "Executive presence", "Cultural fit"),
                evaluation_criteria=("Basic understanding of management principles",),
                rejection_reasons=("Inability to provide specific examples of leadership",
                                   "Poor understanding of people management principles"))
    question = PlannedQuestion(1, Question(id="r1q2", text="Tell me about your experience as a manager.",
                                           kind="behavioral"), rnd, budget_for("behavioral", 45))
    assert looks_for_coverage("I ran the platform team for three years.", question) == (
        0.0, ("Basic understanding of management principles",))
    assert looks_for_coverage("I managed two teams for three years.", question) == (1.0, ())  # managed: management
    assert rejection_reason_about("Basic understanding of management principles", question) == (
        "Poor understanding of people management principles")
    only_qualities = replace(question, round=replace(rnd, evaluation_criteria=()))
    assert looks_for_coverage("Anything at all.", only_qualities) == (None, ())


def test_a_typed_list_is_read_item_by_item():
    """A pasted answer of bullet points with no full stops was one run-on sentence, and its Action went missing. Each
    item (a bullet, a number, a paragraph) now ends a sentence; a hard-wrapped paragraph stays one."""
    from voicemock.analysis.text import split_sentences

    bullets = ("- last year our team missed two release dates in a row\n- I was asked to fix our planning process\n"
               "- I introduced weekly estimation sessions and split epics into smaller stories\n"
               "- I also started tracking cycle time on a dashboard\n"
               "- the next three releases shipped on time and cycle time fell by 30 percent\n")
    transcript = Transcript.from_text(bullets)
    assert split_sentences(transcript.text) == split_sentences(bullets) == [
        "Last year our team missed two release dates in a row.", "I was asked to fix our planning process.",
        "I introduced weekly estimation sessions and split epics into smaller stories.",
        "I also started tracking cycle time on a dashboard.",
        "The next three releases shipped on time and cycle time fell by 30 percent."]
    card = analyze(transcript, adhoc_question("Tell me about a time you improved how your team plans its work."))
    assert card.star["missing"] == [] and [s["part"] for s in card.sentences][-1] == "result"
    assert split_sentences("1. Fixed it\n2) Shipped it\n\nThen we rested") == ["Fixed it.", "Shipped it.",
                                                                                 "Then we rested."]
    assert split_sentences("We moved the\nbuild to a new\nserver. It - mostly - worked") == [
        "We moved the build to a new server.", "It - mostly - worked"]
