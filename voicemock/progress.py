"""The numbers kept per answer for trends across sittings, taken from the analysis JSON. No SQL here (store.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LONG_PAUSE_S = 2.0
STAR_PARTS = ("situation", "task", "action", "result")
TREND_GROUPS = ("session", "round", "kind", "question")


@dataclass(frozen=True)
class AnswerMetrics:
    duration_s: float
    speaking_s: float
    wpm: float | None
    filler_count: int
    fillers_per_min: float | None
    long_pauses: int
    star_completeness: float | None  # share of the four STAR parts present; None when not assessed
    budget_verdict: str | None
    on_budget: bool | None
    scores: dict[str, float]
    overall: float | None = None  # the analysis's stored overall (gated and capped), the number every surface shows


@dataclass(frozen=True)
class TrendRow:
    """Averages over the answers in one group (a session, a round, a question kind or one question)."""

    key: str
    label: str
    answers: int
    wpm: float | None
    fillers_per_min: float | None
    long_pauses: float | None
    star_completeness: float | None
    on_budget_share: float | None
    first_at: str
    last_at: str


@dataclass(frozen=True)
class AttemptPoint:
    """One answer to one question, in time order: several of them show whether the person improved."""

    question_id: str
    question_text: str
    session_id: str
    attempt: int
    created_at: str
    wpm: float | None
    fillers_per_min: float | None
    long_pauses: int | None
    star_completeness: float | None
    on_budget: bool | None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def is_long_pause(pause: dict[str, Any]) -> bool:
    """The analysis marks each pause "long"; older files without the mark are measured here."""
    if "long" in pause:
        return bool(pause["long"])
    start, end = _number(pause.get("start")), _number(pause.get("end"))
    return start is not None and end is not None and end - start >= LONG_PAUSE_S


def star_completeness(star: dict[str, Any] | None) -> float | None:
    if not star:
        return None
    missing = {str(m).casefold() for m in star.get("missing") or ()}
    if not missing and not star.get("parts"):
        return None
    return round(sum(1 for part in STAR_PARTS if part not in missing) / len(STAR_PARTS), 3)


def metrics_from_analysis(analysis: dict[str, Any]) -> AnswerMetrics:
    duration = _number(analysis.get("duration_s")) or 0.0
    speaking = _number(analysis.get("speaking_s")) or 0.0
    fillers = len(analysis.get("fillers") or ())
    minutes = (speaking or duration) / 60.0
    per_min = _number(analysis.get("fillers_per_min"))
    verdict = (analysis.get("budget") or {}).get("verdict")
    scores = {str(k): float(v) for k, v in (analysis.get("scores") or {}).items() if _number(v) is not None}
    return AnswerMetrics(
        duration_s=duration,
        speaking_s=speaking,
        wpm=_number(analysis.get("wpm")),
        filler_count=fillers,
        fillers_per_min=per_min if per_min is not None else (round(fillers / minutes, 2) if minutes > 0 else None),
        long_pauses=sum(1 for p in analysis.get("pauses") or () if is_long_pause(p)),
        star_completeness=star_completeness(analysis.get("star")),
        budget_verdict=str(verdict) if verdict else None,
        on_budget=(verdict == "on_target") if verdict else None,
        scores=scores,
        overall=_number(analysis.get("overall")) if analysis.get("verdict", "ok") == "ok" else None,
    )


def change(points: list[AttemptPoint], field: str) -> float | None:
    """Last minus first value of `field` across the attempts that have it (None with fewer than two)."""
    values = [getattr(p, field) for p in points if getattr(p, field) is not None]
    return round(float(values[-1]) - float(values[0]), 3) if len(values) >= 2 else None
