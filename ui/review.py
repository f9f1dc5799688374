"""Review: past sittings, each answer with its recording, marked transcript, charts and the session's exports."""

from __future__ import annotations

import streamlit as st

from voicemock import format as fmt
from voicemock.errors import VoicemockError
from voicemock.speech.audio import audio_mime

from ui import charts, resources
from ui.components import (
    coaching,
    guarded,
    inject_style,
    kind_label,
    md_text,
    question_card,
    scorecard_metrics,
    scorecard_notes,
    show_error,
)
from ui.attempts import question_attempts
from ui.interview import continue_button
from ui.player import transcript_player

EXPORTS = {"md": ("Markdown report", "text/markdown"), "html": ("HTML report", "text/html"),
           "json": ("JSON data", "application/json")}

inject_style()
S = st.session_state
st.title("Review")
st.caption("Listen again, read what you said with the problems marked, and download the session.")

store = resources.store()


def _unsaved_recordings() -> None:
    """Microphone answers cut off when the app or the terminal stopped mid-recording: offer to keep them."""
    from voicemock.sessions import pipeline

    waiting = pipeline.unsaved_recordings(store)
    if not waiting:
        return
    with st.container(border=True):
        st.markdown(f"**{len(waiting)} microphone recording{'s were' if len(waiting) > 1 else ' was'} never saved** "
                    "(the app or the terminal stopped while you were answering). Everything that reached the disk "
                    "is kept; put it with its session as a new attempt at its question.")
        if not st.button("Save and transcribe", icon=":material/restore:", key="recover_recordings"):
            return
        with st.status("Saving the recordings into their sessions...") as status:
            report = pipeline.recover_recordings(store)
            for answer in report.attached:
                try:
                    pipeline.process_answer(store, answer.id, resources.transcriber(None))
                except VoicemockError:
                    pass  # kept, and shown with its error and a retry button below
            status.update(label="Saved", state="complete")
        lines = [f"Saved {len(report.attached)} recording{'s' if len(report.attached) != 1 else ''} into "
                 f"{'their sessions' if len(report.attached) != 1 else 'its session'}."]
        lines += [md_text(f"Kept {kept.path.name}: {kept.reason}.") for kept in report.kept]
        S.review_flash = " ".join(lines)
        if report.attached:
            S.review_session = report.attached[-1].session_id
        st.rerun()


if S.get("review_flash"):  # what the last action did, shown once after its rerun
    st.success(S.pop("review_flash"), icon=":material/check_circle:")
_unsaved_recordings()
ok, sessions = guarded(store.list_sessions)
if not ok:
    st.stop()
if not sessions:
    st.info("No sessions yet. Answer a few questions on the Practice page and they will appear here.",
            icon=":material/info:")
    st.page_link("ui/practice.py", label="Go to Practice", icon=":material/mic:")
    st.stop()

ids = [s.id for s in sessions]
wanted = S.pop("review_session", None)
if wanted in ids:
    S["review_pick"] = wanted
by_id = {s.id: s for s in sessions}


def _label(session_id: str) -> str:
    s = by_id[session_id]
    return f"{fmt.when(s.created_at)} · {s.title} · {fmt.answered(s.answered_count, s.question_count)}"


session_id = st.selectbox("Session", ids, format_func=_label, key="review_pick")
session = by_id[session_id]

ok, answers = guarded(lambda: store.answers(session_id))
if not ok:
    st.stop()

def _guide_title() -> str:
    from voicemock.interview.guides import guide_label

    return session.guide_title or guide_label(session.guide, resources.data_dir())


about = fmt.description(session.description)
head = st.columns([3, 1, 1])
head[0].markdown(f"### {md_text(session.title)}")
head[0].caption(" · ".join(md_text(x) for x in (_guide_title(), about if about != session.title else "",
                                                 fmt.when(session.created_at)) if x))
head[1].metric("Answered", f"{session.answered_count} of {session.question_count}",
               help="Questions with a transcribed answer; retries of one question count once.")
head[2].metric("Recordings", session.answer_count, help="Every attempt, retries included.")


def _exports() -> None:
    from voicemock.sessions import report

    for kind, (label, mime) in EXPORTS.items():
        # Built only when clicked: the HTML report embeds the recordings.
        st.download_button(label, data=lambda f=kind: report.export_session(store, session_id, f),
                           file_name=f"{session_id}.{kind}", mime=mime, icon=":material/download:",
                           key=f"export_{kind}", on_click="ignore", width="stretch")
    st.caption("The HTML report holds the recordings (compressed) and plays from any sentence.")


actions = st.columns(2)
with actions[0].popover("Download the session", icon=":material/download:", width="stretch"):
    _exports()
continue_button(store, session)


