"""The scorecard: every measure of one answer, a 0-100 score per dimension, the overall score with its caps, and the
three tips that matter most, each with its evidence.

`Scorecard.to_dict()` is the analysis document (analysis.json); `format_version` says which shape it has.
`upgrade()` brings any older or damaged document to the current shape by filling defaults, so every surface can read
it: version 1 (no `format_version`) had no stored `overall`, `caps`, `unreliable`, `relevance`, `audio_check` or tip
`evidence`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

FORMAT_VERSION = 2


@dataclass
class Tip:
    dimension: str
    impact: float  # points of score the advice can win back
    text: str
    at_s: float | None = None  # the moment in the recording it is about
    sentence: str | None = None  # or the sentence it is about
    rejection_reason: str | None = None  # the round's common reason for rejection it relates to
    evidence: str = ""  # what in the answer the tip is about: "At 0:42: 'we just kind of fixed it'"


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
    scores: dict[str, float]  # the dimensions that could be scored reliably
    tip_details: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)
    round_focus: dict[str, Any] | None = None  # share of the round's looks-for and criteria touched, and those missed
    relevance: dict[str, Any] | None = None  # does the answer address the question (analysis/relevance.py)
    audio_check: dict[str, Any] | None = None  # speech the transcript lacks, and the recording's speech level
    unreliable: list[str] = field(default_factory=list)  # dimensions not scored because part of the speech was not heard
    overall: float | None = None  # the weighted mean of `scores`, then capped (see `caps`)
    caps: list[dict[str, Any]] = field(default_factory=list)  # [{"reason", "limit", "text"}]: what held the overall down
    format_version: int = FORMAT_VERSION

    @property
    def tips(self) -> list[str]:
        return [t["text"] for t in self.tip_details]

    @property
    def filler_count(self) -> int:
        return len(self.fillers)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tips"] = self.tips
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scorecard:
        upgraded = upgrade(data)
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in upgraded.items() if k in names})


# --------------------------------------------------------------------------- older documents

_DICT_DEFAULTS: dict[str, Any] = {
    "question": {}, "transcript": {"text": "", "words": [], "model": "", "language": "en"},
    "pace": {"band_wpm": [], "source": "", "flag": None, "timeline": []},
    "language": {"hedges": [], "repeated_phrases": [], "question_terms": [], "terms_addressed": [], "coverage": None},
    "budget": {"target_s": 0.0, "min_s": 0.0, "max_s": 0.0, "verdict": None}, "scores": {},
}
_LIST_FIELDS = ("pauses", "fillers", "tip_details", "sentences", "unreliable", "caps")
_NUMBER_FIELDS = ("duration_s", "speaking_s", "speech_s", "first_word_s", "wpm", "articulation_wpm",
                  "longest_pause_s", "fillers_per_min", "overall")
_OPTIONAL_DICTS = ("star", "structure", "pitch", "round_focus", "relevance", "audio_check")
_TIP_DEFAULTS = {"dimension": "", "impact": 0.0, "text": "", "at_s": None, "sentence": None, "rejection_reason": None,
                 "evidence": ""}


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def upgrade(data: Any) -> dict[str, Any]:
    """Any analysis document (version 1 had no `format_version`; keys may be missing or null) in the current shape.

    Missing or wrongly typed values get their defaults; nothing present and well-formed is changed, except that a
    version 1 document's overall (then the plain mean of its scores, not stored) is computed as version 1 showed it."""
    source = dict(data) if isinstance(data, dict) else {}
    version = source.get("format_version")
    out: dict[str, Any] = dict(source)
    out["verdict"] = source.get("verdict") if isinstance(source.get("verdict"), str) else "ok"
    out["message"] = source.get("message") if isinstance(source.get("message"), str) else ""
    for name, default in _DICT_DEFAULTS.items():
        value = source.get(name)
        out[name] = {**default, **value} if isinstance(value, dict) else dict(default)
    out["scores"] = {str(k): float(v) for k, v in out["scores"].items() if _number(v) is not None}
    for name in _LIST_FIELDS:
        value = source.get(name)
        out[name] = [item for item in value if isinstance(item, (dict, str))] if isinstance(value, list) else []
    out["pauses"] = [p for p in out["pauses"] if isinstance(p, dict)]
    out["fillers"] = [f for f in out["fillers"] if isinstance(f, dict)]
    out["sentences"] = [s for s in out["sentences"] if isinstance(s, dict)]
    out["caps"] = [c for c in out["caps"] if isinstance(c, dict)]
    out["unreliable"] = [str(u) for u in out["unreliable"]]
    for name in _NUMBER_FIELDS:
        out[name] = _number(source.get(name))
    for name in _OPTIONAL_DICTS:
        out[name] = source.get(name) if isinstance(source.get(name), dict) else None
    tips = [t for t in out["tip_details"] if isinstance(t, dict)]
    if not tips and isinstance(source.get("tips"), list):  # a document that kept only the tip texts
        tips = [{"text": str(t)} for t in source["tips"] if isinstance(t, str)]
    out["tip_details"] = [{**_TIP_DEFAULTS, **{k: v for k, v in t.items() if v is not None}} for t in tips]
    for tip in out["tip_details"]:
        tip["text"] = str(tip["text"])
        tip["evidence"] = str(tip["evidence"] or "")
    if not isinstance(version, int) or version < 2:
        if out["overall"] is None and out["scores"] and out["verdict"] == "ok":
            out["overall"] = round(sum(out["scores"].values()) / len(out["scores"]), 1)
    out["format_version"] = FORMAT_VERSION
    out["tips"] = [t["text"] for t in out["tip_details"]]
    return out
