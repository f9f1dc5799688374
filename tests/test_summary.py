"""The end-of-sitting summary: best takes, time against the answer budgets, weakest question and dimension, drill."""

from voicemock.interview.guides import find_guide
from voicemock.interview.plan import plan_loop, plan_round
from voicemock.sessions.summary import summarize_sitting


def _analysis(duration, verdict, **scores):
    return {"duration_s": duration, "budget": {"verdict": verdict}, "scores": scores}


def test_round_summary_counts_the_best_take_against_the_answer_budgets_and_finds_the_weakest():
    plan = plan_round(find_guide(), 3)
    q1, q2, q3 = plan.questions
    summary = summarize_sitting(plan, [
        (q1, _analysis(130, "on_target", pacing=85, fillers=60, structure=90)),  # the best take of q1 ...
        (q1, _analysis(50, "too_short", pacing=80, fillers=40, structure=70)),  # ... though a retry came later
        (q2, _analysis(200, "long", pacing=75, fillers=50, structure=10)),
    ])
    (round3,) = summary.rounds
    assert round3.answered == 2 and round3.asked == 3
    # Time spoken against the targets of the answers given, not the round's 60 minutes.
    assert round3.spoken_s == 330 and round3.budget_s == q1.budget.target_s + q2.budget.target_s
    assert round3.on_budget == 1 and summary.best_takes
    assert summary.budget_s == round3.budget_s and summary.budget_max_s == q1.budget.max_s + q2.budget.max_s
    assert summary.weakest_dimension == "structure"
    assert summary.mean_scores["fillers"] == 55
    first, second, third = summary.questions
    assert (first.attempts, first.best_attempt, first.marked, first.duration_s) == (2, 1, False, 130)
    assert (second.best_attempt, second.weakest_dimension) == (1, "structure")
    assert not third.answered and third.overall is None
    assert summary.weakest_question.question_id == q2.id
    assert summary.drill_ids[0] == q2.id and q3.id not in summary.drill_ids

    # The candidate marks the shorter take as the best: it is the one that counts.
    marked = summarize_sitting(plan, [
        (q1, _analysis(130, "on_target", pacing=85, fillers=60, structure=90)),
        (q1, _analysis(50, "too_short", pacing=80, fillers=40, structure=70)),
    ], marked={q1.position: 1})
    assert (marked.questions[0].best_attempt, marked.questions[0].marked, marked.spoken_s) == (2, True, 50)


def test_loop_summary_has_one_row_per_round_and_no_scores_means_no_weakest():
    plan = plan_loop(find_guide())
    summary = summarize_sitting(plan, [])
    assert [r.round_number for r in summary.rounds] == [1, 2, 3, 4, 5]
    assert summary.weakest_dimension is None and summary.answered == 0
    assert summary.weakest_question is None and summary.drill_ids == () and not summary.best_takes
