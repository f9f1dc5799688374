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

from ..sessions.progress import number, records
from .timing import PACE_BAND_WPM

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
    "pace": {"band_wpm": list(PACE_BAND_WPM), "source": "", "flag": None, "timeline": []},
    "language": {"hedges": [], "repeated_phrases": [], "question_terms": [], "terms_addressed": [], "coverage": None},
    "budget": {"target_s": None, "min_s": None, "max_s": None, "verdict": None}, "scores": {},
}
_LIST_FIELDS = ("pauses", "fillers", "tip_details", "sentences", "unreliable", "caps")
_NUMBER_FIELDS = ("duration_s", "speaking_s", "speech_s", "first_word_s", "wpm", "articulation_wpm",
                  "longest_pause_s", "fillers_per_min", "overall")
_OPTIONAL_DICTS = ("star", "structure", "pitch", "round_focus", "relevance", "audio_check")
_TIP_DEFAULTS = {"dimension": "", "impact": 0.0, "text": "", "at_s": None, "sentence": None, "rejection_reason": None,
                 "evidence": ""}




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
    out["scores"] = {str(k): float(v) for k, v in out["scores"].items() if number(v) is not None}
    for name in _LIST_FIELDS:
        value = source.get(name)
        out[name] = [dict(item) if isinstance(item, dict) else item for item in value if isinstance(item, (dict, str))] \
            if isinstance(value, list) else []
    out["pauses"] = [p for p in out["pauses"] if isinstance(p, dict)]
    out["fillers"] = [f for f in out["fillers"] if isinstance(f, dict)]
    out["sentences"] = [s for s in out["sentences"] if isinstance(s, dict)]
    out["caps"] = [c for c in out["caps"] if isinstance(c, dict)]
    out["unreliable"] = [str(u) for u in out["unreliable"]]
    for name in _NUMBER_FIELDS:
        out[name] = number(source.get(name))
    for name in _OPTIONAL_DICTS:
        out[name] = dict(source[name]) if isinstance(source.get(name), dict) else None
    tips = [t for t in out["tip_details"] if isinstance(t, dict)]
    if not tips and isinstance(source.get("tips"), list):  # a document that kept only the tip texts
        tips = [{"text": str(t)} for t in source["tips"] if isinstance(t, str)]
    out["tip_details"] = [{**_TIP_DEFAULTS, **{k: v for k, v in t.items() if v is not None}} for t in tips]
    for tip in out["tip_details"]:
        tip["text"] = str(tip["text"])
        tip["evidence"] = str(tip["evidence"] or "")
    _repair_nested(out)
    if not isinstance(version, int) or version < 2:
        if out["overall"] is None and out["scores"] and out["verdict"] == "ok":
            out["overall"] = round(sum(out["scores"].values()) / len(out["scores"]), 1)
    out["format_version"] = FORMAT_VERSION
    out["tips"] = [t["text"] for t in out["tip_details"]]
    return out


_PARTS = ("situation", "task", "action", "result")


def _dicts(value: Any) -> list[dict[str, Any]]:
    """Copies of the records of a list (the caller's document is never changed)."""
    return [dict(item) for item in records(value)]


def _strs(value: Any) -> list[str]:
    return [str(item) for item in value if isinstance(item, (str, int, float)) and not isinstance(item, bool)] \
        if isinstance(value, list) else []


