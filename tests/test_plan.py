"""Planning sittings: modes, budgets by rule, overrides, and clear refusals."""

from __future__ import annotations

import pytest

from voicemock.interview.guide import GuideError
from voicemock.interview.guides import find_guide
from voicemock.interview.plan import adhoc_question, budget_for, plan_drill, plan_loop, plan_questions, plan_round


@pytest.fixture(scope="module")
def guide():
    return find_guide()


def test_behavioral_budget_is_the_usual_star_length():
    budget = budget_for("behavioral")
    assert (budget.min_s, budget.target_s, budget.max_s) == (90, 120, 180)


def test_system_design_is_longer_and_grows_with_the_round():
    short, long = budget_for("system_design", 30), budget_for("system_design", 60)
    assert short.target_s >= 300 and long.target_s > short.target_s > budget_for("behavioral").max_s
    assert budget_for("system_design", 600).target_s == 900


def test_loop_covers_every_round_in_order_with_round_budgets(guide):
    plan = plan_loop(guide)
    assert [q.round.number for q in plan.questions] == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5]
    assert sum(plan.round_budgets_s.values()) == 270 * 60
    assert [q.position for q in plan.questions] == list(range(1, 16))


def test_round_plan_and_unknown_round(guide):
    plan = plan_round(guide, 3)
    assert [q.id for q in plan.questions] == ["r3q1", "r3q2", "r3q3"]
    with pytest.raises(GuideError, match="no round 9"):
        plan_round(guide, 9)


def test_drill_is_reproducible_with_a_seed_and_filters_by_tag(guide):
    first = plan_drill(guide, 4, tag="strategy", seed=7)
    assert first.description == "Drill: 4 questions tagged “strategy”" and first.seed == 7  # words, not the seed
    again = plan_drill(guide, 4, tag="Strategy", seed=7)
    assert [q.id for q in first.questions] == [q.id for q in again.questions]
    assert all("Strategy" in q.tags for q in first.questions)
    seeds = {tuple(q.id for q in plan_drill(guide, 4, seed=s).questions) for s in range(5)}
    assert len(seeds) > 1


def test_drill_refuses_more_than_the_pool_and_unknown_tags(guide):
    with pytest.raises(GuideError, match="needs more questions"):
        plan_drill(guide, 50)
    with pytest.raises(GuideError, match="no question is tagged"):
        plan_drill(guide, 1, tag="cooking")


def test_questions_by_id_and_overrides(guide):
    plan = plan_questions(guide, ["r5q3", "c01"], overrides={"*": 60})
    assert [q.id for q in plan.questions] == ["r5q3", "c01"]
    assert plan.questions[0].budget.target_s == 60 and plan.questions[0].budget.max_s == 90
    with pytest.raises(GuideError, match="no question with id 'zz'"):
        plan_questions(guide, ["zz"])


def test_adhoc_question_budget_override():
    q = adhoc_question("Why us?", kind="motivation", budget_s=100)
    assert q.budget.target_s == 100 and q.budget.min_s < 100 < q.budget.max_s
