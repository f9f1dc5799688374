"""Altair charts over the analysis JSON and the store's progress rows. Presentation only.

Every chart has a title written above it by Streamlit (a Vega title was clipped under the tab strip), labelled axes,
times as m:ss (the one format of voicemock/format.py, here as a Vega expression) and shares as whole percents.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from voicemock import format as fmt
from voicemock.sessions.progress import number, records, section

BLUE, GREEN, RED, GREY = "#2457a6", "#2e7d4f", "#b3261e", "#8a93a3"
STAR_ORDER = ["situation", "task", "action", "result"]
STAR_COLOURS = ["#7aa5e8", "#e8b64a", "#5fb37c", "#d07ab8"]
# m:ss in Vega, rounded down like format.clock
CLOCK_EXPR = "floor(datum.value / 60) + ':' + (floor(datum.value % 60) < 10 ? '0' : '') + floor(datum.value % 60)"


PAUSE_COLOURS = {"speaking": "#9db4dc", "short pause": "#e4e8ef", "long pause": "#5b6474", "filler": RED}


def _show(chart: alt.Chart, title: str, legend: dict[str, str] | None = None) -> None:
    """Title (and legend, as Streamlit leaves no room for a Vega legend on short charts) above the chart."""
    st.markdown(f"**{title}**")
    if legend:
        st.html('<div style="font-size:.8rem; color:#5b6474;">' + "".join(
            f'<span style="margin-right:1rem; white-space:nowrap;"><span style="display:inline-block; width:.8rem; '
            f'height:.8rem; border-radius:2px; vertical-align:-1px; margin-right:.3rem; background:{colour};"></span>'
            f"{name}</span>" for name, colour in legend.items()) + "</div>")
    st.altair_chart(chart.configure_view(strokeWidth=0).configure_axis(labelFontSize=12, titleFontSize=12),
                    width="stretch")


def _time_axis(title: str = "time into the answer (m:ss)") -> alt.Axis:
    return alt.Axis(title=title, labelExpr=CLOCK_EXPR, tickMinStep=5, grid=False)


def wpm_over_time(card: dict[str, Any]) -> bool:
    """Words per minute through the answer, with the target band shaded. False when there is nothing to draw."""
    pace = section(card.get("pace"))
    rows = []
    for p in records(pace.get("timeline")):
        start, end, wpm = number(p.get("start")), number(p.get("end")), number(p.get("wpm"))
        if start is not None and wpm is not None:
            middle = (start + (end if end is not None else start)) / 2
            rows.append({"t": middle, "wpm": wpm, "at": fmt.clock(middle)})
    if len(rows) < 2:
        return False
    frame = pd.DataFrame(rows)
    line = (
        alt.Chart(frame)
        .mark_line(point=True, color=BLUE)
        .encode(x=alt.X("t:Q", axis=_time_axis()),
                y=alt.Y("wpm:Q", title="words per minute", scale=alt.Scale(zero=False)),
                tooltip=[alt.Tooltip("at:N", title="at"), alt.Tooltip("wpm:Q", title="words per minute", format=".0f")])
    )
    layers: list[alt.Chart] = [line]
    band = pace.get("band_wpm")
    title = "Pace through the answer"
    if isinstance(band, (list, tuple)) and len(band) == 2 and all(number(b) is not None for b in band):
        layers.insert(0, _band(float(band[0]), float(band[1])))
        title += f" (shaded: the clear range, {band[0]:.0f}–{band[1]:.0f} words per minute)"
    _show(alt.layer(*layers).properties(height=200), title)
    return True


def _band(low: float, high: float) -> alt.Chart:
    shade = pd.DataFrame([{"low": low, "high": high}])
    return alt.Chart(shade).mark_rect(color=GREEN, opacity=0.13).encode(y="low:Q", y2="high:Q")


def pause_timeline(card: dict[str, Any]) -> bool:
    """Where the answer was speech, short pauses, long pauses and fillers, on a time axis."""
    duration = number(card.get("duration_s")) or 0.0
    if duration <= 0:
        return False
    pauses = sorted((number(p.get("start")), number(p.get("end")), bool(p.get("long")))
                    for p in records(card.get("pauses"))
                    if number(p.get("start")) is not None and number(p.get("end")) is not None)
    rows, cursor = [], 0.0
    for start, end, long in pauses:
        if start > cursor:
            rows.append({"start": cursor, "end": start, "what": "speaking", "lane": "speech and pauses"})
        rows.append({"start": start, "end": end, "what": "long pause" if long else "short pause",
                     "lane": "speech and pauses"})
        cursor = max(cursor, end)
    if cursor < duration:
        rows.append({"start": cursor, "end": duration, "what": "speaking", "lane": "speech and pauses"})
    fillers = [f for f in records(card.get("fillers")) if number(f.get("start")) is not None]
    rows += [{"start": number(f.get("start")), "end": number(f.get("start")) + max(0.3, duration / 150), "what": "filler",
              "lane": "fillers", "word": str(f.get("word") or f.get("text") or "")} for f in fillers]
    frame = pd.DataFrame(rows)
    frame["from"] = frame["start"].map(fmt.clock)
    frame["length"] = (frame["end"] - frame["start"]).map(fmt.seconds)
    chart = (
        alt.Chart(frame)
        .mark_bar(height=18)
        .encode(
            x=alt.X("start:Q", axis=_time_axis(), scale=alt.Scale(domain=[0, duration], nice=False)),
            x2="end:Q",
            y=alt.Y("lane:N", title=None, sort=["speech and pauses", "fillers"]),
            color=alt.Color("what:N", scale=alt.Scale(domain=list(PAUSE_COLOURS), range=list(PAUSE_COLOURS.values())),
                            legend=None),
            tooltip=[alt.Tooltip("what:N", title="what"), alt.Tooltip("from:N", title="from"),
                     alt.Tooltip("length:N", title="length")],
        )
        .properties(height=70)
    )
    long_count = sum(1 for *_, long in pauses if long)
    _show(chart, f"Pauses and fillers along the answer ({fmt.plural(long_count, 'long pause')}, "
                 f"{fmt.plural(len(fillers), 'filler')})", legend=PAUSE_COLOURS)
    return True


def star_proportions(card: dict[str, Any]) -> bool:
    """How much of the answer went to each STAR part, labelled with its share (missing parts show 0%): by time, or by
    the part's share when it has no times (a transcript without word timings, an older file). False when neither."""
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
        for p in parts:
            if str(p.get("part")) in seconds:
                seconds[str(p.get("part"))] += max(0.0, number(p.get("share")) or 0.0)
    total = sum(seconds.values())
    if total <= 0:
        return False
    frame = pd.DataFrame([{"part": fmt.star_part(n), "share": s / total,
                           "label": fmt.percent(s / total) if s > 0 else "not heard"} for n, s in seconds.items()])
    order = [fmt.star_part(n) for n in STAR_ORDER]
    base = alt.Chart(frame).encode(y=alt.Y("part:N", sort=order, title=None,
                                           scale=alt.Scale(paddingInner=0.25, paddingOuter=0.1)))
    bars = base.mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X("share:Q", title="share of the answer's time", axis=alt.Axis(format="%", tickCount=5),
                scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("part:N", sort=order, scale=alt.Scale(domain=order, range=STAR_COLOURS), legend=None),
        tooltip=[alt.Tooltip("part:N", title="part"), alt.Tooltip("label:N", title="share")],
    )
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(x="share:Q", text="label:N")
    _show(alt.layer(bars, text).properties(height=150), "Share of the answer in each STAR part")
    return True


