"""The end-of-round (or end-of-loop) summary: time spent against each round's duration, and the weakest dimension.

Works on the analysis JSON contract (`duration_s`, `scores`, `budget.verdict`) so the app, the terminal and the
store's exports all summarise the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean
from typing import Any, Iterable

from .plan import Plan, PlannedQuestion


@dataclass(frozen=True)
class RoundSummary:
    round_number: int | None
    round_name: str
    answered: int
    asked: int
    spoken_s: float
    budget_s: float  # the round's duration in a loop or round sitting; the sum of answer targets otherwise
    on_budget: int


@dataclass(frozen=True)
class SittingSummary:
    rounds: tuple[RoundSummary, ...]
    answered: int
    asked: int
    spoken_s: float
    mean_scores: dict[str, float] = field(default_factory=dict)
    weakest_dimension: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "answered": self.answered,
            "asked": self.asked,
            "spoken_s": round(self.spoken_s, 1),
            "mean_scores": {k: round(v, 1) for k, v in self.mean_scores.items()},
            "weakest_dimension": self.weakest_dimension,
            "rounds": [r.__dict__ for r in self.rounds],
        }


def summarize_sitting(plan: Plan, analyses: Iterable[tuple[PlannedQuestion, dict[str, Any]]]) -> SittingSummary:
    """`analyses` holds (question, analysis JSON) for every answer kept; the last answer to a question counts."""
    latest: dict[str, tuple[PlannedQuestion, dict[str, Any]]] = {}
    for question, analysis in analyses:
        latest[question.id] = (question, analysis)

    rounds: list[RoundSummary] = []
    keys: list[int | None] = []
    for q in plan.questions:
        key = q.round.number if q.round else None
        if key not in keys:
            keys.append(key)
    for key in keys:
        asked = [q for q in plan.questions if (q.round.number if q.round else None) == key]
        done = [latest[q.id] for q in asked if q.id in latest]
        spoken = sum(float(a.get("duration_s") or 0.0) for _, a in done)
        budget = plan.round_budgets_s.get(key) if key is not None else None
        rounds.append(
            RoundSummary(
                round_number=key,
                round_name=asked[0].round.name if asked[0].round else "Other questions",
                answered=len(done),
                asked=len(asked),
                spoken_s=spoken,
                budget_s=float(budget) if budget else sum(q.budget.target_s for q in asked),
                on_budget=sum(1 for _, a in done if (a.get("budget") or {}).get("verdict") == "on_target"),
            )
        )

    dimension_values: dict[str, list[float]] = {}
    for _, analysis in latest.values():
        for name, value in (analysis.get("scores") or {}).items():
            if isinstance(value, (int, float)):
                dimension_values.setdefault(name, []).append(float(value))
    means = {name: mean(values) for name, values in dimension_values.items() if values}
    weakest = min(means, key=means.get) if means else None
    return SittingSummary(
        rounds=tuple(rounds),
        answered=len(latest),
        asked=len(plan.questions),
        spoken_s=sum(r.spoken_s for r in rounds),
        mean_scores=means,
        weakest_dimension=weakest,
    )
