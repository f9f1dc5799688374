"""Attempts at one question: which take counts, what changed from one take to the next, and a transcript diff.

Pure functions over the analysis JSON contract (voicemock.analysis), shared by the Practice scorecard, the Review
comparison, the summary and the terminal.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Sequence

from .progress import number as _number
from .progress import records, section
from .store import overall_of

STAR_ORDER = ("situation", "task", "action", "result")


def overall(analysis: dict[str, Any] | None) -> float | None:
    """The answer's overall score: the analysis's own `overall` (older documents without one: the mean of their
    dimension scores); None for an answer that was not scored (no speech, too little, not English, speech not
    heard), which is never the best take."""
    if not analysis or (analysis.get("verdict") or "ok") != "ok":
        return None
    if "overall" in analysis:  # the scorecard's own (None: left unscored, as when speech was not heard)
        return _number(analysis.get("overall"))
    return overall_of({k: v for k, v in section(analysis.get("scores")).items() if _number(v) is not None})


def best_index(analyses: Sequence[dict[str, Any] | None], marked: int | None = None) -> int | None:
    """The take that counts: the one marked by the candidate, else the highest overall score (the later on a tie),
    as Store._choose_best decides it for the index."""
    if marked is not None and 0 <= marked < len(analyses):
        return marked
    scored = [(overall(a), i) for i, a in enumerate(analyses) if overall(a) is not None]
    return max(scored)[1] if scored else None


def star_parts(analysis: dict[str, Any] | None) -> tuple[str, ...]:
    """The STAR parts present, in S-T-A-R order (empty when STAR is not assessed)."""
    star = section((analysis or {}).get("star"))
    present = {p.get("part") for p in records(star.get("parts"))}
    return tuple(p for p in STAR_ORDER if p in present)


@dataclass(frozen=True)
class Change:
    """One measure from the previous take to this one. `better` is None when neither direction is better."""

    name: str
    before: float | None
    after: float | None
    better: bool | None

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class Comparison:
    changes: tuple[Change, ...]  # length (s), words per minute, fillers per minute, overall score
    star_gained: tuple[str, ...]
    star_lost: tuple[str, ...]


def _length_better(before: float | None, after: float | None, budget: dict[str, Any]) -> bool | None:
    target = _number(budget.get("target_s"))
    if before is None or after is None or target is None or before == after:
        return None
    return abs(after - target) < abs(before - target)


def _pace_better(before: float | None, after: float | None, band: Any) -> bool | None:
    if before is None or after is None or before == after or not (isinstance(band, (list, tuple)) and len(band) == 2):
        return None
    low, high = _number(band[0]), _number(band[1])
    if low is None or high is None:
        return None

    def off(wpm: float) -> float:
        return max(0.0, low - wpm, wpm - high)

    return None if off(after) == off(before) else off(after) < off(before)


def compare(previous: dict[str, Any], current: dict[str, Any]) -> Comparison:
    """What changed from the previous take to this one: length (closer to the target is better), pace (closer to
    the band), fillers per minute (fewer), the overall score (higher), and STAR parts gained or lost."""
    budget = section(current.get("budget")) or section(previous.get("budget"))
    band = section(current.get("pace")).get("band_wpm")
    length = (_number(previous.get("duration_s")), _number(current.get("duration_s")))
    wpm = (_number(previous.get("wpm")), _number(current.get("wpm")))
    fillers = (_number(previous.get("fillers_per_min")), _number(current.get("fillers_per_min")))
    score = (overall(previous), overall(current))
    changes = (
        Change("length", *length, _length_better(*length, budget)),
        Change("wpm", *wpm, _pace_better(*wpm, band)),
        Change("fillers_per_min", *fillers,
               None if None in fillers or fillers[0] == fillers[1] else fillers[1] < fillers[0]),
        Change("overall", *score, None if None in score or score[0] == score[1] else score[1] > score[0]),
    )
    before, after = star_parts(previous), star_parts(current)
    return Comparison(changes, tuple(p for p in after if p not in before), tuple(p for p in before if p not in after))


@dataclass(frozen=True)
class DiffPiece:
    kind: str  # "same", "added" (only in the later take), "removed" (only in the earlier take)
    text: str


def transcript_diff(earlier: str, later: str) -> list[DiffPiece]:
    """Word-level difference of two transcripts (difflib), as runs of same / removed / added words."""
    a, b = str(earlier or "").split(), str(later or "").split()
    pieces: list[DiffPiece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(DiffPiece("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(DiffPiece("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(DiffPiece("added", " ".join(b[j1:j2])))
    return pieces
