"""Progress: trends across sittings, by round, question kind and question; the best and worst answers."""

from __future__ import annotations


import pandas as pd
import streamlit as st

from ui import charts, resources
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
    frame = pd.DataFrame([r.__dict__ for r in rows])
    frame["when"] = pd.to_datetime(frame["first_at"], utc=True, format="ISO8601")
    return frame


sessions = _frame(by_session)
first, last = sessions.iloc[0], sessions.iloc[-1]


def _delta(column: str, scale: float = 1.0, fmt: str = "{:+.1f}"):
    if len(sessions) < 2 or pd.isna(first[column]) or pd.isna(last[column]):
        return None
    return fmt.format((last[column] - first[column]) * scale) + " since the first sitting"


def _value(column: str, scale: float = 1.0, fmt: str = "{:.0f}") -> str:
    value = last[column]
    return "—" if pd.isna(value) else fmt.format(value * scale)


c = st.columns(4)
c[0].metric("Words per minute", _value("wpm"), delta=_delta("wpm", fmt="{:+.0f}"), delta_color="off", border=True,
            help="Latest sitting's average")
c[1].metric("Fillers per minute", _value("fillers_per_min", fmt="{:.1f}"), delta=_delta("fillers_per_min"),
            delta_color="inverse", border=True)
c[2].metric("STAR completeness", _value("star_completeness", 100, "{:.0f}%"),
            delta=_delta("star_completeness", 100, "{:+.0f} pts"), border=True)
c[3].metric("Answers on budget", _value("on_budget_share", 100, "{:.0f}%"),
            delta=_delta("on_budget_share", 100, "{:+.0f} pts"), border=True)

st.subheader("Across sittings")
if len(sessions) < 2:
    st.caption("One sitting so far. The trend lines appear from your second sitting on.")
else:
    left, right = st.columns(2)
    with left:
        charts.trend(sessions, "wpm", "Words per minute")
        charts.trend(sessions.dropna(subset=["star_completeness"]), "star_completeness", "STAR completeness", percent=True)
    with right:
        charts.trend(sessions, "fillers_per_min", "Fillers per minute")
        charts.trend(sessions.dropna(subset=["on_budget_share"]), "on_budget_share", "Answers on budget", percent=True)

st.subheader("By round, kind and question")
COLUMNS = {
    "label": st.column_config.TextColumn("", width="medium"),
    "answers": st.column_config.NumberColumn("answers"),
    "wpm": st.column_config.NumberColumn("words / min", format="%.0f"),
    "fillers_per_min": st.column_config.NumberColumn("fillers / min", format="%.1f"),
    "long_pauses": st.column_config.NumberColumn("long pauses", format="%.1f"),
    "star_completeness": st.column_config.ProgressColumn("STAR", min_value=0.0, max_value=1.0, format="percent"),
    "on_budget_share": st.column_config.ProgressColumn("on budget", min_value=0.0, max_value=1.0, format="percent"),
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
        st.dataframe(frame[list(COLUMNS)], column_config=COLUMNS, hide_index=True)


st.subheader("Listen again")
st.caption("Your strongest and weakest answers so far, by their mean score.")


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
                    st.caption(f"Score {score:.0f} / 100 · {answer.created_at.replace('T', ' ')[:16]} · "
                               f"{(row.get('wpm') or 0):.0f} words/min · attempt {answer.attempt}")
                    st.audio(answer.audio_path.read_bytes(), format="audio/wav" if answer.audio_path.suffix == ".wav" else None)
