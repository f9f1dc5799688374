from voicemock.guides import find_guide
from voicemock.plan import plan_loop, plan_round
from voicemock.summary import summarize_sitting


def _analysis(duration, verdict, **scores):
    return {"duration_s": duration, "budget": {"verdict": verdict}, "scores": scores}


def test_round_summary_counts_time_against_the_round_and_finds_the_weakest_dimension():
    plan = plan_round(find_guide(), 3)
    q1, q2, _ = plan.questions
    summary = summarize_sitting(plan, [
        (q1, _analysis(50, "too_short", pacing=80, fillers=40, structure=70)),
        (q1, _analysis(130, "on_target", pacing=85, fillers=60, structure=90)),  # a retry replaces the first try
        (q2, _analysis(200, "long", pacing=75, fillers=50, structure=10)),
    ])
    (round3,) = summary.rounds
    assert round3.answered == 2 and round3.asked == 3
    assert round3.spoken_s == 330 and round3.budget_s == 60 * 60 and round3.on_budget == 1
    assert summary.weakest_dimension == "structure"
    assert summary.mean_scores["fillers"] == 55


def test_loop_summary_has_one_row_per_round_and_no_scores_means_no_weakest():
    plan = plan_loop(find_guide())
    summary = summarize_sitting(plan, [])
    assert [r.round_number for r in summary.rounds] == [1, 2, 3, 4, 5]
    assert summary.weakest_dimension is None and summary.answered == 0
