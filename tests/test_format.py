"""The one display format per thing that every surface (app, exports, CLI, terminal) calls."""

from __future__ import annotations

import re

from voicemock import format as fmt
from voicemock.analysis.tips import clock as tips_clock
from voicemock.sessions.practice import clock as terminal_clock


def test_times_round_down_the_same_way_everywhere():
    assert [fmt.clock(s) for s in (0, 52.9, 53.0, 59.99, 60, 125.4)] == ["0:00", "0:52", "0:53", "0:59", "1:00", "2:05"]
    assert fmt.clock(None) == fmt.clock(float("nan")) == "—"
    assert tips_clock is fmt.clock and terminal_clock is fmt.clock  # the tip's "lasted" and the card agree


def test_shares_points_and_changes():
    assert (fmt.percent(1 / 6), fmt.percent(0.25), fmt.percent(None)) == ("17%", "25%", "—")
    assert fmt.points(0.4) == "no change" and not fmt.is_change(0.4)  # never "+0 pts" (with an arrow)
    assert (fmt.points(3.2), fmt.points(-2.6)) == ("+3 pts", "−3 pts") and fmt.is_change(3.2)
    assert fmt.signed(-0.04, 1) == "no change" and fmt.signed(1.25, 1, "per min") == "+1.2 per min"


def test_every_enum_has_a_human_label():
    for raw in ("too_short", "on_target", "over_limit", "system_design", "technical_decision", "browser", "mic"):
        assert "_" not in fmt.label(raw) and fmt.label(raw) != raw, raw
    assert fmt.verdict("too_short") == "too short" and fmt.kind("system_design") == "System design"
    assert fmt.source("browser") == "browser microphone" and fmt.dimension("pacing") == "Pace"


def test_moments_read_as_dates_not_iso():
    shown = fmt.when("2026-11-26T10:07:33+00:00")
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}(, \d{4})?,? \d\d:\d\d", shown) and "T" not in shown
    assert fmt.description("Drill: 3 questions from all questions (seed 688259)") == "Drill: 3 questions from the whole guide"
    assert fmt.answered(2, 3) == "2 of 3 answered"
