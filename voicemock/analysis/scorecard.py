"""The scorecard: every measure of one answer, a 0-100 score per dimension, and the three tips that matter most."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any



@dataclass
class Tip:
    dimension: str
    impact: float  # points of score the advice can win back
    text: str
    at_s: float | None = None  # the moment in the recording it is about
    sentence: str | None = None  # or the sentence it is about
    rejection_reason: str | None = None  # the round's common reason for rejection it relates to


@dataclass
class Scorecard:
    """JSON-ready: every field is plain data, so to_dict()/from_dict() round-trip exactly."""

    verdict: str  # "ok", or why no meaningful score was given: no_speech, too_little, not_english
    message: str
    question: dict[str, Any]
    transcript: dict[str, Any]
    duration_s: float | None
    speaking_s: float | None
    speech_s: float | None
    first_word_s: float | None
    wpm: float | None
    articulation_wpm: float | None
    pace: dict[str, Any]
    pauses: list[dict[str, Any]]
    longest_pause_s: float | None
    fillers: list[dict[str, Any]]
    fillers_per_min: float | None
    star: dict[str, Any] | None
    structure: dict[str, Any] | None
    language: dict[str, Any]
    pitch: dict[str, Any] | None
    budget: dict[str, Any]
    scores: dict[str, float]
    tip_details: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)
    round_focus: dict[str, Any] | None = None  # share of the round's looks-for and criteria touched, and those missed

    @property
    def tips(self) -> list[str]:
        return [t["text"] for t in self.tip_details]

    @property
    def overall(self) -> float | None:
        return round(sum(self.scores.values()) / len(self.scores), 1) if self.scores else None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tips"] = self.tips
        data["overall"] = self.overall
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scorecard:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

