"""Review: every attempt at one question with its transcript and metrics, the best take, two attempts side by side
(transcript diff and metric deltas), and the interviewer's follow-up with its answer. Self-contained: review.py
calls `question_attempts()` once per question.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from voicemock import format as fmt
from voicemock.errors import VoicemockError
from voicemock.sessions.attempts import transcript_diff
from voicemock.sessions.progress import section

from ui.components import esc, guarded, md_text, scorecard_metrics
from ui.interview import attempt_changes, take_label

DIFF_STYLE = {"added": "background:#d9f0e0;", "removed": "background:#f9dcdc; text-decoration:line-through;",
              "same": ""}


def _analysis(store, answer) -> dict[str, Any] | None:
    try:
        return store.load_analysis(answer)
    except VoicemockError:
        return None


def _audio(answer) -> None:
    from voicemock.speech.audio import audio_mime

    if answer.audio_path.is_file():
        st.audio(answer.audio_path.read_bytes(), format=audio_mime(answer.audio_path))


def question_attempts(store, session_id: str, position: int, answers: list) -> None:
    """Below the question's main card in Review: the follow-up, then every attempt and the comparison."""
    mine = [a for a in answers if a.position == position]
    takes = [a for a in mine if not a.is_follow_up]
    for follow in (a for a in mine if a.is_follow_up):
        _follow_up(store, follow, takes)
    if len(takes) < 2:
        return
    cards = {a.id: _analysis(store, a) for a in takes}
    numbers = {a.id: i for i, a in enumerate(takes, start=1)}
    with st.expander(f"All {len(takes)} attempts · compare two", icon=":material/compare_arrows:"):
        best = next((a for a in takes if a.best), None)
        ids = [a.id for a in takes]
        chosen = st.radio("Best take (counts in the summary and in Progress)", ids,
                          index=ids.index(best.id) if best else len(ids) - 1,
                          format_func=lambda i: take_label(numbers[i], cards[i]) + (" · marked" if next(
                              a for a in takes if a.id == i).marked_best else ""),
                          horizontal=True, key=f"review_best_{session_id}_{position}")
        if best is not None and chosen != best.id:
            ok, _ = guarded(lambda: store.mark_best(chosen))
            if ok:
                st.rerun()
        for answer in takes:
            card = cards[answer.id]
            st.markdown(f"**Attempt {numbers[answer.id]}**" + (" · best take" if answer.best else "")
                        + f" · {fmt.when(answer.created_at)}")
            _take(answer, card)
        _side_by_side(session_id, position, takes, cards, numbers)


def _side_by_side(session_id: str, position: int, takes: list, cards: dict, numbers: dict) -> None:
    st.markdown("**Side by side**")
    scored = [a.id for a in takes if cards[a.id] is not None]
    if len(scored) < 2:
        st.caption("Two transcribed attempts are needed to compare.")
        return
    c1, c2 = st.columns(2)
    left = c1.selectbox("Earlier", scored, index=len(scored) - 2, format_func=lambda i: f"Attempt {numbers[i]}",
                        key=f"cmp_a_{session_id}_{position}")
    right = c2.selectbox("Later", scored, index=len(scored) - 1, format_func=lambda i: f"Attempt {numbers[i]}",
                         key=f"cmp_b_{session_id}_{position}")
    if left == right:
        st.caption("Choose two different attempts.")
        return
    attempt_changes(cards[left], cards[right], since=numbers[left])
    before = section(cards[left].get("transcript")).get("text") or ""
    after = section(cards[right].get("transcript")).get("text") or ""
    pieces = transcript_diff(before, after)
    st.html('<div class="vm-diff" style="line-height:1.7;">' + " ".join(
        f'<span class="vm-{p.kind}" style="{DIFF_STYLE[p.kind]}">{esc(p.text)}</span>' for p in pieces) + "</div>")
    st.caption(f"Green: said only in attempt {numbers[right]}. Struck through: said only in attempt {numbers[left]}.")


def _follow_up(store, follow, takes: list) -> None:
    """The interviewer's follow-up and its answer, shown with the question it follows."""
    card = _analysis(store, follow)
    followed = next((i for i, a in enumerate(takes, start=1) if a.attempt == follow.follows), None)
    with st.container(border=True):
        st.markdown(f"**Follow-up** (after attempt {followed or '?'}): {md_text(follow.probe or '')}")
        _take(follow, card)


def _take(answer, card: dict | None) -> None:
    """One recording: its player, then its metrics and transcript once it has been transcribed."""
    _audio(answer)
    if card is None:
        st.caption("Not transcribed yet.")
        return
    scorecard_metrics(card)
    st.caption(md_text(section(card.get("transcript")).get("text") or "(no speech)"))
