"""One function per display format, used by every surface (app, exports, CLI, terminal scorecard).

Times are `m:ss` rounded down (as the live answer clock counts), shares are whole percents, score changes are
points, moments are local "Nov 26, 10:07", and every enum the core writes has a human label here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .sessions.progress import MISSING
from .sessions.progress import number as _number  # a finite number from a stored document, else None

DASH = MISSING  # how every surface shows a value the analysis does not have
NO_TIPS = "Nothing to fix here. Well done."  # what the tips say of an analysed answer that has none

KIND_LABELS = {
    "behavioral": "Behavioral",
    "system_design": "System design",
    "technical_decision": "Technical decision",
    "strategy": "Strategy",
    "motivation": "Motivation",
    "technical": "Technical",
    "self_assessment": "Self-assessment",
    "career_summary": "Career summary",
    "vision": "Vision",
    "follow_up": "Follow-up",
}
VERDICT_LABELS = {  # answer length against its budget
    "too_short": "too short",
    "on_target": "on budget",
    "long": "on the long side",
    "over_limit": "over the limit",
}
SOURCE_LABELS = {"upload": "uploaded", "browser": "browser microphone", "mic": "microphone", "file": "from a file"}
DIMENSION_LABELS = {
    "length": "Length",
    "pacing": "Pace",
    "pauses": "Pauses",
    "fillers": "Fillers",
    "structure": "Structure",
    "language": "Language",
    "delivery": "Delivery",
    "relevance": "Relevance",
}
STAR_LABELS = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result"}
PACE_LABELS = {"too_fast": "too fast", "too_slow": "too slow", "in_band": "in the clear range"}
STATUS_LABELS = {"processed": "done", "saved": "to transcribe", "failed": "failed"}
MODE_LABELS = {"loop": "Full loop", "round": "One round", "drill": "Drill", "questions": "Chosen questions"}
_TABLES = (KIND_LABELS, VERDICT_LABELS, SOURCE_LABELS, DIMENSION_LABELS, STAR_LABELS, PACE_LABELS, MODE_LABELS)


def clock(seconds: Any) -> str:
    """125.9 -> '2:05' (rounded down, like a stopwatch); None -> '—'."""
    number = _number(seconds)
    if number is None:
        return DASH
    whole = max(0, int(number))
    return f"{whole // 60}:{whole % 60:02d}"


def clock_range(low: Any, high: Any) -> str:
    return f"{clock(low)}–{clock(high)}"


def percent(share: Any) -> str:
    """0.1667 -> '17%' (a share from 0 to 1); None -> '—'."""
    number = _number(share)
    return DASH if number is None else f"{number * 100:.0f}%"


def points(delta: Any) -> str:
    """A change of a 0-100 figure: +3 pts, −2 pts, no change."""
    number = _number(delta)
    if number is None:
        return DASH
    rounded = round(number)
    if rounded == 0:
        return "no change"
    return f"{rounded:+d} pts".replace("-", "−")


def signed(delta: Any, digits: int = 0, unit: str = "") -> str:
    """+4, −1.5 fillers/min; a change that rounds to zero reads 'no change'."""
    number = _number(delta)
    if number is None:
        return DASH
    if round(number, digits) == 0:
        return "no change"
    return (f"{number:+.{digits}f}" + (f" {unit}" if unit else "")).replace("-", "−")


def is_change(delta: Any, digits: int = 0) -> bool:
    """Whether a change shows as one at this precision (an arrow beside 'no change' would lie)."""
    number = _number(delta)
    return number is not None and round(number, digits) != 0


def number(value: Any, digits: int = 0) -> str:
    n = _number(value)
    return DASH if n is None else f"{n:.{digits}f}"


def wpm(value: Any) -> str:
    n = _number(value)
    return DASH if n is None else f"{n:.0f} words/min"


def score(value: Any) -> str:
    n = _number(value)
    return DASH if n is None else f"{n:.0f} / 100"


def seconds(value: Any) -> str:
    """A short stretch such as a pause: '2.4 s'."""
    n = _number(value)
    return DASH if n is None else f"{n:.1f} s"


def when(moment: Any) -> str:
    """An ISO timestamp (as the store writes it) -> 'Nov 26, 10:07' in local time; anything else as given."""
    if isinstance(moment, datetime):
        parsed = moment
    else:
        try:
            parsed = datetime.fromisoformat(str(moment))
        except ValueError:
            return str(moment or DASH)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone()
    return f"{parsed:%b} {parsed.day}, {parsed:%Y} {parsed:%H:%M}" if _other_year(parsed) else f"{parsed:%b} {parsed.day}, {parsed:%H:%M}"


def day(moment: Any) -> str:
    text = when(moment)
    return text.rsplit(" ", 1)[0].rstrip(",") if "," in text else text


def _other_year(moment: datetime) -> bool:
    return moment.year != datetime.now().year


def label(value: Any) -> str:
    """A human label for any enum the core writes: 'too_short' -> 'too short', 'system_design' -> 'System design'."""
    text = str(value or "")
    for table in _TABLES:
        if text in table:
            return table[text]
    return text.replace("_", " ")


def kind(value: Any) -> str:
    text = str(value or "")
    return KIND_LABELS.get(text, text.replace("_", " ").capitalize())


def verdict(value: Any) -> str:
    text = str(value or "")
    return VERDICT_LABELS.get(text, text.replace("_", " ")) if text else DASH


def dimension(value: Any) -> str:
    text = str(value or "")
    return DIMENSION_LABELS.get(text, text.replace("_", " ").capitalize())


def source(value: Any) -> str:
    text = str(value or "")
    return SOURCE_LABELS.get(text, text.replace("_", " "))


def star_part(value: Any) -> str:
    text = str(value or "")
    return STAR_LABELS.get(text, text.replace("_", " ").capitalize())


def answered(answered_count: int, asked: int) -> str:
    """'2 of 3 answered': questions with an answer, never attempts."""
    return f"{answered_count} of {asked} answered"


def description(text: Any) -> str:
    """A sitting's description as a person reads it (sessions saved before 0.2 carried the drill's seed)."""
    import re

    return re.sub(r"\s*\(seed \d+\)", "", str(text or "")).replace("from all questions", "from the whole guide")


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"
