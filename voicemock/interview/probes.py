"""Spoken follow-up probes, chosen without a language model: what a real interviewer asks next.

Pure: from an answer's analysis (the JSON contract of voicemock.analysis) and its question to at most one `Probe`.
A probe asking for a part the candidate has already given is worse than no probe, so the analysis-driven probes
fire only on a confident gap; otherwise the guide's own `follow_ups` for the question are used.

The follow-up answer is a short answer: it is stored at its question's position with the probe's text
(`Store.insert_answer` reads `probe` from answer.json) and scored against `follow_up_question()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..analysis import STAR_KINDS
from ..analysis.example import example_told
from ..analysis.structure import FOLLOW_UP_KIND, TRADE_OFF
from ..sessions.progress import records, section
from .plan import Budget, PlannedQuestion

NO_RESULT = "What was the outcome, and how did you measure it?"
NO_EXAMPLE = "Can you give me a specific example, a time you actually did this?"
ONLY_WE = "What did you personally do?"
NO_TRADE_OFF = "What did you give up, and why?"

# A short answer. "Pages dropped to about one a week" (3 s) answers "What was the outcome?" in full: with a 15 s minimum
# it was capped at 50 and told to "give a full answer"; now only an answer under 2.5 s is.
FOLLOW_UP_BUDGET = Budget(target_s=30.0, min_s=5.0, max_s=90.0)
TRADE_OFF_KINDS = ("system_design", "technical_decision")
# Without the analysis's own confidence (star.confident_missing), a missing part is trusted only in an answer
# long enough for its absence to mean something.
FALLBACK_MIN_WORDS = 60
FALLBACK_MIN_SENTENCES = 4
ONLY_WE_MIN = 2  # "we" this many times in the Action, and "I" never
_WORD = re.compile(r"[a-z0-9']+")
_COMMON = frozenset(
    "a an and are as at be by did do does for from had has have how i in is it its me my of on or so that the "
    "their them then there they this to was we were what when which who why with would you your".split()
)


@dataclass(frozen=True)
class Probe:
    text: str
    reason: str  # no_example | no_result | only_we | no_trade_off | guide
    source: str  # "analysis" or "guide"

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason, "source": self.source}


def confident_missing(analysis: dict[str, Any]) -> tuple[str, ...]:
    """STAR parts safely absent: the analysis's `star.confident_missing` when it gives one; otherwise `star.missing`
    only when the answer is long enough for an absence to be telling."""
    star = section(analysis.get("star"))
    if "confident_missing" in star:
        return _names(star.get("confident_missing"))
    sentences = analysis.get("sentences") if isinstance(analysis.get("sentences"), list) else []
    if len(_WORD.findall(_said(analysis).lower())) < FALLBACK_MIN_WORDS or len(sentences) < FALLBACK_MIN_SENTENCES:
        return ()
    return _names(star.get("missing"))


def _names(value) -> tuple[str, ...]:
    return tuple(str(v) for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _said(analysis: dict[str, Any]) -> str:
    text = section(analysis.get("transcript")).get("text")
    return text if isinstance(text, str) else ""


def _action_only_we(analysis: dict[str, Any]) -> bool:
    star = section(analysis.get("star"))
    present = {p.get("part") for p in records(star.get("parts"))}
    we, i = star.get("action_we"), star.get("action_i")
    return ("action" in present and isinstance(we, int) and isinstance(i, int) and not isinstance(we, bool)
            and we >= ONLY_WE_MIN and i == 0)


def _has_trade_off(analysis: dict[str, Any]) -> bool:
    for step in records(section(analysis.get("structure")).get("steps")):
        if "trade" in str(step.get("name", "")) and step.get("covered") is True:
            return True
    return bool(TRADE_OFF.search(_said(analysis)))


def _content(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _COMMON and len(w) > 2}


def guide_follow_up(question: PlannedQuestion, analysis: dict[str, Any]) -> str | None:
    """The guide's follow-up that the answer has said least about (fewest shared content words); the first on a tie."""
    options = list(question.question.follow_ups)
    if not options:
        return None
    said = _content(_said(analysis))
    return min(options, key=lambda text: (len(_content(text) & said), options.index(text)))


def choose_probe(question: PlannedQuestion, analysis: dict[str, Any]) -> Probe | None:
    """At most one follow-up for this answer, always the same for the same analysis. None for an answer that was
    not scored (no speech, too little, not English): the candidate should answer again, not be probed."""
    if (analysis.get("verdict") or "ok") != "ok":
        return None
    kind = question.kind
    star = section(analysis.get("star"))
    if kind in STAR_KINDS and star and not example_told(star):
        return Probe(NO_EXAMPLE, "no_example", "analysis")
    if kind in STAR_KINDS and "result" in confident_missing(analysis):
        return Probe(NO_RESULT, "no_result", "analysis")
    if kind in STAR_KINDS and _action_only_we(analysis):
        return Probe(ONLY_WE, "only_we", "analysis")
    if kind in TRADE_OFF_KINDS and not _has_trade_off(analysis) and _long_enough(analysis):
        return Probe(NO_TRADE_OFF, "no_trade_off", "analysis")
    text = guide_follow_up(question, analysis)
    return Probe(text, "guide", "guide") if text else None


def _long_enough(analysis: dict[str, Any]) -> bool:
    return len(_WORD.findall(_said(analysis).lower())) >= FALLBACK_MIN_WORDS


def follow_up_question(question: PlannedQuestion, probe_text: str) -> PlannedQuestion:
    """The follow-up as a question of its own, to score its answer: same position, a short budget, and the kind
    `FOLLOW_UP_KIND`. Its answer is one part of the story, not a whole one: the analysis checks that it gives what
    the probe asked for (`analysis.structure`), not the STAR parts or the relevance to the probe's few words (a good
    answer to "What was the outcome?" rarely says "outcome")."""
    asked = replace(question.question, text=probe_text, kind=FOLLOW_UP_KIND, original_text="", placeholders=(),
                    follow_ups=())
    return replace(question, question=asked, budget=FOLLOW_UP_BUDGET)
