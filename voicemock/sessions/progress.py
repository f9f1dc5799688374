"""The numbers kept per answer for trends across sittings, taken from the analysis JSON. No SQL here (store.py)."""

from __future__ import annotations

import math
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


MISSING = "—"  # how every surface (pages, exports, terminal) shows a value the analysis does not have


def number(value: Any) -> float | None:
    """A measure read from a stored analysis document: a finite number, else None (missing, null, text, NaN)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def records(value: Any) -> list[dict[str, Any]]:
    """A list of objects read from a stored document (pauses, fillers, STAR parts...): [] when missing or null,
    and without the items that are not objects."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def section(value: Any) -> dict[str, Any]:
    """An object read from a stored document (budget, pace, star...): {} when missing, null or not an object."""
    return value if isinstance(value, dict) else {}


def is_long_pause(pause: dict[str, Any]) -> bool:
    """The analysis marks each pause "long"; older files without the mark are measured here."""
    if not isinstance(pause, dict):
        return False
    if pause.get("long") is not None:
        return bool(pause["long"])
    start, end = number(pause.get("start")), number(pause.get("end"))
    return start is not None and end is not None and end - start >= LONG_PAUSE_S


def star_completeness(star: dict[str, Any] | None) -> float | None:
    if not star or not isinstance(star, dict):
        return None
    listed = star.get("missing")
    missing = {str(m).casefold() for m in listed if m is not None} if isinstance(listed, list) else set()
    if not missing and not star.get("parts"):
        return None
    return round(sum(1 for part in STAR_PARTS if part not in missing) / len(STAR_PARTS), 3)


def _overall(analysis: dict[str, Any], scores: dict[str, float]) -> float | None:
    """The stored overall; a version 1 document (no format_version) that lacks it showed the mean of its scores."""
    if analysis.get("verdict", "ok") != "ok":
        return None
    stored = number(analysis.get("overall"))
    if stored is None and analysis.get("format_version") is None and scores:
        return round(sum(scores.values()) / len(scores), 1)
    return stored


def metrics_from_analysis(analysis: dict[str, Any]) -> AnswerMetrics:
    duration = number(analysis.get("duration_s")) or 0.0
    speaking = number(analysis.get("speaking_s")) or 0.0
    fillers = len(records(analysis.get("fillers")))
    minutes = (speaking or duration) / 60.0
    per_min = number(analysis.get("fillers_per_min"))
    verdict = section(analysis.get("budget")).get("verdict")
    verdict = verdict if isinstance(verdict, str) else None
    scores = {str(k): float(v) for k, v in section(analysis.get("scores")).items() if number(v) is not None}
    return AnswerMetrics(
        duration_s=duration,
        speaking_s=speaking,
        wpm=number(analysis.get("wpm")),
        filler_count=fillers,
        fillers_per_min=per_min if per_min is not None else (round(fillers / minutes, 2) if minutes > 0 else None),
        long_pauses=sum(1 for p in records(analysis.get("pauses")) if is_long_pause(p)),
        star_completeness=star_completeness(analysis.get("star")),
        budget_verdict=str(verdict) if verdict else None,
        on_budget=(verdict == "on_target") if verdict else None,
        scores=scores,
        overall=_overall(analysis, scores),
    )


def change(points: list[AttemptPoint], field: str) -> float | None:
    """Last minus first value of `field` across the attempts that have it (None with fewer than two)."""
    values = [getattr(p, field) for p in points if getattr(p, field) is not None]
    return round(float(values[-1]) - float(values[0]), 3) if len(values) >= 2 else None
