"""Practice: choose a sitting, hear each question, answer aloud, and get the scorecard.

The page holds only the state of the sitting (which question, which answers); planning, saving, transcription,
analysis and the summary are the core's (voicemock.plan, voicemock.pipeline, voicemock.analysis, voicemock.summary).
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from voicemock.errors import VoicemockError
from voicemock.guide import QUESTION_KINDS
from voicemock.guides import DEFAULT_GUIDE, find_guide, list_guides
from voicemock.plan import plan_drill, plan_loop, plan_questions, plan_round

from ui import resources
from ui.stories import practise_next_list, story_comparison
from ui.components import (
    answer_clock,
    clock,
    md_text,
    question_player,
    guarded,
    inject_style,
    kind_label,
    question_card,
    scorecard,
    show_error,
    sitting_summary,
)

MODES = {"loop": "Full loop", "round": "One round", "drill": "Drill", "questions": "Chosen questions"}
UPLOAD_TYPES = ["wav", "mp3", "m4a", "ogg", "webm", "flac"]

inject_style()
S = st.session_state


# --------------------------------------------------------------------------- state


def _reset_sitting() -> None:
    for key in [k for k in S.keys() if str(k).startswith("pr_")]:
        del S[key]


def _start(plan, settings: dict) -> None:
    store = resources.store()
    session = store.create_session(plan)
    _reset_sitting()
    S.pr_plan = plan
    S.pr_session_id = session.id
    S.pr_settings = settings
    S.pr_index = 0
    S.pr_results = {}  # question position -> {"answer_id", "audio_path", "scorecard" | "error"}
    S.pr_attempt = {}  # question position -> attempt number (new widget keys on retry)
    S.pr_shown_at = {}  # question position -> time the question appeared (the answer clock)
    S.pr_seen = set()  # ids of recordings already taken in
    S.pr_done = False


def _go_next() -> None:
    S.pr_index += 1
    if S.pr_index >= len(S.pr_plan.questions):
        S.pr_done = True


def _retry(position: int) -> None:
    S.pr_results.pop(position, None)
    S.pr_attempt[position] = S.pr_attempt.get(position, 0) + 1
    S.pr_shown_at.pop(position, None)


# --------------------------------------------------------------------------- answers


def _take_answer(question, audio: bytes | Path, source: str, name: str | None, transcript=None) -> None:
    """Save the recording first (it is on disk before any processing), then transcribe and analyse it.

    `transcript`: made while the person spoke (the local microphone); then the recording is only analysed."""
    from voicemock import pipeline

    store = resources.store()
    try:
        answer = pipeline.save_answer(store, S.pr_session_id, question, audio, source=source, original_name=name)
    except VoicemockError as error:  # nothing usable was saved (empty or unreadable audio)
        S.pr_results[question.position] = {"error": str(error), "answer_id": None}
        return
    S.pr_results[question.position] = {"answer_id": answer.id, "audio_path": str(answer.audio_path)}
    _process(question.position, transcript)


def _process(position: int, transcript=None) -> None:
    from voicemock import pipeline

    result = S.pr_results[position]
    settings = S.pr_settings
    try:
        with st.status("Transcribing your answer on this machine...", expanded=False) as status:
            transcriber = resources.transcriber(settings.get("model"))
            processed = pipeline.process_answer(resources.store(), result["answer_id"], transcriber, transcript=transcript)
            status.update(label="Transcribed and analysed", state="complete")
    except VoicemockError as error:
        result["error"] = str(error)
        result.pop("scorecard", None)
        return
    except Exception as error:  # an unexpected failure still gets one line, and the recording stays
        first = (str(error).splitlines() or [""])[0][:200]
        result["error"] = f"the transcription failed ({type(error).__name__}: {first}); your recording is kept: try again"
        result.pop("scorecard", None)
        return
    result.pop("error", None)
    result["scorecard"] = processed.scorecard.to_dict()


# --------------------------------------------------------------------------- setup


def _setup() -> None:
    st.title("Practice")
    st.caption("Each question is spoken aloud; answer out loud as you would in the interview, then read the scorecard.")
    data = resources.data_dir()
    infos = [i for i in list_guides(data) if not i.error]
    if not infos:
        st.error("No usable interview guide is installed; import one on the Guides page.")
        return
    slugs = [i.slug for i in infos]
    preferred = S.get("guide_slug", DEFAULT_GUIDE)
    left, right = st.columns([3, 2], gap="large")
    with left:
        slug = st.selectbox(
            "Guide",
            slugs,
            index=slugs.index(preferred) if preferred in slugs else 0,
            format_func=lambda s: next(i.label + ("" if i.builtin else f" (imported as {i.slug})") for i in infos if i.slug == s),
            key="setup_guide",
        )
        ok, guide = guarded(lambda: find_guide(slug, data))
        if not ok:
            return
        mode = st.segmented_control(
            "Mode", list(MODES), format_func=MODES.get, default="round", required=True, key="setup_mode"
        ) or "round"
        plan = None
        try:
            if mode == "loop":
                plan = plan_loop(guide)
            elif mode == "round":
                rounds = sorted(guide.rounds, key=lambda r: r.number)
                number = st.selectbox(
                    "Round",
                    [r.number for r in rounds],
                    format_func=lambda n: next(f"Round {r.number}: {r.name} ({r.duration_min} min)" for r in rounds if r.number == n),
                    key="setup_round",
                )
                plan = plan_round(guide, number)
            elif mode == "drill":
                c1, c2, c3 = st.columns(3)
                tag = c1.selectbox("Tag", ["Any tag", *sorted(guide.tags())], key="setup_tag")
                kind = c2.selectbox("Kind", ["Any kind", *QUESTION_KINDS], format_func=lambda k: k if k == "Any kind" else kind_label(k), key="setup_kind")
                count = c3.number_input("Questions", min_value=1, max_value=20, value=3, key="setup_count")
                if "setup_seed" not in S:
                    S.setup_seed = int(time.time()) % 1_000_000
                plan = plan_drill(
                    guide,
                    int(count),
                    tag=None if tag == "Any tag" else tag,
                    kind=None if kind == "Any kind" else kind,
                    seed=S.setup_seed,
                )
            else:
                pool = guide.all_questions()
                chosen = st.multiselect(
                    "Questions",
                    [q.id for q, _ in pool],
                    format_func=lambda qid: next(f"{qid} · {q.spoken_text}" for q, _ in pool if q.id == qid),
                    placeholder="Choose one or more questions",
                    key="setup_questions",
                )
                if chosen:
                    plan = plan_questions(guide, chosen)
                else:
                    st.info("Choose the questions to practise.")
        except VoicemockError as error:
            show_error(error)
            plan = None
    with right:
        settings = _settings_form()
    practise_next_list(guide, lambda qid: _start_chosen(guide, slug, qid, settings))
    if plan is None:
        return
    st.markdown(f"**{md_text(plan.description)}** · {len(plan.questions)} questions · about {clock(plan.total_target_s)} of answers")
    st.dataframe(
        [
            {
                "#": q.position,
                "question": q.text,
                "round": q.round.name if q.round else "",
                "kind": kind_label(q.kind),
                "target": clock(q.budget.target_s),
                "range": f"{clock(q.budget.min_s)}–{clock(q.budget.max_s)}",
            }
            for q in plan.questions
        ],
        hide_index=True,
        height=min(38 + 35 * len(plan.questions), 320),
    )
    if st.button("Start", type="primary", icon=":material/play_arrow:", key="setup_start"):
        ok, _ = guarded(lambda: _start(plan, settings))
        if ok:
            S.guide_slug = slug
            st.rerun()


def _start_chosen(guide, slug: str, question_id: str, settings: dict) -> None:
    """One click in "What to practise next": a sitting of that one question."""
    ok, _ = guarded(lambda: _start(plan_questions(guide, [question_id]), settings))
    if ok:
        S.guide_slug = slug
        st.rerun()


def _settings_form() -> dict:
    st.markdown("**Interviewer and model**")
    voices = resources.voices()
    voice = st.selectbox("Interviewer voice", [v for v, _ in voices], format_func=lambda v: dict(voices)[v],
                         key="setup_voice")
    rate = st.slider("Speaking speed (words per minute)", 120, 220, 165, step=5, key="setup_rate")
    models = resources.models()
    model = st.selectbox(
        "Speech recognition model",
        [m for m, _ in models],
        format_func=lambda m: dict(models)[m],
        key="setup_model",
    )
    return {"voice": voice, "rate": rate, "model": model}


# --------------------------------------------------------------------------- one question


def _question_view() -> None:
    plan = S.pr_plan
    questions = plan.questions
    question = questions[S.pr_index]
    position = question.position
    attempt = S.pr_attempt.get(position, 0)
    S.pr_shown_at.setdefault(position, time.time())

    head, end = st.columns([5, 1])
    head.title("Practice")
    if end.button("End sitting", icon=":material/stop_circle:", key="end_sitting"):
        S.pr_done = True
        st.rerun()
    st.progress((S.pr_index + (1 if position in S.pr_results else 0)) / len(questions), text=f"Question {S.pr_index + 1} of {len(questions)} · {plan.description}")

    rnd = question.round
    eyebrow = f"Round {rnd.number} · {rnd.name} · {rnd.interviewer}" if rnd else "Question"
    chips = [kind_label(question.kind), *question.tags]
    question_card(eyebrow, question.text, chips)

    result = S.pr_results.get(position)
    # Autoplay while the question waits for its answer. The player stays the same element across reruns (the
    # browser does not restart it); once the answer is in, the question is only played on request.
    _speak(question, autoplay=not (result and "scorecard" in result))

    if result and "scorecard" in result:
        _result_view(question, result)
        return

    answer_clock(S.pr_shown_at[position], question.budget)

    if result and result.get("error"):
        show_error(VoicemockError(result["error"]))
        if result.get("answer_id"):
            st.caption("Your recording is saved; nothing is lost. Try the transcription again, or record a new answer.")
            c1, c2, _ = st.columns([1, 1, 3])
            if c1.button("Try the transcription again", type="primary", key=f"reprocess_{position}_{attempt}"):
                _process(position)
                st.rerun()
            if c2.button("Record a new answer", key=f"rerecord_{position}_{attempt}"):
                _retry(position)
                st.rerun()
            return

    st.markdown("**Your answer**")
    tab_browser, tab_local, tab_upload = st.tabs(
        [":material/mic: Record in the browser", ":material/settings_voice: This computer's microphone", ":material/upload: Upload a recording"]
    )
    with tab_browser:
        recording = st.audio_input(
            "Press the microphone to start, and again to stop", key=f"rec_{position}_{attempt}"
        )
        if recording is not None and recording.file_id not in S.pr_seen:
            S.pr_seen.add(recording.file_id)
            _take_answer(question, recording.getvalue(), "browser", recording.name)
            st.rerun()
    with tab_local:
        _local_recorder(question, attempt)
    with tab_upload:
        upload = st.file_uploader(
            "An existing recording of your answer", type=UPLOAD_TYPES, key=f"up_{position}_{attempt}"
        )
        if upload is not None and upload.file_id not in S.pr_seen:
            S.pr_seen.add(upload.file_id)
            _take_answer(question, upload.getvalue(), "upload", upload.name)
            st.rerun()

    if st.button("Skip this question", icon=":material/skip_next:", key=f"skip_{position}_{attempt}"):
        _go_next()
        st.rerun()


def _speak(question, autoplay: bool) -> None:
    settings = S.pr_settings
    try:
        with st.spinner("The interviewer is getting ready..."):
            path = resources.speaker(settings.get("rate")).speak(
                question.text, voice=resources.voice_for(question, settings.get("voice"))
            )
    except VoicemockError as error:
        st.caption(f":material/volume_off: {error}")
        return
    question_player(path, autoplay=autoplay)


def _local_recorder(question, attempt: int) -> None:
    """The microphone of the machine running voicemock: live time and level, and a stop button."""
    st.caption("Records with the microphone of the computer that runs voicemock, when the app runs on your own machine.")
    recorder = S.get("pr_recorder")
    if recorder is None:
        if st.button("Start recording", icon=":material/fiber_manual_record:", key=f"mic_start_{question.position}_{attempt}"):
            _start_local(question)
            st.rerun()
        if S.get("pr_mic_error"):
            show_error(VoicemockError(S.pr_mic_error))
        return
    _live_meter(question)


def _start_local(question) -> None:
    """Record with this machine's microphone; finished stretches are transcribed while the person speaks."""
    from voicemock.recorder import Recorder, require_input_device
    from voicemock.transcribe import IncrementalTranscriber

    S.pop("pr_mic_error", None)
    try:
        require_input_device()
        live = IncrementalTranscriber(resources.transcriber(S.pr_settings.get("model")))
        path = resources.store().scratch_recording_path(S.pr_session_id, question)
        S.pr_recorder = Recorder(path, max_seconds=max(600.0, question.budget.max_s * 1.5), on_block=live.feed).start()
        S.pr_live = live
    except VoicemockError as error:
        S.pr_mic_error = str(error)


