"""The end of a sitting: each question's result (its best take), time spoken against the answer budgets, the
weakest question and dimension, and the questions worth a drill next.

Works on the analysis JSON contract (`duration_s`, `scores`, `overall`, `budget`) so the app, the terminal and the
store's exports all summarise the same way. The take that counts for a question is the one the candidate marked,
else the highest overall score (voicemock.sessions.attempts.best_index, as the store's index decides it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from statistics import mean
from typing import Any, Iterable

from ..interview.plan import Plan, PlannedQuestion
from .attempts import best_index, overall
from .progress import number as _number
from .progress import section

DRILL_SIZE = 3  # questions in the drill the summary offers
DRILL_BELOW = 75.0  # an answer scoring under this overall is worth drilling


@dataclass(frozen=True)
class QuestionResult:
    position: int
    question_id: str
    text: str
    kind: str
    round_number: int | None
    attempts: int  # takes kept (follow-up answers not counted)
    best_attempt: int | None  # 1-based number of the take that counts, None when unanswered
    marked: bool  # the candidate chose that take (else it is the highest-scoring one)
    duration_s: float | None
    target_s: float
    min_s: float
    max_s: float
    verdict: str | None  # the budget verdict of the take that counts
    overall: float | None
    weakest_dimension: str | None
    follow_up: str | None = None  # the interviewer's follow-up, when one was asked
    follow_up_answered: bool = False

    @property
    def answered(self) -> bool:
        return self.best_attempt is not None


@dataclass(frozen=True)
class RoundSummary:
    round_number: int | None
    round_name: str
    answered: int
    asked: int
    spoken_s: float
    budget_s: float  # the answer targets of the questions answered in this round (not the round's duration)
    on_budget: int


@dataclass(frozen=True)
class SittingSummary:
    rounds: tuple[RoundSummary, ...]
    answered: int
    asked: int
    spoken_s: float
    mean_scores: dict[str, float] = field(default_factory=dict)
    weakest_dimension: str | None = None
    questions: tuple[QuestionResult, ...] = ()
    budget_s: float = 0.0  # the answer targets of the questions answered
    budget_min_s: float = 0.0
    budget_max_s: float = 0.0
    weakest_question: QuestionResult | None = None
    drill_ids: tuple[str, ...] = ()  # the weakest questions, weakest first: a drill to start next
    best_takes: bool = False  # some question has more than one take: the best one is counted

    def to_dict(self) -> dict[str, Any]:
        return {
            "answered": self.answered,
            "asked": self.asked,
            "spoken_s": round(self.spoken_s, 1),
            "budget_s": round(self.budget_s, 1),
            "budget_min_s": round(self.budget_min_s, 1),
            "budget_max_s": round(self.budget_max_s, 1),
            "mean_scores": {k: round(v, 1) for k, v in self.mean_scores.items()},
            "weakest_dimension": self.weakest_dimension,
            "weakest_question": self.weakest_question.question_id if self.weakest_question else None,
            "drill_ids": list(self.drill_ids),
            "counts": "best take" if self.best_takes else "the only take",
            "rounds": [asdict(r) for r in self.rounds],
            "questions": [asdict(q) for q in self.questions],
        }


def _weakest(scores: dict[str, Any] | None) -> str | None:
    numeric = {k: float(v) for k, v in section(scores).items() if _number(v) is not None}
    return min(numeric, key=numeric.get) if numeric else None


def summarize_sitting(plan: Plan, analyses: Iterable[tuple[PlannedQuestion, dict[str, Any]]],
                      marked: dict[int, int] | None = None,
                      follow_ups: dict[int, tuple[str, bool]] | None = None) -> SittingSummary:
    """`analyses`: (question, analysis JSON) of every take kept, in the order they were made.
    `marked`: question position -> index (0-based, in that order) of the take the candidate chose as best.
    `follow_ups`: question position -> (the follow-up asked, whether it was answered)."""
    takes: dict[int, list[dict[str, Any]]] = {}
    for question, analysis in analyses:
        takes.setdefault(question.position, []).append(analysis)
    marked = marked or {}
    follow_ups = follow_ups or {}

    results: list[QuestionResult] = []
    chosen: dict[int, dict[str, Any]] = {}
    for q in plan.questions:
        mine = takes.get(q.position, [])
        index = best_index(mine, marked.get(q.position))
        if index is None and mine:
            index = len(mine) - 1  # no take scored (no speech): the latest stands
        best = mine[index] if index is not None else None
        if best is not None:
            chosen[q.position] = best
        probe = follow_ups.get(q.position)
        results.append(QuestionResult(
            position=q.position, question_id=q.id, text=q.text, kind=q.kind,
            round_number=q.round.number if q.round else None, attempts=len(mine),
            best_attempt=None if index is None else index + 1,
            marked=index is not None and marked.get(q.position) == index,
            duration_s=_number(best.get("duration_s")) if best else None,
            target_s=q.budget.target_s, min_s=q.budget.min_s, max_s=q.budget.max_s,
            verdict=section(best.get("budget")).get("verdict") if best else None,
            overall=overall(best), weakest_dimension=_weakest(best.get("scores")) if best else None,
            follow_up=probe[0] if probe else None, follow_up_answered=bool(probe and probe[1]),
        ))

    rounds: list[RoundSummary] = []
    keys: list[int | None] = []
    for q in plan.questions:
        key = q.round.number if q.round else None
        if key not in keys:
            keys.append(key)
    for key in keys:
        asked = [r for r in results if r.round_number == key]
        done = [r for r in asked if r.answered]
        first = next(q for q in plan.questions if (q.round.number if q.round else None) == key)
        rounds.append(RoundSummary(
            round_number=key,
            round_name=first.round.name if first.round else "Other questions",
            answered=len(done),
            asked=len(asked),
            spoken_s=sum(r.duration_s or 0.0 for r in done),
            budget_s=sum(r.target_s for r in done),
            on_budget=sum(1 for r in done if r.verdict == "on_target"),
        ))

    dimension_values: dict[str, list[float]] = {}
    for analysis in chosen.values():
        for name, value in section(analysis.get("scores")).items():
            if _number(value) is not None:
                dimension_values.setdefault(name, []).append(float(value))
    means = {name: mean(values) for name, values in dimension_values.items() if values}
    scored = sorted((r for r in results if r.overall is not None), key=lambda r: (r.overall, r.position))
    drill = [r.question_id for r in scored if r.overall < DRILL_BELOW][:DRILL_SIZE] or [r.question_id for r in scored[:1]]
    done = [r for r in results if r.answered]
    return SittingSummary(
        rounds=tuple(rounds),
        answered=len(done),
        asked=len(plan.questions),
        spoken_s=sum(r.duration_s or 0.0 for r in done),
        mean_scores=means,
        weakest_dimension=min(means, key=means.get) if means else None,
        questions=tuple(results),
        budget_s=sum(r.target_s for r in done),
        budget_min_s=sum(r.min_s for r in done),
        budget_max_s=sum(r.max_s for r in done),
        weakest_question=scored[0] if scored else None,
        drill_ids=tuple(dict.fromkeys(drill)),
        best_takes=any(r.attempts > 1 for r in results),
    )


def summarize_session(store: Any, session_id: str) -> SittingSummary:
    """The summary of a stored session: every take the index holds, the candidate's best-take marks, follow-ups."""
    from ..errors import VoicemockError

    plan = store.session_plan(session_id)
    by_position = {q.position: q for q in plan.questions}
    analyses: list[tuple[PlannedQuestion, dict[str, Any]]] = []
    marked: dict[int, int] = {}
    follow_ups: dict[int, tuple[str, bool]] = {}
    for answer in store.answers(session_id):
        question = by_position.get(answer.position)
        if question is None:
            continue
        try:
            analysis = store.load_analysis(answer)
        except VoicemockError:
            analysis = None
        if answer.is_follow_up:
            follow_ups[answer.position] = (answer.probe, analysis is not None)
            continue
        if analysis is None:
            continue
        if answer.marked_best:
            marked[answer.position] = sum(1 for q, _ in analyses if q.position == answer.position)
        analyses.append((question, analysis))
    return summarize_sitting(plan, analyses, marked, follow_ups)
