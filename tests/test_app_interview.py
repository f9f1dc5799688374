"""The interview's flow in the real app (streamlit.testing.v1.AppTest, real store, real model, real speech):
attempts compared in Review, follow-ups shown with their question, a sitting continued after a reload, empty
sittings never listed, and the summary's drill."""

from __future__ import annotations

import html

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from tests.test_app import APP, _app, _ok, _texts


def test_review_shows_every_attempt_compares_two_and_the_follow_up_with_its_question(processed_home, transcriber):
    from voicemock.sessions import pipeline
    from voicemock.interview.probes import Probe
    from voicemock.sessions.store import Store

    home, session_id = processed_home
    store = Store.open(home)
    first, second = [a for a in store.answers(session_id) if a.position == 1]
    question = store.planned_question(session_id, 1)
    follow = pipeline.save_answer(store, session_id, question, second.audio_path, source="file",
                                  probe=Probe("What <b>did</b> you personally do?", "only_we", "analysis"), follows=2)
    pipeline.process_answer(store, follow.id, transcriber)

    at = _ok(_app().run())
    _ok(at.switch_page("ui/review.py").run())
    assert at.selectbox(key="review_pick").value == session_id
    shown = _texts(at)
    # The follow-up is shown with its question, escaped, scored as a short answer.
    assert "Follow-up" in shown and "What \\<b\\>did\\</b\\> you personally do?" in shown
    assert "<b>did</b>" not in shown
    labels = [e.label for e in at.expander]
    assert "All 2 attempts · compare two" in labels
    # Two attempts side by side: the metric deltas and a word diff of the transcripts (escaped).
    assert "Since attempt 1" in shown and "Overall score" in {m.label for m in at.metric}
    diff = next(h.proto.body for h in at.get("html") if "vm-diff" in h.proto.body)
    assert 'class="vm-added"' in diff and 'class="vm-removed"' in diff
    said_first = store.load_analysis(first)["transcript"]["text"].split()[0]
    assert said_first in diff
    # The candidate marks the other take as the best; the store keeps it and Review leads with it.
    best = at.radio(key=f"review_best_{session_id}_1")
    other = next(a.id for a in (first, second) if a.id != best.value)
    best.set_value(other)
    _ok(at.run())
    assert [a.id for a in store.answers(session_id) if a.best and a.position == 1] == [other]
    assert f"attempt {1 if other == first.id else 2} · best take" in _texts(at)
    # `voicemock show` lists the follow-up with its question.
    from voicemock.cli import main

    listed = CliRunner().invoke(main, ["--data-dir", str(home), "show", session_id], env={"COLUMNS": "250"})
    assert "follow-up" in listed.output and "What <b>did</b> you personally do?" in listed.output


@pytest.mark.whisper
def test_a_sitting_cut_short_is_continued_after_a_reload_and_an_empty_one_is_not_a_session(data_home, answer_wav):
    from voicemock.cli import main
    from voicemock.sessions.store import Store

    def start(at: AppTest) -> AppTest:
        at.checkbox(key="setup_check").uncheck()
        at.checkbox(key="setup_probes").uncheck()
        return _ok(at.button(key="setup_start").click().run())

    # A sitting abandoned before any answer (the tab closed) is not a session anywhere.
    start(_ok(_app().run()))
    assert Store.open(data_home).list_sessions() == []
    assert "No sessions yet" in CliRunner().invoke(main, ["--data-dir", str(data_home), "sessions"]).output

    # Answer question 1 of round 4, then the tab is reloaded: a new script run with a fresh session state.
    at = _ok(_app().run())
    at.selectbox(key="setup_round").set_value(4)
    start(_ok(at.run()))
    at.file_uploader(key="up_1_0").set_value(("answer.wav", answer_wav, "audio/wav"))
    _ok(at.run())
    session_id = at.session_state["pr_session_id"]
    assert "Answer length" in {m.label for m in at.metric}

    reloaded = _ok(_app().run())
    [offer] = [b for b in reloaded.button if b.key and b.key.startswith("resume_")]
    assert offer.key == f"resume_{session_id}"
    assert offer.label.startswith("Continue Round 4: ") and offer.label.endswith("at question 2")
    [listed] = Store.open(data_home).list_sessions()
    assert listed.id == session_id
    _ok(offer.click().run())
    assert reloaded.session_state["pr_session_id"] == session_id
    plan = Store.open(data_home).session_plan(session_id)
    assert plan.questions[1].text in _texts(reloaded)
    assert reloaded.session_state["pr_index"] == 1 and 1 in reloaded.session_state["pr_results"]

    # From Review too, after another reload.
    again = _ok(_app().run())
    _ok(again.switch_page("ui/review.py").run())
    assert again.selectbox(key="review_pick").value == session_id
    _ok(again.button(key="review_continue").click().run())
    assert again.session_state["pr_session_id"] == session_id and plan.questions[1].text in _texts(again)

    again.switch_page("ui/practice.py")  # AppTest reruns the page it was last told to, not the one switched to

    # Finish it: it is no longer offered, and the summary's drill starts a sitting on the weakest question.
    _ok(again.button(key="end_sitting").click().run())
    assert "drill_weakest" in [b.key for b in again.button]
    assert not [b for b in _ok(_app().run()).button if b.key and b.key.startswith("resume_")]
    _ok(again.button(key="drill_weakest").click().run())
    drill = again.session_state["pr_plan"]
    assert drill.mode == "questions" and [q.id for q in drill.questions] == [plan.questions[0].id]
    assert again.session_state["pr_session_id"] != session_id
    assert html.escape(drill.questions[0].text, quote=True) in _texts(again)