def _timed(items: list[dict[str, Any]], keys: tuple[str, ...], required: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Items whose time keys are numbers (or None); those missing a required number are dropped."""
    kept = []
    for item in items:
        for key in keys:
            item[key] = number(item.get(key))
        if all(item[key] is not None for key in required):
            kept.append(item)
    return kept


def _repair_nested(out: dict[str, Any]) -> None:
    """The nested lists and records every surface reads: wrong types become defaults, unusable items are dropped."""
    transcript = out["transcript"]
    transcript["text"] = transcript["text"] if isinstance(transcript.get("text"), str) else ""
    transcript["words"] = [w for w in _timed(_dicts(transcript.get("words")), ("start", "end", "probability"),
                                             ("start", "end")) if isinstance(w.get("word"), str)]
    pace = out["pace"]
    band = pace.get("band_wpm")
    pace["band_wpm"] = [float(b) for b in band] if isinstance(band, list) and len(band) == 2 and all(
        number(b) is not None for b in band) else list(PACE_BAND_WPM)
    pace["timeline"] = _timed(_dicts(pace.get("timeline")), ("start", "end", "wpm"), ("start", "end", "wpm"))
    pace["flag"] = pace["flag"] if isinstance(pace.get("flag"), str) else None
    out["pauses"] = _timed(out["pauses"], ("start", "end", "duration"), ("start", "end"))
    for pause in out["pauses"]:
        pause["duration"] = pause["duration"] if pause["duration"] is not None else round(pause["end"] - pause["start"], 2)
        pause["long"] = bool(pause["long"]) if isinstance(pause.get("long"), bool) else pause["duration"] >= 2.0
    out["fillers"] = [f for f in _timed(out["fillers"], ("start",)) if isinstance(f.get("word"), str)]
    sentences = []
    for sentence in _timed(out["sentences"], ("start", "end")):
        if isinstance(sentence.get("text"), str):
            sentence["index"] = sentence["index"] if isinstance(sentence.get("index"), int) else len(sentences)
            sentence["part"] = sentence["part"] if sentence.get("part") in _PARTS else None
            sentences.append(sentence)
    out["sentences"] = sentences
    budget = out["budget"]
    for key in ("target_s", "min_s", "max_s"):  # what is missing stays missing (None), never a made-up 0:00
        budget[key] = number(budget.get(key))
    budget["verdict"] = budget["verdict"] if isinstance(budget.get("verdict"), str) else None
    language = out["language"]
    language["hedges"] = [h for h in _dicts(language.get("hedges")) if isinstance(h.get("phrase"), str)]
    language["repeated_phrases"] = [p for p in _dicts(language.get("repeated_phrases"))
                                    if isinstance(p.get("phrase"), str) and number(p.get("count")) is not None]
    language["question_terms"] = _strs(language.get("question_terms"))
    language["terms_addressed"] = _strs(language.get("terms_addressed"))
    language["coverage"] = number(language.get("coverage"))
    star = out["star"]
    if star is not None:
        # One verdict per part. A version 1 labeller could list a part placed only by position among the parts and
        # among the missing at once; its evidence check (missing) wins. Times and shares left missing stay None.
        missing = [m for m in _strs(star.get("missing")) if m in _PARTS]
        parts = []
        for part in _dicts(star.get("parts")):
            if part.get("part") in _PARTS and part["part"] not in missing:
                for key in ("start", "end", "share"):
                    if key in part:
                        part[key] = number(part[key])
                if "text" in part and not isinstance(part["text"], str):
                    part["text"] = ""
                if "sentences" in part:
                    part["sentences"] = [i for i in part["sentences"] if isinstance(i, int) and not isinstance(i, bool)] \
                        if isinstance(part["sentences"], list) else []
                parts.append(part)
        star["parts"] = parts
        star["missing"] = missing
        star["thin"] = [t for t in _strs(star.get("thin")) if t in _PARTS]
        star["confident_missing"] = [m for m in _strs(star.get("confident_missing")) if m in missing]
        present = {p["part"] for p in parts}
        for sentence in out["sentences"]:  # a sentence is coloured only with a part judged present
            if sentence["part"] not in present:
                sentence["part"] = None
        star["presence"] = {k: float(v) for k, v in (star.get("presence") or {}).items()
                            if k in _PARTS and number(v) is not None} if isinstance(star.get("presence"), dict) else {}
        star["score"] = number(star.get("score"))
        for key in ("action_i", "action_we"):
            star[key] = int(star[key]) if number(star.get(key)) is not None else 0
        for key in ("result_quantified", "ends_on_result"):
            star[key] = star[key] if isinstance(star.get(key), bool) else True
        # Whether the answer tells a specific time (analysis/example.py); analyses from before the check told one.
        example = star.get("example") if isinstance(star.get("example"), dict) else {}
        told = example.get("told") if isinstance(example.get("told"), bool) else True
        at = example.get("sentence")
        star["example"] = {"told": told, "sentence": at if isinstance(at, int) and not isinstance(at, bool) else 0}
    structure = out["structure"]
    if structure is not None:
        structure["kind"] = structure["kind"] if isinstance(structure.get("kind"), str) else ""
        structure["steps"] = [st for st in _dicts(structure.get("steps")) if isinstance(st.get("name"), str)]
        structure["missing"] = _strs(structure.get("missing"))
        structure["score"] = number(structure.get("score")) or 0.0
    out["caps"] = [c for c in out["caps"] if isinstance(c.get("text"), str) and number(c.get("limit")) is not None]
    relevance = out["relevance"]
    if relevance is not None:
        relevance["score"] = number(relevance.get("score")) or 0.0
        relevance["on_topic"] = relevance["on_topic"] if isinstance(relevance.get("on_topic"), bool) else True
        relevance["evidence"] = relevance["evidence"] if isinstance(relevance.get("evidence"), str) else ""
        for key in ("question_terms", "terms_heard", "related_heard", "theme_terms"):
            relevance[key] = _strs(relevance.get(key))
        relevance["theme_heard"] = relevance["theme_heard"] if isinstance(relevance.get("theme_heard"), bool) else None
    check = out["audio_check"]
    if check is not None:
        check["unheard"] = _timed(_dicts(check.get("unheard")), ("start", "end"), ("start", "end"))
        check["unheard_s"] = number(check.get("unheard_s")) or round(sum(u["end"] - u["start"] for u in check["unheard"]), 1)
        check["speech_level_dbfs"] = number(check.get("speech_level_dbfs"))
        check["quiet"] = check["quiet"] if isinstance(check.get("quiet"), bool) else False
    for tip in out["tip_details"]:
        tip["at_s"] = number(tip.get("at_s"))
        tip["impact"] = number(tip.get("impact")) or 0.0
        for key in ("dimension", "sentence", "rejection_reason"):
            tip[key] = tip[key] if isinstance(tip.get(key), str) else ("" if key == "dimension" else None)
