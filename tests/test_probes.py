"""Follow-up probes: chosen from the analysis only on a confident gap, else from the guide; never on a part given."""

from voicemock.interview.guides import find_guide
from voicemock.interview.plan import plan_questions
from voicemock.interview.probes import (FOLLOW_UP_BUDGET, NO_RESULT, NO_TRADE_OFF, ONLY_WE, choose_probe,
                                        follow_up_question)

LONG = ("We had a problem with our release process and the team was unhappy about it. " * 6).strip()


def _q(qid):
    return plan_questions(find_guide(), [qid]).questions[0]


def _analysis(text=LONG, parts=("situation", "task", "action", "result"), missing=(), sentences=6, **star):
    return {"verdict": "ok", "transcript": {"text": text}, "sentences": [{}] * sentences,
            "star": {"parts": [{"part": p} for p in parts], "missing": list(missing), **star}}


def test_no_result_is_probed_only_when_the_gap_is_confident():
    q = _q("c01")  # behavioral
    assert choose_probe(q, _analysis(parts=("situation", "action"), missing=("task", "result"))).text == NO_RESULT
    # The analysis says how sure it is: a missing result it is not sure of gets no result probe.
    unsure = _analysis(parts=("situation", "action"), missing=("result",), confident_missing=[])
    assert choose_probe(q, unsure).reason != "no_result"
    assert choose_probe(q, _analysis(missing=("result",), confident_missing=["result"])).text == NO_RESULT
    # Without the analysis's confidence, a short answer is too little to be sure of an absence.
    short = _analysis(text="We fixed it together.", parts=("action",), missing=("result",), sentences=1)
    assert choose_probe(q, short).reason == "guide"
    # A result given is never asked for.
    assert choose_probe(q, _analysis(missing=())).reason != "no_result"


def test_only_we_in_the_action_asks_what_the_candidate_did():
    q = _q("c08")
    assert choose_probe(q, _analysis(action_we=4, action_i=0)).text == ONLY_WE
    assert choose_probe(q, _analysis(action_we=4, action_i=1)).reason == "guide"


def test_a_design_answer_without_a_trade_off_is_asked_what_was_given_up():
    q = _q("r2q1")  # system design
    assert choose_probe(q, _analysis()).text == NO_TRADE_OFF
    weighed = _analysis(text=LONG + " We chose a cache instead of a second database, a trade-off on freshness.")
    assert choose_probe(q, weighed).reason == "guide"


def test_guide_follow_ups_are_chosen_deterministically_and_unscored_answers_get_none():
    q = _q("r1q2")  # two follow-ups in the guide
    first = choose_probe(q, _analysis(text="I have led teams for years."))
    assert first.source == "guide" and first.text in q.question.follow_ups
    assert choose_probe(q, _analysis(text="I have led teams for years.")) == first
    # The follow-up about what the answer already covered (team size and organisation) gives way to the other one.
    covered = choose_probe(q, _analysis(text="My largest team had twelve engineers organised in two squads."))
    assert covered.text == q.question.follow_ups[1]
    assert choose_probe(q, {"verdict": "no_speech", "transcript": {"text": ""}}) is None


def test_every_question_of_the_shipped_guide_has_follow_ups_and_a_follow_up_is_a_short_answer():
    guide = find_guide()
    assert all(q.follow_ups for q, _ in guide.all_questions())
    q = _q("r3q1")
    follow = follow_up_question(q, "What did they say back?")
    assert (follow.position, follow.id, follow.kind, follow.text) == (q.position, q.id, "follow_up", "What did they say back?")
    assert follow.budget == FOLLOW_UP_BUDGET and follow.budget.max_s < q.budget.min_s * 2


def test_an_answer_that_tells_no_example_is_asked_for_one_first():
    from voicemock.interview.probes import NO_EXAMPLE

    q = _q("c01")
    no_example = _analysis(parts=(), missing=("situation", "task", "action", "result"), confident_missing=["result"],
                           example={"told": False, "sentence": 0})
    assert choose_probe(q, no_example).text == NO_EXAMPLE
    # Older analyses have no such field: they told one, as far as anyone knows.
    assert choose_probe(q, _analysis(missing=("result",), confident_missing=["result"])).text == NO_RESULT


def test_a_follow_up_answer_is_checked_for_what_the_probe_asked_not_for_a_whole_story():
    """"What was the outcome?" answered with the outcome is a good answer, though it says neither "outcome" nor a
    Situation: it is not capped as off the question nor told its STAR parts are missing."""
    from voicemock.analysis import analyze
    from voicemock.analysis.paced import paced_transcript
    from voicemock.interview.probes import ONLY_WE

    q = _q("r3q1")
    good = analyze(paced_transcript("Pages dropped to about one a week, and nobody asked to leave the team after that."),
                   follow_up_question(q, NO_RESULT))
    assert good.star is None and good.relevance is None and good.structure["missing"] == []
    assert not any(c["reason"] == "off_topic" for c in good.caps) and good.round_focus is None
    crisp = analyze(paced_transcript("Pages dropped to about one a week."), follow_up_question(q, NO_RESULT))
    assert crisp.duration_s < 5 and not crisp.caps and crisp.overall >= 70  # a whole answer to "what was the outcome?"
    assert not any(t["dimension"] == "length" and "under half" in t["text"] for t in crisp.tip_details)
    vague = analyze(paced_transcript("Honestly it is hard to say what changes, we still work on it every single day."),
                    follow_up_question(q, NO_RESULT))
    assert vague.structure["missing"] == ["give the outcome"]
    assert any(t["text"].startswith("The follow-up asked you to give the outcome") for t in vague.tip_details)
    assert [c["reason"] for c in vague.caps] == ["incomplete"] and "asked you to give the outcome" in vague.caps[0]["text"]
    went_well = analyze(paced_transcript("I think it worked out okay in the end, and everyone was happy."),
                        follow_up_question(q, NO_RESULT))
    assert went_well.structure["missing"] == ["give the outcome"] and went_well.overall <= 60
    we = analyze(paced_transcript("We talked about it as a team and the team decided together what to change next."),
                 follow_up_question(q, ONLY_WE))
    assert we.structure["missing"] == ["say what you did yourself"]
