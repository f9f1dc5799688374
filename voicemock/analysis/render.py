"""The scorecard as rich renderables for the terminal."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..format import NO_TIPS, clock, dimension, percent, score, star_part, verdict
from ..sessions.progress import number
from .example import example_told
from .fillers import count_note
from .heard import quiet_message, unheard_message
from .relevance import relevance_verdict
from .scorecard import Scorecard


def _score_style(score: float) -> str:
    return "green" if score >= 80 else "yellow" if score >= 60 else "red"


def star_line(star: dict) -> str:
    """Present parts with their shares, then the missing ones: read from `star.parts` / `star.missing` only. A part
    told within another part's sentence (a task folded into the situation) is named with its host."""
    parts = [p for p in star.get("parts") or () if isinstance(p, dict) and isinstance(p.get("part"), str)]
    present = ", ".join(
        f"{star_part(p['part'])} (within the {star_part(p['folded_into'])})" if isinstance(p.get("folded_into"), str)
        else star_part(p["part"]) + (f" {percent(p['share'])}" if number(p.get("share")) is not None else "")
        for p in parts)
    missing = ", ".join(star_part(m) for m in star.get("missing") or () if isinstance(m, str))
    weak = ", ".join(f"{star_part(f['part'])} ({f['reason'].split(':')[0]})" for f in star_flags(star))
    nothing = "no specific example told" if not example_told(star) else "no part heard"
    return ((present or nothing) + (f"; missing: {missing}" if missing else "")
            + (f"; weak: {weak}" if weak else ""))


def checklist_line(structure: dict) -> str:
    """An answer's checklist in one line, as every surface shows it: "1 of 4 points covered; missing: name a real
    weakness, say what you do about it"."""
    steps = [s for s in structure.get("steps") or () if isinstance(s, dict)]
    missed = [str(s.get("name")) for s in steps if not s.get("covered")]
    return f"{len(steps) - len(missed)} of {len(steps)} points covered" + (f"; missing: {', '.join(missed)}" if missed else "")


def star_flags(star: dict) -> list[dict]:
    """The present parts told without their substance (`star.flags`), as stored: every surface reads them here."""
    return [f for f in star.get("flags") or () if isinstance(f, dict) and isinstance(f.get("part"), str)
            and isinstance(f.get("reason"), str)]


def overall_line(card: Scorecard) -> str:
    if card.overall is None:
        return "not scored: " + ("part of the speech was not transcribed" if card.unreliable else "nothing to score")
    caps = "; ".join(c["text"] for c in card.caps)
    return score(card.overall) + (f" ({caps})" if caps else "")


def render_scorecard(card: Scorecard) -> Panel:
    if card.verdict != "ok":
        return Panel(Text(card.message, style="bold yellow"), title="Scorecard", border_style="yellow")
    warnings = [m for m in (unheard_message(card.audio_check), quiet_message(card.audio_check)) if m]
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    b = card.budget
    if card.duration_s is not None:
        facts.add_row("Length", f"{clock(card.duration_s)} ({verdict(b['verdict'])}; target "
                                f"{clock(b['target_s'])}, {clock(b['min_s'])}-{clock(b['max_s'])})")
    if card.wpm is not None and "pacing" not in card.unreliable:
        band = card.pace["band_wpm"]
        facts.add_row("Pace", f"{card.wpm:.0f} wpm (band {band[0]:.0f}-{band[1]:.0f}); {card.articulation_wpm or 0:.0f} wpm without pauses")
    if card.duration_s is not None:
        long_pauses = sum(1 for p in card.pauses if p["long"])
        facts.add_row("Pauses", f"{len(card.pauses)} over 0.5 s, {long_pauses} long"
                                + (f", longest {card.longest_pause_s:.1f} s" if card.longest_pause_s else ""))
    if "fillers" not in card.unreliable:
        rate = f"; {card.fillers_per_min:.1f}/min" if card.fillers_per_min is not None else ""
        facts.add_row("Fillers", f"{count_note(len(card.fillers))}{rate}")
    if card.star is not None and "structure" not in card.unreliable:
        facts.add_row("STAR", star_line(card.star))
    elif card.structure is not None and "structure" not in card.unreliable:
        facts.add_row("Structure", checklist_line(card.structure))
    if card.relevance is not None and "relevance" not in card.unreliable:
        facts.add_row("Relevance", f"{relevance_verdict(card.relevance)}: {card.relevance['evidence']}")
    if card.pitch and card.pitch.get("spread_semitones") is not None:
        facts.add_row("Delivery", f"pitch varies {card.pitch['spread_semitones']:.1f} semitones"
                                  + (" (monotone)" if card.pitch["monotone"] else ""))
    if card.unreliable:
        facts.add_row("Not scored", ", ".join(dimension(u) for u in card.unreliable) + " (part of the speech was not transcribed)")

    scores = Table(show_header=True, header_style="bold", box=None)
    scores.add_column("Overall")
    for name in card.scores:
        scores.add_column(dimension(name))
    scores.add_row(Text(f"{card.overall:.0f}" if card.overall is not None else "-",
                        style=_score_style(card.overall) if card.overall is not None else "dim"),
                   *[Text(f"{v:.0f}", style=_score_style(v)) for v in card.scores.values()])

    tips = Text()
    for i, tip in enumerate(card.tip_details, start=1):
        where = f" [at {clock(tip['at_s'])}]" if tip.get("at_s") is not None else ""
        tips.append(f"{i}. {tip['text']}{where}\n")
        if tip.get("evidence"):
            tips.append(f"   Evidence: {tip['evidence']}\n", style="italic")
        if tip.get("rejection_reason"):
            tips.append(f"   Relates to a common reason for rejection: {tip['rejection_reason']}\n", style="dim")
    if not card.tip_details:
        tips.append(NO_TIPS + "\n")
    title = f"Scorecard · overall {overall_line(card)}"
    parts = [Text(w, style="bold yellow") for w in warnings] + ([Text("")] if warnings else [])
    parts += [facts, Text(""), scores, Text(""), Text("Top tips", style="bold"), tips]
    return Panel(Group(*parts), title=title, title_align="left", border_style="yellow" if warnings else "green")