def sitting_labels(moments: list[Any]) -> list[str]:
    """One x label per sitting ('Nov 26, 10:07'); two sittings in the same minute read '… (2)'."""
    seen: dict[str, int] = {}
    out = []
    for moment in moments:
        text = fmt.when(moment)
        seen[text] = seen.get(text, 0) + 1
        out.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return out


def trend(frame: pd.DataFrame, y: str, title: str, axis_title: str, band: tuple[float, float] | None = None,
          percent: bool = False, digits: int = 0) -> None:
    """One metric across sittings: one x label per sitting (never repeated), a line per group if 'group' is there."""
    frame = frame.copy()
    frame["sitting"] = sitting_labels(list(frame["first_at"]))
    frame["shown"] = frame[y].map(fmt.percent if percent else (lambda v: fmt.number(v, digits)))
    order = list(dict.fromkeys(frame["sitting"]))
    enc_y = alt.Y(f"{y}:Q", title=axis_title, axis=alt.Axis(format="%") if percent else alt.Axis(format=f".{digits}f"),
                  scale=alt.Scale(domain=[0, 1]) if percent else alt.Scale(zero=False))
    x = alt.X("sitting:N", sort=order, title="sitting", axis=alt.Axis(labelAngle=-30, labelLimit=120))
    base = alt.Chart(frame).encode(x=x, y=enc_y)
    colour = alt.Color("group:N", legend=alt.Legend(orient="bottom", title=None)) if "group" in frame else alt.value(BLUE)
    line = base.mark_line(point=True).encode(color=colour, tooltip=[alt.Tooltip("sitting:N", title="sitting"),
                                                                    alt.Tooltip("shown:N", title=axis_title)])
    layers: list[alt.Chart] = [line]
    if band:
        layers.insert(0, _band(float(band[0]), float(band[1])))
        title += f" (shaded: {band[0]:.0f}–{band[1]:.0f})"
    _show(alt.layer(*layers).properties(height=220), title)