@st.fragment(run_every=0.5)
def _live_meter(question) -> None:
    recorder = S.get("pr_recorder")
    if recorder is None:
        return
    c1, c2 = st.columns([1, 3])
    c1.metric("Recording", clock(recorder.elapsed))
    with c2:
        st.caption("Input level")
        st.progress(min(1.0, recorder.level * 4))
    if st.button("Stop", type="primary", icon=":material/stop:", key="mic_stop") or not recorder.recording:
        S.pr_recorder = None
        live = S.pop("pr_live", None)
        try:
            recording = recorder.stop()
        except VoicemockError as error:
            S.pr_mic_error = str(error)
            st.rerun(scope="app")
        transcript = live.finish_or_none() if live is not None else None
        _take_answer(question, recording.path, "mic", None, transcript)
        st.rerun(scope="app")


def _result_view(question, result: dict) -> None:
    position = question.position
    card = result["scorecard"]
    if result.get("audio_path"):
        st.caption("Your answer")
        st.audio(result["audio_path"])
    scorecard(card)
    story_comparison(question, card)
    last = S.pr_index + 1 >= len(S.pr_plan.questions)
    c1, c2, _ = st.columns([1, 1, 3])
    if c1.button("Retry this question", icon=":material/replay:", key=f"retry_{position}"):
        _retry(position)
        st.rerun()
    if c2.button("Finish" if last else "Next question", type="primary", icon=":material/arrow_forward:", key=f"next_{position}"):
        _go_next()
        st.rerun()


# --------------------------------------------------------------------------- the end


def _summary_view() -> None:
    from voicemock.summary import summarize_sitting

    st.title("Practice")
    plan = S.pr_plan
    answered = [(q, S.pr_results[q.position]["scorecard"]) for q in plan.questions if "scorecard" in S.pr_results.get(q.position, {})]
    summary = summarize_sitting(plan, answered)
    sitting_summary(plan, summary)
    c1, c2, _ = st.columns([1, 1, 3])
    if c1.button("Review this sitting", type="primary", icon=":material/headphones:", key="to_review"):
        S.review_session = S.pr_session_id
        st.switch_page("ui/review.py")
    if c2.button("Start another sitting", icon=":material/restart_alt:", key="again"):
        _reset_sitting()
        st.rerun()


if "pr_plan" not in S:
    _setup()
elif S.get("pr_done"):
    _summary_view()
else:
    _question_view()