def _manage() -> None:
    """Transcribe the whole session again (another model, or after an update), or delete it."""
    from voicemock.sessions import pipeline

    with actions[1].popover("Transcribe again or delete", icon=":material/settings:", width="stretch"):
        left, right = st.container(), st.container()
        with left:
            models = resources.models()
            model = st.selectbox("Speech recognition model", [m for m, _ in models], format_func=dict(models).get,
                                 key="review_model")
            st.caption("The current results stay until the new ones are complete.")
            if st.button("Transcribe and analyse again", icon=":material/refresh:", key="review_reanalyze",
                         disabled=not answers):
                try:
                    with st.status("Transcribing the session again...") as status:
                        redone, failed = pipeline.reanalyze(store, session_id, resources.transcriber(model),
                                                            progress=lambda label: status.update(label=f"Transcribing {label}..."))
                        status.update(label="Done", state="complete")
                except VoicemockError as error:
                    show_error(error)
                    return
                note = f"Transcribed and analysed {len(redone)} answer{'s' if len(redone) != 1 else ''} again with {model}."
                S.review_flash = " ".join([note, *(md_text(f"Not finished: {f}.") for f in failed)])
                S.review_session = session_id
                st.rerun()
        st.divider()
        with right:
            sure = st.checkbox("Delete this session and its recordings for good", key=f"review_sure_{session_id}")
            if st.button("Delete session", icon=":material/delete:", key="review_delete", disabled=not sure):
                ok, _ = guarded(lambda: store.delete_session(session_id))
                if ok:
                    S.pop("review_pick", None)
                    S.review_flash = f"Deleted the session “{md_text(session.title)}”."
                    st.rerun()


_manage()

if not answers:
    st.info("This session has no recorded answers yet.", icon=":material/info:")
    st.stop()

# One question at a time: its best take (else the latest), every attempt and the follow-up on request.
latest: dict[int, object] = {}
for answer in answers:
    if not answer.is_follow_up and (answer.position not in latest or not latest[answer.position].best):
        latest[answer.position] = answer
plan_questions = {}
try:
    plan_questions = {q.position: q for q in store.session_plan(session_id).questions}
except VoicemockError:
    pass


def _retranscribe(answer_id: int) -> None:
    from voicemock.sessions import pipeline

    try:
        with st.status("Transcribing the recording again...") as status:
            pipeline.process_answer(store, answer_id, resources.transcriber(None))
            status.update(label="Transcribed", state="complete")
    except VoicemockError as error:
        S[f"review_error_{answer_id}"] = str(error)
    st.rerun()


def _answer(answer) -> None:
    question = plan_questions.get(answer.position)
    rnd = question.round if question else None
    eyebrow = f"Question {answer.position}" + (f" · Round {rnd.number}: {rnd.name}" if rnd else "")
    take = sum(1 for a in answers if a.position == answer.position and not a.is_follow_up and a.attempt <= answer.attempt)
    chips = [kind_label(answer.kind), f"attempt {take}" + (" · best take" if answer.best else ""),
             fmt.source(answer.source), fmt.when(answer.created_at)]
    question_card(eyebrow, answer.question_text, chips)
    if not answer.audio_path.is_file():
        st.warning("The recording of this answer is missing from the data folder.")
        return
    audio = answer.audio_path.read_bytes()
    mime = audio_mime(answer.audio_path)
    try:
        card = store.load_analysis(answer)
    except VoicemockError as error:
        show_error(error)
        card = None
    if card is None:
        st.audio(audio, format=mime)
        message = S.get(f"review_error_{answer.id}") or answer.error
        if message:
            show_error(VoicemockError(message))
        st.caption("The recording is kept. It has not been transcribed yet.")
        if st.button("Transcribe it now", key=f"retranscribe_{answer.id}", icon=":material/refresh:"):
            _retranscribe(answer.id)
        return
    scorecard_metrics(card)
    scorecard_notes(card)
    tab_text, tab_coach, tab_charts, tab_files = st.tabs(["Transcript", "Coaching", "Charts", "Files"])
    with tab_text:
        transcript_player(card, audio, mime)
    with tab_coach:
        coaching(card)
    with tab_charts:
        if not charts.wpm_over_time(card):
            st.caption("The answer is too short for a pace chart.")
        charts.pause_timeline(card)
        charts.star_proportions(card)
    with tab_files:
        stem = f"{session_id}-q{answer.position:02d}-a{answer.attempt}"
        c = st.columns(3)
        c[0].download_button("Recording", audio, file_name=f"{stem}{answer.audio_path.suffix}",
                             mime=mime, key=f"dl_audio_{answer.id}", icon=":material/download:")
        for col, path, label in ((c[1], answer.srt_path, "Subtitles (.srt)"), (c[2], answer.vtt_path, "Subtitles (.vtt)")):
            if path.is_file():
                col.download_button(label, path.read_bytes(), file_name=f"{stem}{path.suffix}",
                                    mime="text/plain", key=f"dl_{path.suffix}_{answer.id}", icon=":material/download:")


def _question_label(position: int) -> str:
    planned = plan_questions.get(position)
    text = planned.text if planned else latest[position].question_text
    text = text if len(text) <= 80 else text[:79].rstrip() + "…"
    state = "" if position in latest else " (not answered)"
    return f"Question {position}: {text}{state}"


positions = sorted(set(plan_questions) | set(latest))
position = st.selectbox("Question", positions, format_func=_question_label, key=f"review_question_{session_id}",
                        index=positions.index(min(latest)) if latest else 0)
if position not in latest:
    planned = plan_questions[position]
    question_card(f"Question {position}", planned.text, [kind_label(planned.kind)])
    st.info("This question was not answered in this sitting.", icon=":material/info:")
    st.stop()
with st.container(border=True):
    _answer(latest[position])
    question_attempts(store, session_id, position, answers)
