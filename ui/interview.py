"""Practice's views of the interview itself: the answer clock, what changed since the last attempt, the microphone
check and the summary. Presentation only: every number comes from the core (voicemock.sessions.attempts, .miccheck,
.summary); times are shown with the one m:ss format (ui.components.clock).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from voicemock import format as fmt
from voicemock.sessions.attempts import compare, overall

from ui.components import clock, esc, md_text

CHANGE_LABELS = {"length": "Answer length", "wpm": "Words per minute", "fillers_per_min": "Fillers per minute",
                 "overall": "Overall score"}


# --------------------------------------------------------------------------- the answer clock


def answer_clock(budget, local_started_at: float | None = None, thought_s: float | None = None) -> None:
    """The answer clock, in the browser. It starts when recording starts and stops at stop; the thinking time (from
    the end of the spoken question to the start of recording) is shown beside it.

    With the browser microphone the page watches the recorder's own button ("Stop recording" while it records), so
    the clock and the recorder count the same seconds; both floor to the second, as clock() does. With this
    machine's microphone (`local_started_at`, the wall-clock start of that recording) it counts from that start,
    and `thought_s` is the thinking time the server measured (from the question's showing to that start)."""
    target, low, high = float(budget.target_s), float(budget.min_s), float(budget.max_s)
    scale = high * 1.15
    local = "null" if local_started_at is None else f"{local_started_at * 1000:.0f}"
    thought = "null" if thought_s is None else f"{max(0.0, thought_s):.3f}"
    st.iframe(
        f"""
<div id="vm-clock" style="font-family: 'Source Sans Pro', -apple-system, 'Segoe UI', sans-serif; color:#1c2330;
                          box-sizing:border-box; padding:0 6px 0 2px; overflow:hidden;">
  <div style="display:flex; flex-wrap:wrap; align-items:baseline; column-gap:.8rem; row-gap:0;">
    <span id="vm-time" style="font-size:2rem; font-variant-numeric:tabular-nums; font-weight:600;">0:00</span>
    <span style="color:#5b6474;">target {clock(target)} · good range {fmt.clock_range(low, high)}</span>
    <span id="vm-think" style="color:#5b6474;"></span>
    <span id="vm-state" style="margin-left:auto; font-weight:600;"></span>
  </div>
  <div style="position:relative; height:10px; background:#eef1f6; border-radius:5px; margin:.35rem 2px 0 2px;">
    <div style="position:absolute; left:{low / scale * 100:.2f}%; width:{(high - low) / scale * 100:.2f}%;
                top:0; bottom:0; background:#d6ecdc; border-radius:5px;"></div>
    <div style="position:absolute; left:{target / scale * 100:.2f}%; top:-3px; bottom:-3px; width:2px; background:#2e7d4f;"></div>
    <div id="vm-fill" style="position:absolute; left:0; top:3px; height:4px; width:0; background:#2457a6; border-radius:2px;"></div>
  </div>
</div>
<script>
const low = {low}, high = {high}, scale = {scale}, localStart = {local};
const doc = window.parent.document;
const opened = Date.now();
let thinkFrom = null, started = localStart, stopped = null, thought = {thought}, hooked = null;
function fmt(s) {{ s = Math.max(0, Math.floor(s)); return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0"); }}
function recording() {{ return !!doc.querySelector('[data-testid="stAudioInput"] [aria-label="Stop recording"]'); }}
function hookQuestion() {{
  const audio = doc.querySelector("audio.vm-question-audio");
  if (!audio || audio === hooked) return;
  hooked = audio;
  if (audio.ended) thinkFrom = Date.now();
  audio.addEventListener("ended", () => {{ if (started === null) thinkFrom = Date.now(); }});
}}
function tick() {{
  hookQuestion();
  const now = Date.now();
  if (localStart === null) {{
    const on = recording();
    if (on && started === null) started = now;
    if (!on && started !== null && stopped === null) stopped = now;
  }}
  if (started !== null && thought === null) thought = Math.max(0, started - (thinkFrom || opened)) / 1000;
  const s = started === null ? 0 : ((stopped || now) - started) / 1000;
  document.getElementById("vm-time").textContent = fmt(s);
  const think = thought !== null ? thought : (now - (thinkFrom || opened)) / 1000;
  document.getElementById("vm-think").textContent = "thinking " + fmt(think);
  const fill = document.getElementById("vm-fill"), state = document.getElementById("vm-state");
  fill.style.width = Math.min(100, s / scale * 100) + "%";
  let color = "#2457a6", label = started === null ? "the clock starts when you record" : "answer time";
  if (started !== null && s >= low && s <= high) {{ color = "#2e7d4f"; label = "in range"; }}
  if (s > high) {{ color = "#b3261e"; label = "over time: wrap up"; }}
  if (stopped !== null) label = "stopped at " + fmt(s);
  fill.style.background = color; state.style.color = color; state.textContent = label;
  document.getElementById("vm-clock").dataset.state = stopped !== null ? "stopped" : started !== null ? "running" : "waiting";
}}
tick(); setInterval(tick, 200);
</script>""",
        height=96,
    )


# --------------------------------------------------------------------------- attempts


def attempt_changes(previous: dict[str, Any], current: dict[str, Any], since: int) -> None:
    """What changed since attempt `since`: length, pace, fillers per minute, overall score and STAR parts."""
    result = compare(previous, current)
    st.markdown(f"**Since attempt {since}**")
    cols = st.columns(len(result.changes) + 1)
    for col, change in zip(cols, result.changes):
        if change.after is None:
            col.metric(CHANGE_LABELS[change.name], "—", border=True)
            continue
        if change.name == "length":
            value, delta = clock(change.after), None if change.delta is None else \
                ("+" if change.delta >= 0 else "−") + clock(abs(change.delta))
        elif change.name == "fillers_per_min":
            value, delta = f"{change.after:.1f}", None if change.delta is None else f"{change.delta:+.1f}"
        else:
            value, delta = f"{change.after:.0f}", None if change.delta is None else f"{change.delta:+.0f}"
        col.metric(CHANGE_LABELS[change.name], value, delta=delta, border=True,
                   delta_color="off" if change.better is None else ("normal" if change.better else "inverse"),
                   delta_arrow="off" if change.better is None else ("up" if change.better else "down"))
    gained = ", ".join(p.capitalize() for p in result.star_gained)
    lost = ", ".join(p.capitalize() for p in result.star_lost)
    cols[-1].metric("STAR parts", f"+{len(result.star_gained)} / −{len(result.star_lost)}",
                    help=f"Gained: {gained or 'none'}. Lost: {lost or 'none'}.", border=True)
    if gained or lost:
        st.caption(" · ".join(x for x in (f"STAR gained: {gained}" if gained else "",
                                          f"STAR lost: {lost}" if lost else "") if x))


def take_label(number: int, analysis: dict[str, Any] | None) -> str:
    score = overall(analysis)
    return f"Attempt {number}" + (f" · {score:.0f}" if score is not None else "")


# --------------------------------------------------------------------------- the microphone check


def mic_check_result(check) -> None:
    c = st.columns(4)
    c[0].metric("Speech level", f"{check.speech_db:.0f} dBFS", border=True)
    c[1].metric("Noise floor", f"{check.noise_db:.0f} dBFS", border=True)
    c[2].metric("Clipping", f"{check.clipped_share:.1%}", border=True)
    c[3].metric("Recorded", clock(check.seconds), border=True)
    if check.heard is not None:
        st.markdown(f"**Heard back:** {md_text(check.heard.strip() or '(nothing)')}")
    for problem in check.problems:
        st.warning(problem[:1].upper() + problem[1:] + ".", icon=":material/mic_off:")
    if check.ok:
        st.success("The microphone is ready.", icon=":material/check_circle:")


# --------------------------------------------------------------------------- the end of a sitting


def sitting_summary(summary) -> None:
    """Each question's result (its best take), time spoken against the answer budgets, the weakest question and
    dimension."""
    st.subheader("Sitting complete" if summary.answered == summary.asked else "Sitting ended")
    c = [*st.columns(2), *st.columns(2)]  # two by two, so nothing is cut in a narrow window
    c[0].metric("Answered", f"{summary.answered} of {summary.asked}", border=True)
    c[1].metric("Time speaking", clock(summary.spoken_s), border=True,
                delta=f"of {clock(summary.budget_s)} answer targets", delta_color="off", delta_arrow="off",
                help=f"Against the answer budgets of the questions answered: good range "
                     f"{clock(summary.budget_min_s)}–{clock(summary.budget_max_s)}.")
    weak_q = summary.weakest_question
    c[2].metric("Weakest question", f"Question {weak_q.position}" if weak_q else "—",
                delta=f"{weak_q.overall:.0f} / 100" if weak_q else None, delta_color="off", delta_arrow="off",
                help=weak_q.text if weak_q else None, border=True)
    weakest = summary.weakest_dimension
    c[3].metric(
        "Weakest dimension",
        fmt.dimension(weakest) if weakest else fmt.DASH,
        delta=f"{summary.mean_scores[weakest]:.0f} / 100" if weakest else None,
        delta_color="off",
        delta_arrow="off",
        border=True,
    )
    if summary.best_takes:
        st.caption("Each question counts with its best take: the one you marked, else the highest-scoring one.")
    st.dataframe(
        [
            {
                "#": q.position,
                "question": q.text,
                "attempts": q.attempts,
                "counted": (f"attempt {q.best_attempt}" + (" (marked)" if q.marked else "")) if q.answered else "—",
                "time": clock(q.duration_s) if q.answered else "—",
                "answer budget": f"{clock(q.target_s)} ({clock(q.min_s)}–{clock(q.max_s)})",
                "verdict": fmt.verdict(q.verdict) if q.answered else "not answered",
                "score": f"{q.overall:.0f}" if q.overall is not None else "—",
                "weakest": fmt.dimension(q.weakest_dimension) if q.weakest_dimension else "",
                "follow-up": q.follow_up or "",
            }
            for q in summary.questions
        ],
        hide_index=True,
        key="summary_table",
    )
    if summary.mean_scores:
        import altair as alt
        import pandas as pd

        frame = pd.DataFrame(
            [{"dimension": fmt.dimension(k), "score": v} for k, v in summary.mean_scores.items()]
        )
        chart = (
            alt.Chart(frame)
            .mark_bar(cornerRadiusEnd=3)
            .encode(
                x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title="mean score (0–100)"),
                y=alt.Y("dimension:N", sort="x", title=None),
                color=alt.condition(
                    alt.datum.dimension == (fmt.dimension(weakest) if weakest else ""),
                    alt.value("#b3261e"),
                    alt.value("#2457a6"),
                ),
            )
            .properties(height=32 * len(frame) + 30)
        )
        st.altair_chart(chart, width="stretch")


def follow_up_card(text: str) -> None:
    st.html(f'<div class="vm-card"><div class="vm-eyebrow">Follow-up</div>'
            f'<div class="vm-question">{esc(text)}</div></div>')


def continue_button(store, session) -> None:
    """Review: a sitting cut short is continued on the Practice page, at the question it stopped before."""
    from voicemock.errors import VoicemockError

    try:
        offers = dict((record.id, position) for record, position in store.unfinished_sessions())
    except VoicemockError:
        return
    if session.id not in offers:
        return
    number = session.positions.index(offers[session.id]) + 1 if offers[session.id] in session.positions else 1
    if st.button(f"Continue this sitting at question {number}", icon=":material/resume:", key="review_continue"):
        st.session_state.resume_request = session.id
        st.switch_page("ui/practice.py")
