"""The scorecard as rich renderables for the terminal."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .scorecard import Scorecard
from ..format import clock, dimension, percent, star_part, verdict


def _score_style(score: float) -> str:
    return "green" if score >= 80 else "yellow" if score >= 60 else "red"


def render_scorecard(card: Scorecard) -> Panel:
    if card.verdict != "ok":
        return Panel(Text(card.message, style="bold yellow"), title="Scorecard", border_style="yellow")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    b = card.budget
    if card.duration_s is not None:
        facts.add_row("Length", f"{clock(card.duration_s)} ({verdict(b['verdict'])}; target "
                                f"{clock(b['target_s'])}, {clock(b['min_s'])}-{clock(b['max_s'])})")
    if card.wpm is not None:
        band = card.pace["band_wpm"]
        facts.add_row("Pace", f"{card.wpm:.0f} wpm (band {band[0]:.0f}-{band[1]:.0f}); {card.articulation_wpm or 0:.0f} wpm without pauses")
    if card.duration_s is not None:
        long_pauses = sum(1 for p in card.pauses if p["long"])
        facts.add_row("Pauses", f"{len(card.pauses)} over 0.5 s, {long_pauses} long"
                                + (f", longest {card.longest_pause_s:.1f} s" if card.longest_pause_s else ""))
    rate = f" ({card.fillers_per_min:.1f}/min)" if card.fillers_per_min is not None else ""
    facts.add_row("Fillers", f"{len(card.fillers)}{rate}")
    if card.star is not None:
        shares = ", ".join(f"{star_part(p['part'])} {percent(p['share'])}" for p in card.star["parts"])
        missing = f"; missing: {', '.join(star_part(m) for m in card.star['missing'])}" if card.star["missing"] else ""
        facts.add_row("STAR", f"{shares}{missing}")
    elif card.structure is not None:
        covered = sum(1 for s in card.structure["steps"] if s["covered"])
        facts.add_row("Structure", f"{covered}/{len(card.structure['steps'])} steps"
                                   + (f"; missing: {', '.join(card.structure['missing'])}" if card.structure["missing"] else ""))
    if card.pitch and card.pitch.get("spread_semitones") is not None:
        facts.add_row("Delivery", f"pitch varies {card.pitch['spread_semitones']:.1f} semitones"
                                  + (" (monotone)" if card.pitch["monotone"] else ""))

    scores = Table(show_header=True, header_style="bold", box=None)
    for name in card.scores:
        scores.add_column(dimension(name))
    scores.add_row(*[Text(f"{v:.0f}", style=_score_style(v)) for v in card.scores.values()])

    tips = Text()
    for i, tip in enumerate(card.tip_details, start=1):
        where = f" [at {clock(tip['at_s'])}]" if tip.get("at_s") is not None else ""
        tips.append(f"{i}. {tip['text']}{where}\n")
        if tip.get("rejection_reason"):
            tips.append(f"   Relates to a common reason for rejection: {tip['rejection_reason']}\n", style="dim")
    title = f"Scorecard · overall {card.overall:.0f}/100" if card.overall is not None else "Scorecard"
    return Panel(Group(facts, Text(""), scores, Text(""), Text("Top tips", style="bold"), tips), title=title,
                 title_align="left", border_style="green")
