"""Planning a sitting: which questions, in which order, with how much time for each answer.

The time budget rule (seconds of spoken answer):

* behavioral, 1.5-3 minutes, the usual advice for a STAR story: target 120, min 90, max 180
* motivation ("why us?"), shorter: target 75, min 45, max 120
* technical_decision and strategy, a story or argument with more reasoning: target 150, min 90, max 240
* technical: target 180, min 90, max 300
* system_design, a walkthrough that fills a good share of its round: target = 15% of the round,
  at least 5 and at most 15 minutes; min = half the target; max = 1.75 x the target.

A user override sets the target; min and max keep their ratio to the target.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

from .guide import Guide, GuideError, Question, Round

_FIXED_BUDGETS: dict[str, tuple[int, int, int]] = {
    "behavioral": (120, 90, 180),
    "motivation": (75, 45, 120),
    "technical_decision": (150, 90, 240),
    "strategy": (150, 90, 240),
    "technical": (180, 90, 300),
    "self_assessment": (120, 90, 180),
    "career_summary": (120, 90, 180),
    "vision": (150, 90, 240),
}
_DESIGN_SHARE = 0.15
_DESIGN_MIN_TARGET, _DESIGN_MAX_TARGET = 300, 900
DEFAULT_ROUND_MINUTES = 45

MODES = ("loop", "round", "drill", "questions")


@dataclass(frozen=True)
class Budget:
    target_s: float
    min_s: float
    max_s: float

    def scaled_to(self, target_s: float) -> Budget:
        ratio = target_s / self.target_s
        return Budget(round(target_s, 1), round(self.min_s * ratio, 1), round(self.max_s * ratio, 1))

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


def budget_for(kind: str, round_minutes: int | None = None) -> Budget:
    """The default answer budget for a question of this kind in a round of this length."""
    if kind == "system_design":
        round_s = (round_minutes or DEFAULT_ROUND_MINUTES) * 60
        target = min(max(round_s * _DESIGN_SHARE, _DESIGN_MIN_TARGET), _DESIGN_MAX_TARGET)
        return Budget(float(round(target)), float(round(target * 0.5)), float(round(target * 1.75)))
    target, low, high = _FIXED_BUDGETS.get(kind, _FIXED_BUDGETS["behavioral"])
    return Budget(float(target), float(low), float(high))


@dataclass(frozen=True)
class PlannedQuestion:
    position: int
    question: Question
    round: Round | None
    budget: Budget

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def text(self) -> str:
        return self.question.spoken_text

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def tags(self) -> tuple[str, ...]:
        return self.question.tags

    def to_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "id": self.id,
            "text": self.text,
            "original_text": self.question.original_text or None,
            "round": self.round.number if self.round else None,
            "round_name": self.round.name if self.round else None,
            "interviewer": self.round.interviewer if self.round else None,
            "kind": self.kind,
            "tags": list(self.tags),
            "budget": self.budget.to_dict(),
        }


def adhoc_question(text: str, kind: str = "behavioral", budget_s: float | None = None, question_id: str = "adhoc") -> PlannedQuestion:
    """A question that comes from the command line rather than a guide."""
    budget = budget_for(kind)
    if budget_s:
        budget = budget.scaled_to(budget_s)
    return PlannedQuestion(1, Question(id=question_id, text=text, kind=kind), None, budget)


@dataclass(frozen=True)
class Plan:
    guide: str
    mode: str
    questions: tuple[PlannedQuestion, ...]
    round_budgets_s: dict[int, float] = field(default_factory=dict)
    seed: int | None = None
    description: str = ""

    @property
    def total_target_s(self) -> float:
        return sum(q.budget.target_s for q in self.questions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "guide": self.guide,
            "mode": self.mode,
            "description": self.description,
            "seed": self.seed,
            "round_budgets_s": {str(k): v for k, v in self.round_budgets_s.items()},
            "total_target_s": self.total_target_s,
            "questions": [q.to_dict() for q in self.questions],
        }


def _planned(pairs: Iterable[tuple[Question, Round | None]], overrides: dict[str, float] | None) -> tuple[PlannedQuestion, ...]:
    planned = []
    for position, (question, rnd) in enumerate(pairs, start=1):
        budget = budget_for(question.kind, rnd.duration_min if rnd else None)
        override = (overrides or {}).get(question.id) or (overrides or {}).get(question.kind) or (overrides or {}).get("*")
        if override:
            budget = budget.scaled_to(float(override))
        planned.append(PlannedQuestion(position, question, rnd, budget))
    return tuple(planned)


def plan_loop(guide: Guide, overrides: dict[str, float] | None = None) -> Plan:
    rounds = sorted(guide.rounds, key=lambda r: r.number)
    pairs = [(q, r) for r in rounds for q in r.questions]
    return Plan(
        guide=guide.slug,
        mode="loop",
        questions=_planned(pairs, overrides),
        round_budgets_s={r.number: r.duration_min * 60.0 for r in rounds},
        description=f"Full loop: {len(rounds)} rounds, {guide.total_minutes} min",
    )


def plan_round(guide: Guide, number: int, overrides: dict[str, float] | None = None) -> Plan:
    rnd = guide.round(number)
    return Plan(
        guide=guide.slug,
        mode="round",
        questions=_planned(((q, rnd) for q in rnd.questions), overrides),
        round_budgets_s={rnd.number: rnd.duration_min * 60.0},
        description=f"Round {rnd.number}: {rnd.name} ({rnd.duration_min} min)",
    )


def plan_drill(
    guide: Guide,
    count: int,
    tag: str | None = None,
    kind: str | None = None,
    seed: int | None = None,
    overrides: dict[str, float] | None = None,
) -> Plan:
    pool = guide.all_questions()
    if tag:
        wanted = tag.casefold()
        known = {t.casefold() for t in guide.tags()}
        if wanted not in known:
            raise GuideError(f"{guide.slug}: no question is tagged {tag!r}; tags are: {', '.join(sorted(guide.tags()))}")
        pool = [(q, r) for q, r in pool if wanted in {t.casefold() for t in q.tags}]
    if kind:
        pool = [(q, r) for q, r in pool if q.kind == kind]
        if not pool:
            raise GuideError(f"{guide.slug}: no question of kind {kind!r}")
    if count < 1:
        raise GuideError("a drill needs at least 1 question")
    if count > len(pool):
        raise GuideError(f"a drill of {count} needs more questions than the {len(pool)} that match")
    if seed is None:
        seed = random.SystemRandom().randrange(1, 10**6)
    chosen = random.Random(seed).sample(pool, count)
    from ..format import kind as kind_label

    where = [f"tagged “{tag}”" if tag else "", f"of kind {kind_label(kind).lower()}" if kind else ""]
    noun = "question" if count == 1 else "questions"
    what = " ".join(x for x in where if x) or "from the whole guide"
    return Plan(
        guide=guide.slug,
        mode="drill",
        questions=_planned(chosen, overrides),
        seed=seed,
        description=f"Drill: {count} {noun} {what}",  # the seed stays in the plan, out of the words
    )


def plan_questions(guide: Guide, question_ids: Iterable[str], overrides: dict[str, float] | None = None) -> Plan:
    ids = [qid.strip() for qid in question_ids if qid.strip()]
    if not ids:
        raise GuideError("name at least one question id")
    pairs = [guide.question(qid) for qid in ids]
    return Plan(
        guide=guide.slug,
        mode="questions",
        questions=_planned(pairs, overrides),
        description=f"{len(ids)} chosen questions",
    )

