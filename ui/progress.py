"""Progress: trends across sittings, by round, question kind and question; the best and worst answers."""

from __future__ import annotations


import pandas as pd
import streamlit as st

from ui import charts, resources
from voicemock import format as fmt
from voicemock.analysis.timing import PACE_BAND_WPM
from voicemock.speech.audio import audio_mime

from ui.components import guarded, inject_style, kind_label, md_text

inject_style()
st.title("Progress")
st.caption("How your answers change from one sitting to the next. Each question of a sitting counts with its best "
           "take: the one you marked, else the highest-scoring one.")

store = resources.store()
ok, by_session = guarded(lambda: store.trends("session"))
if not ok:
    st.stop()
if not by_session:
    st.info("No processed answers yet. Your trends appear here after the first answers on the Practice page.",
            icon=":material/info:")
    st.page_link("ui/practice.py", label="Go to Practice", icon=":material/mic:")
    st.stop()


def _frame(rows) -> pd.DataFrame:
    return pd.DataFrame([r.__dict__ for r in rows])


sessions = _frame(by_session)
first, last = sessions.iloc[0], sessions.iloc[-1]


def _change(column: str) -> float | None:
    if len(sessions) < 2 or pd.isna(first[column]) or pd.isna(last[column]):
        return None
    return float(last[column] - first[column])


def _delta(column: str, shown, digits: int = 0) -> tuple[str | None, str]:
    """The change since the first sitting, and whether it gets an arrow: a change that shows as none has none."""
    change = _change(column)
    if change is None:
        return None, "off"
    return f"{shown(change)} since the first", "auto" if fmt.is_change(change, digits) else "off"


def _value(column: str, shown) -> str:
    value = last[column]
    return fmt.DASH if pd.isna(value) else shown(value)


st.caption(f"The figures below are your latest sitting ({fmt.when(last['first_at'])}); the arrows compare it with "
           "your first.")
top, bottom = st.columns(2), st.columns(2)  # two by two: each card keeps its words at any window width
c = [top[0], top[1], bottom[0], bottom[1]]
wpm_delta, wpm_arrow = _delta("wpm", lambda v: fmt.signed(v))
c[0].metric("Words per minute", _value("wpm", fmt.number), delta=wpm_delta, delta_color="off", delta_arrow=wpm_arrow,
            border=True, help=f"A clear interview pace is {PACE_BAND_WPM[0]:.0f}–{PACE_BAND_WPM[1]:.0f} words per minute.")
filler_delta, filler_arrow = _delta("fillers_per_min", lambda v: fmt.signed(v, 1), 1)
c[1].metric("Fillers per minute", _value("fillers_per_min", lambda v: fmt.number(v, 1)), delta=filler_delta,
            delta_color="inverse" if filler_arrow != "off" else "off", delta_arrow=filler_arrow, border=True)
star_delta, star_arrow = _delta("star_completeness", lambda v: fmt.points(v * 100))
c[2].metric("STAR completeness", _value("star_completeness", fmt.percent), delta=star_delta,
            delta_color="normal" if star_arrow != "off" else "off", delta_arrow=star_arrow, border=True,
            help="Share of the four STAR parts heard in story answers.")
budget_delta, budget_arrow = _delta("on_budget_share", lambda v: fmt.points(v * 100))
c[3].metric("Answers on budget", _value("on_budget_share", fmt.percent), delta=budget_delta,
            delta_color="normal" if budget_arrow != "off" else "off", delta_arrow=budget_arrow, border=True,
            help="Share of the answers whose length fell in the good range.")

st.subheader("Across sittings")
if len(sessions) < 2:
    st.caption("One sitting so far. The trend lines appear from your second sitting on.")
else:
    left, right = st.columns(2)
    with left:
        charts.trend(sessions, "wpm", "Words per minute", "words per minute", band=PACE_BAND_WPM)
        charts.trend(sessions.dropna(subset=["star_completeness"]), "star_completeness", "STAR completeness",
                     "STAR parts heard", percent=True)
    with right:
        charts.trend(sessions, "fillers_per_min", "Fillers per minute", "fillers per minute", digits=1)
        charts.trend(sessions.dropna(subset=["on_budget_share"]), "on_budget_share", "Answers on budget",
                     "answers on budget", percent=True)

st.subheader("By round, kind and question")
st.caption("Averages over every answer so far.")
COLUMNS = {
    "label": st.column_config.TextColumn("", width="large"),
    "answers": st.column_config.NumberColumn("answers", width="small"),
    "wpm": st.column_config.NumberColumn("words / min", format="%.0f", width="small"),
    "fillers_per_min": st.column_config.NumberColumn("fillers / min", format="%.1f", width="small"),
    "long_pauses": st.column_config.NumberColumn("long pauses", format="%.1f", width="small"),
    "star_completeness": st.column_config.TextColumn("STAR", width="small"),
    "on_budget_share": st.column_config.TextColumn("on budget", width="small"),
}
tabs = st.tabs(["By round", "By question kind", "By question"])
for tab, group in zip(tabs, ("round", "kind", "question")):
    with tab:
        ok, rows = guarded(lambda g=group: store.trends(g))
        if not ok or not rows:
            continue
        frame = pd.DataFrame([r.__dict__ for r in rows])
        if group == "kind":
            frame["label"] = frame["label"].map(kind_label)
        for column in ("star_completeness", "on_budget_share"):  # the same whole percents as the cards above
            frame[column] = frame[column].map(fmt.percent)
        if group == "question":  # long question texts wrap in a table of their own
            st.table(frame[list(COLUMNS)].rename(columns={k: v["label"] or "question" for k, v in COLUMNS.items()}))
        else:
            st.dataframe(frame[list(COLUMNS)], column_config=COLUMNS, hide_index=True)


st.subheader("Listen again")
st.caption("Your strongest and weakest answers so far, by their overall score (the one on their scorecard).")


ok, ranked = guarded(store.ranked_answers)
if ok and ranked:
    shown = min(3, len(ranked) // 2) if len(ranked) > 1 else 1
    best = ranked[:shown]
    worst = ranked[::-1][:shown] if len(ranked) > 1 else []
    col_best, col_worst = st.columns(2, gap="large")
    for col, title, items in ((col_best, "Best answers", best), (col_worst, "Answers to work on", worst)):
        with col:
            st.markdown(f"**{title}**")
            if not items:
                st.caption("Answer more questions to compare.")
            for score, answer, row in items:
                with st.container(border=True):
                    st.markdown(f"{md_text(answer.question_text)}")
                    st.caption(f"Score {fmt.score(score)} · {fmt.when(answer.created_at)} · "
                               f"{fmt.wpm(row.get('wpm'))} · attempt {answer.attempt}")
                    if answer.audio_path.is_file():
                        st.audio(answer.audio_path.read_bytes(), format=audio_mime(answer.audio_path))
