"""Altair charts over the analysis JSON and the store's progress rows. Presentation only."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from voicemock.progress import number, records, section

BLUE, GREEN, RED, GREY = "#2457a6", "#2e7d4f", "#b3261e", "#8a93a3"
STAR_ORDER = ["situation", "task", "action", "result"]
STAR_COLOURS = ["#7aa5e8", "#e8b64a", "#5fb37c", "#d07ab8"]


def _show(chart: alt.Chart) -> None:
    st.altair_chart(chart.configure_view(strokeWidth=0), width="stretch")


def wpm_over_time(card: dict[str, Any]) -> bool:
    """Words per minute through the answer, with the target band shaded. False when there is nothing to draw."""
    pace = section(card.get("pace"))
    rows = []
    for p in records(pace.get("timeline")):
        start, end, wpm = number(p.get("start")), number(p.get("end")), number(p.get("wpm"))
        if start is not None and wpm is not None:
            rows.append({"t": (start + (end if end is not None else start)) / 2, "wpm": wpm})
    if len(rows) < 2:
        return False
    frame = pd.DataFrame(rows)
    line = (
        alt.Chart(frame)
        .mark_line(point=True, color=BLUE)
        .encode(x=alt.X("t:Q", title="seconds into the answer"),
                y=alt.Y("wpm:Q", title="words per minute", scale=alt.Scale(zero=False)),
                tooltip=[alt.Tooltip("t:Q", format=".0f"), alt.Tooltip("wpm:Q", format=".0f")])
    )
    layers = [line]
    band = pace.get("band_wpm")
    if isinstance(band, (list, tuple)) and len(band) == 2 and all(number(b) is not None for b in band):
        shade = pd.DataFrame([{"low": float(band[0]), "high": float(band[1])}])
        layers.insert(0, alt.Chart(shade).mark_rect(color=GREEN, opacity=0.12).encode(y="low:Q", y2="high:Q"))
    _show(alt.layer(*layers).properties(height=200, title="Pace through the answer"))
    return True


def pause_timeline(card: dict[str, Any]) -> bool:
    """Speech and the long pauses along the recording."""
    duration = number(card.get("duration_s")) or 0.0
    if duration <= 0:
        return False
    rows = [{"start": 0.0, "end": duration, "what": "speaking"}]
    rows += [{"start": number(p.get("start")), "end": number(p.get("end")), "what": "long pause" if p.get("long") else "pause"}
             for p in records(card.get("pauses")) if number(p.get("start")) is not None and number(p.get("end")) is not None]
    rows += [{"start": number(f.get("start")), "end": number(f.get("start")) + 0.35, "what": "filler"}
             for f in records(card.get("fillers")) if number(f.get("start")) is not None]
    frame = pd.DataFrame(rows)
    chart = (
        alt.Chart(frame)
        .mark_bar(height=22)
        .encode(
            x=alt.X("start:Q", title="seconds", scale=alt.Scale(domain=[0, duration])),
            x2="end:Q",
            color=alt.Color("what:N", scale=alt.Scale(domain=["speaking", "pause", "long pause", "filler"],
                                                      range=["#d6e2f5", "#c5ccd8", "#5b6474", RED]),
                            legend=alt.Legend(orient="bottom", title=None)),
            tooltip=["what:N", alt.Tooltip("start:Q", format=".1f"), alt.Tooltip("end:Q", format=".1f")],
        )
        .properties(height=70, title="Pauses and fillers along the answer")
    )
    _show(chart)
    return True


def star_proportions(card: dict[str, Any]) -> bool:
    """How much of the answer went to each STAR part: by time, or by the part's share when it has no times (a
    transcript without word timings, an older file). False when neither is there."""
    parts = records(section(card.get("star")).get("parts"))
    if not parts:
        return False
    seconds = {name: 0.0 for name in STAR_ORDER}
    for p in parts:
        name = str(p.get("part"))
        start, end = number(p.get("start")), number(p.get("end"))
        if name in seconds and start is not None and end is not None:
            seconds[name] += max(0.0, end - start)
    if sum(seconds.values()) <= 0:  # no times: the shares the analysis gave
        seconds = {name: 0.0 for name in STAR_ORDER}
        for p in parts:
            if str(p.get("part")) in seconds:
                seconds[str(p.get("part"))] += max(0.0, number(p.get("share")) or 0.0)
    total = sum(seconds.values())
    if total <= 0:
        return False
    frame = pd.DataFrame([{"part": n.capitalize(), "share": s / total, "order": i} for i, (n, s) in enumerate(seconds.items())])
    chart = (
        alt.Chart(frame)
        .mark_bar(height=26)
        .encode(
            x=alt.X("sum(share):Q", stack="normalize", axis=alt.Axis(format="%"), title=None),
            color=alt.Color("part:N", sort=[n.capitalize() for n in STAR_ORDER],
                            scale=alt.Scale(domain=[n.capitalize() for n in STAR_ORDER], range=STAR_COLOURS),
                            legend=alt.Legend(orient="bottom", title=None)),
            order="order:Q",
            tooltip=["part:N", alt.Tooltip("share:Q", format=".0%")],
        )
        .properties(height=70, title="Share of the answer in each STAR part")
    )
    _show(chart)
    return True


def trend(frame: pd.DataFrame, y: str, title: str, band: tuple[float, float] | None = None, percent: bool = False) -> None:
    """One metric across sessions (x: when), one line per group when the frame has a 'group' column."""
    enc_y = alt.Y(f"{y}:Q", title=None, axis=alt.Axis(format="%") if percent else alt.Axis(),
                  scale=alt.Scale(domain=[0, 1]) if percent else alt.Scale(zero=False))
    base = alt.Chart(frame).encode(x=alt.X("when:T", title=None, axis=alt.Axis(format="%b %d %H:%M", labelAngle=0)), y=enc_y)
    colour = alt.Color("group:N", legend=alt.Legend(orient="bottom", title=None)) if "group" in frame else alt.value(BLUE)
    line = base.mark_line(point=True).encode(color=colour, tooltip=["when:T", alt.Tooltip(f"{y}:Q", format=".2f")])
    layers = [line]
    if band:
        shade = pd.DataFrame([{"low": band[0], "high": band[1]}])
        layers.insert(0, alt.Chart(shade).mark_rect(color=GREEN, opacity=0.12).encode(y="low:Q", y2="high:Q"))
    _show(alt.layer(*layers).properties(height=220, title=title))
