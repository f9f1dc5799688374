"""Practice: choose a sitting, hear each question, answer aloud, and get the scorecard.

The page holds only the state of the sitting (which question, which answers); planning, saving, transcription,
analysis and the summary are the core's (voicemock.interview.plan, voicemock.sessions.pipeline, voicemock.analysis,
voicemock.sessions.summary).
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from voicemock import format as fmt
from voicemock.errors import VoicemockError
from voicemock.interview.guide import QUESTION_KINDS
from voicemock.interview.guides import DEFAULT_GUIDE, find_guide, list_guides
from voicemock.interview.plan import plan_drill, plan_loop, plan_questions, plan_round
from voicemock.sessions.progress import section
from voicemock.speech.audio import wav_info

from ui import resources
from ui.stories import practise_next_list, story_comparison
from ui.components import (
    clock,
    guarded,
    inject_style,
    kind_label,
    md_text,
    question_card,
    question_player,
    scorecard,
    scorecard_metrics,
    show_error,
)
from ui.interview import answer_clock, attempt_changes, follow_up_card, mic_check_result, sitting_summary, take_label

MODES = {"loop": "Full loop", "round": "One round", "drill": "Drill", "questions": "Chosen questions"}
UPLOAD_TYPES = ["wav", "mp3", "m4a", "ogg", "webm", "flac"]

inject_style()
S = st.session_state


# --------------------------------------------------------------------------- state


def _reset_sitting() -> None:
    for key in [k for k in S.keys() if str(k).startswith("pr_")]:
        del S[key]


def _fresh_state(plan, session_id: str, settings: dict) -> None:
    _reset_sitting()
    S.pr_plan = plan
    S.pr_session_id = session_id
    S.pr_settings = settings
    S.pr_index = 0
    S.pr_results = {}  # question position -> the current attempt: {"answer_id", "audio_path", "scorecard" | "error"}
    S.pr_history = {}  # question position -> earlier attempts (the same dicts), oldest first
    S.pr_attempt = {}  # question position -> attempts made before the current one (new widget keys on retry)
    S.pr_follow = {}  # answer id -> {"probe": {...}, "result": {...} | None, "skipped": bool}
    S.pr_seen = set()  # ids of recordings already taken in
    S.pr_done = False
    S.pr_checking = bool(settings.get("check_mic"))


def _start(plan, settings: dict) -> None:
    session = resources.store().create_session(plan)
    _fresh_state(plan, session.id, settings)


def _resume(session_id: str) -> None:
    """Continue a sitting cut short, from what the store holds: its plan, its answers, the next question."""
    store = resources.store()
    plan = store.session_plan(session_id)
    _fresh_state(plan, session_id, _default_settings())
    S.pr_checking = False
    for answer in store.answers(session_id):
        try:
            card = store.load_analysis(answer)
        except VoicemockError:
            card = None
        entry = {"answer_id": answer.id, "audio_path": str(answer.audio_path)}
        if card is not None:
            entry["scorecard"] = card
        else:
            entry["error"] = answer.error or "this answer has not been transcribed yet: try the transcription again"
        if answer.is_follow_up:
            followed = next((r for r in [S.pr_results.get(answer.position), *S.pr_history.get(answer.position, [])]
                             if r and r.get("attempt") == answer.follows), None)
            if followed is not None:
                S.pr_follow[followed["answer_id"]] = {"probe": {"text": answer.probe, "reason": answer.probe_reason,
                                                                "source": "guide" if answer.probe_reason == "guide" else "analysis"},
                                                      "result": entry, "skipped": False}
            continue
        entry["attempt"] = answer.attempt
        if answer.position in S.pr_results:
            S.pr_history.setdefault(answer.position, []).append(S.pr_results[answer.position])
            S.pr_attempt[answer.position] = S.pr_attempt.get(answer.position, 0) + 1
        S.pr_results[answer.position] = entry
    record = store.get_session(session_id)
    left = [p for p in record.positions if p not in record.answered_positions]
    after = [p for p in left if p > max(record.answered_positions or (0,))]
    target = (after or left or [plan.questions[-1].position])[0]
    S.pr_index = next(i for i, q in enumerate(plan.questions) if q.position == target)


def _default_settings() -> dict:
    from voicemock.speech.models import DEFAULT_MODEL

    return {"voice": resources.PER_ROUND, "rate": 165, "model": DEFAULT_MODEL, "probes": True, "check_mic": False}


def _go_next() -> None:
    S.pr_index += 1
    if S.pr_index >= len(S.pr_plan.questions):
        S.pr_done = True


def _retry(position: int) -> None:
    current = S.pr_results.pop(position, None)
    if current and "scorecard" in current:
        S.pr_history.setdefault(position, []).append(current)
    S.pr_attempt[position] = S.pr_attempt.get(position, 0) + 1
    S.pop("pr_rec_started", None)


# --------------------------------------------------------------------------- answers


def _take_answer(question, audio: bytes | Path, source: str, name: str | None, transcript=None) -> None:
    """Save the recording first (it is on disk before any processing), then transcribe and analyse it.

    `transcript`: made while the person spoke (the local microphone); then the recording is only analysed."""
    from voicemock.sessions import pipeline

    store = resources.store()
    try:
        answer = pipeline.save_answer(store, S.pr_session_id, question, audio, source=source, original_name=name)
    except VoicemockError as error:  # nothing usable was saved (empty or unreadable audio)
        S.pr_results[question.position] = {"error": str(error), "answer_id": None}
        return
    S.pr_results[question.position] = {"answer_id": answer.id, "audio_path": str(answer.audio_path),
                                       "attempt": answer.attempt}
    _process(S.pr_results[question.position], transcript)


def _process(result: dict, transcript=None) -> None:
    from voicemock.sessions import pipeline

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


def _continue_offers() -> None:
    """Sittings cut short (a reload, a closed tab, a crash), offered to continue where they stopped."""
    ok, unfinished = guarded(resources.store().unfinished_sessions)
    if not ok or not unfinished:
        return
    with st.container(border=True):
        st.markdown("**Continue where you stopped**")
        for record, position in unfinished[:3]:
            number = record.positions.index(position) + 1
            label = f"Continue {record.title} at question {number}"
            c1, c2 = st.columns([3, 2])
            c2.caption(f"{fmt.when(record.created_at)} · {fmt.answered(len(record.answered_positions), record.question_count)}")
            if c1.button(md_text(label), icon=":material/resume:", key=f"resume_{record.id}"):
                ok, _ = guarded(lambda: _resume(record.id))
                if ok:
                    st.rerun()


def _setup() -> None:
    st.title("Practice")
    st.caption("Each question is spoken aloud; answer out loud as you would in the interview, then read the scorecard.")
    _continue_offers()
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
    probes = st.checkbox("The interviewer asks follow-up questions", value=True, key="setup_probes",
                         help="After an answer, one follow-up aloud: about a part your answer missed, or one the guide "
                              "sets for the question. Its answer is kept and scored as a short answer.")
    first_run = not guarded(lambda: resources.store().list_sessions(include_empty=True))[1]
    check = st.checkbox("Check the microphone first", value=first_run, key="setup_check",
                        help="A short test recording: level, background noise, clipping, and a test phrase heard back.")
    return {"voice": voice, "rate": rate, "model": model, "probes": probes, "check_mic": check}


# --------------------------------------------------------------------------- one question


def _question_view() -> None:
    plan = S.pr_plan
    questions = plan.questions
    question = questions[S.pr_index]
    position = question.position
    attempt = S.pr_attempt.get(position, 0)

    head, end = st.columns([3, 1], vertical_alignment="bottom")
    head.title("Practice")
    if end.button("End sitting", icon=":material/stop_circle:", key="end_sitting"):
        S.pr_done = True
        st.rerun()
    st.progress((S.pr_index + (1 if position in S.pr_results else 0)) / len(questions), text=f"Question {S.pr_index + 1} of {len(questions)} · {plan.description}")

    rnd = question.round
    eyebrow = f"Round {rnd.number} · {rnd.name}" if rnd else "Question"
    if rnd and rnd.interviewer and rnd.interviewer.lower() not in rnd.name.lower():  # "Recruiter/HR Interview" says it
        eyebrow += f" · {rnd.interviewer}"
    chips = [kind_label(question.kind), *question.tags] + ([f"attempt {attempt + 1}"] if attempt else [])
    question_card(eyebrow, question.text, chips)

    result = S.pr_results.get(position)
    # Autoplay while the question waits for its answer. The player stays the same element across reruns (the
    # browser does not restart it); once the answer is in, the question is only played on request.
    spoken_s = _speak(question, autoplay=not (result and "scorecard" in result))

    if result and "scorecard" in result:
        _result_view(question, result)
        return

    shown = S.setdefault("pr_shown_at", {}).setdefault((position, attempt), time.time())
    started = S.get("pr_rec_started") if S.get("pr_recorder") is not None else None
    # Thinking time runs from the end of the spoken question, as the browser recorder's clock counts it.
    answer_clock(question.budget, local_started_at=started,
                 thought_s=None if started is None else started - shown - spoken_s)

    if result and result.get("error"):
        show_error(VoicemockError(result["error"]))
        if result.get("answer_id"):
            st.caption("Your recording is saved; nothing is lost. Try the transcription again, or record a new answer.")
            c1, c2, _ = st.columns([1, 1, 3])
            if c1.button("Try the transcription again", type="primary", key=f"reprocess_{position}_{attempt}"):
                _process(result)
                st.rerun()
            if c2.button("Record a new answer", key=f"rerecord_{position}_{attempt}"):
                _retry(position)
                st.rerun()
            return

    st.markdown(f"**Your answer{f' · attempt {attempt + 1}' if attempt else ''}**")
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


def _speak(question, autoplay: bool) -> float:
    """Play the question; its length in seconds (0 when it could not be spoken), so the thinking time can start at
    its end."""
    settings = S.pr_settings
    try:
        with st.spinner("The interviewer is getting ready..."):
            path = resources.speaker(settings.get("rate")).speak(
                question.text, voice=resources.voice_for(question, settings.get("voice"))
            )
    except VoicemockError as error:
        st.caption(f":material/volume_off: {error}")
        return 0.0
    question_player(path, autoplay=autoplay)
    try:
        return wav_info(path).seconds
    except VoicemockError:
        return 0.0


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
    from voicemock.speech.recorder import Recorder, require_input_device
    from voicemock.speech.transcribe import IncrementalTranscriber, speech_hints

    S.pop("pr_mic_error", None)
    try:
        require_input_device()
        live = IncrementalTranscriber(resources.transcriber(S.pr_settings.get("model")),
                                      names=speech_hints(question.text))
        path = resources.store().scratch_recording_path(S.pr_session_id, question)
        S.pr_recorder = Recorder(path, max_seconds=max(600.0, question.budget.max_s * 1.5), on_block=live.feed).start()
        S.pr_rec_started = time.time()  # the answer clock counts from here
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
        S.pop("pr_rec_started", None)
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
    earlier = [r for r in S.pr_history.get(position, []) if "scorecard" in r]
    number = len(earlier) + 1
    if number > 1:
        st.markdown(f"#### Attempt {number}")
    if result.get("audio_path"):
        st.caption("Your answer")
        st.audio(result["audio_path"])
    scorecard(card)
    story_comparison(question, card)
    if earlier:
        attempt_changes(earlier[-1]["scorecard"], card, since=number - 1)
        _best_take(position, [*earlier, result])
    if S.pr_settings.get("probes", True) and result.get("answer_id"):
        _follow_up(question, result)
    last = S.pr_index + 1 >= len(S.pr_plan.questions)
    c1, c2, _ = st.columns([1, 1, 3])
    if c1.button("Retry this question", icon=":material/replay:", key=f"retry_{position}"):
        _retry(position)
        st.rerun()
    if c2.button("Finish" if last else "Next question", type="primary", icon=":material/arrow_forward:", key=f"next_{position}"):
        _go_next()
        st.rerun()


def _best_take(position: int, takes: list[dict]) -> None:
    """The candidate marks the take that counts (by default the highest-scoring one, as the store keeps it)."""
    store = resources.store()
    ids = [t["answer_id"] for t in takes]
    ok, answers = guarded(lambda: store.answers(S.pr_session_id))
    if not ok:
        return
    best = next((a.id for a in answers if a.position == position and a.best and a.id in ids), ids[-1])
    labels = {t["answer_id"]: take_label(i, t.get("scorecard")) for i, t in enumerate(takes, start=1)}
    chosen = st.radio("Best take (counts in the summary and in Progress)", ids, index=ids.index(best),
                      format_func=labels.get, horizontal=True, key=f"best_{position}_{len(ids)}")
    if chosen != best:
        ok, _ = guarded(lambda: store.mark_best(chosen))
        if ok:
            st.rerun()


def _follow_up(question, result: dict) -> None:
    """The interviewer's one follow-up after this answer, spoken; its answer kept and scored as a short answer."""
    from voicemock.interview.probes import Probe, choose_probe, follow_up_question

    state = S.pr_follow.get(result["answer_id"])
    if state is None:
        probe = choose_probe(question, result["scorecard"])
        state = {"probe": probe.to_dict() if probe else None, "result": None, "skipped": False}
        S.pr_follow[result["answer_id"]] = state
    if not state["probe"] or state["skipped"]:
        return
    probe = Probe(**state["probe"])
    asked = follow_up_question(question, probe.text)
    done = state["result"]
    with st.container(border=True):
        follow_up_card(probe.text)
        try:
            path = resources.speaker(S.pr_settings.get("rate")).speak(
                probe.text, voice=resources.voice_for(question, S.pr_settings.get("voice")))
            question_player(path, autoplay=done is None, css_class="vm-follow-up-audio")
        except VoicemockError as error:
            st.caption(f":material/volume_off: {error}")
        if done is not None and "scorecard" in done:
            st.caption("Your follow-up answer")
            if done.get("audio_path"):
                st.audio(done["audio_path"])
            scorecard_metrics(done["scorecard"])
            with st.expander("Follow-up transcript"):
                st.markdown(md_text(section(done["scorecard"].get("transcript")).get("text") or "(no speech)"))
            return
        if done is not None and done.get("error"):
            show_error(VoicemockError(done["error"]))
        key = f"{question.position}_{result['answer_id']}"
        st.caption(f"A short answer: about {clock(asked.budget.target_s)}, at most {clock(asked.budget.max_s)}.")
        recording = st.audio_input("Answer the follow-up", key=f"fu_rec_{key}")
        upload = st.file_uploader("Or upload a recording", type=UPLOAD_TYPES, key=f"fu_up_{key}")
        got = next((r for r in (recording, upload) if r is not None and r.file_id not in S.pr_seen), None)
        if got is not None:
            S.pr_seen.add(got.file_id)
            _take_follow_up(question, result, probe, state, got.getvalue(),
                            "browser" if got is recording else "upload", got.name)
            st.rerun()
        if st.button("Skip the follow-up", icon=":material/skip_next:", key=f"fu_skip_{key}"):
            state["skipped"] = True
            st.rerun()


def _take_follow_up(question, result: dict, probe, state: dict, audio: bytes, source: str, name: str | None) -> None:
    from voicemock.sessions import pipeline

    try:
        answer = pipeline.save_answer(resources.store(), S.pr_session_id, question, audio, source=source,
                                      original_name=name, probe=probe, follows=result.get("attempt"))
    except VoicemockError as error:
        state["result"] = {"error": str(error), "answer_id": None}
        return
    state["result"] = {"answer_id": answer.id, "audio_path": str(answer.audio_path)}
    _process(state["result"])


# --------------------------------------------------------------------------- the microphone check


def _mic_check_view() -> None:
    from voicemock.speech.audio import load_audio
    from voicemock.speech.miccheck import TEST_PHRASE, check_recording

    st.title("Practice")
    st.subheader("Microphone check")
    st.markdown(f"Before the first question: record yourself reading this aloud, at your interview pace.\n\n"
                f"> {md_text(TEST_PHRASE)}")
    recording = st.audio_input("Press the microphone, read the phrase, press it again", key="check_rec")
    if recording is not None and S.get("pr_check_file") != recording.file_id:
        S.pr_check_file = recording.file_id
        try:
            samples = load_audio(recording.getvalue())
            with st.spinner("Listening to the test phrase..."):
                heard = resources.transcriber(S.pr_settings.get("model")).transcribe(samples).text
            S.pr_check = check_recording(samples, heard=heard)
            S.pop("pr_check_error", None)
        except VoicemockError as error:
            S.pr_check_error = str(error)
            S.pop("pr_check", None)
    if S.get("pr_check_error"):
        show_error(VoicemockError(S.pr_check_error))
    if S.get("pr_check") is not None:
        mic_check_result(S.pr_check)
    c1, c2, _ = st.columns([1, 1, 3])
    ready = S.get("pr_check") is not None and S.pr_check.ok
    if c1.button("Start the first question", type="primary" if ready else "secondary",
                 icon=":material/play_arrow:", key="check_done"):
        S.pr_checking = False
        st.rerun()
    if c2.button("Skip the check", key="check_skip"):
        S.pr_checking = False
        st.rerun()


# --------------------------------------------------------------------------- the end


def _summary_view() -> None:
    from voicemock.sessions.summary import summarize_session

    st.title("Practice")
    store = resources.store()
    if not S.get("pr_ended"):
        guarded(lambda: store.end_session(S.pr_session_id))
        S.pr_ended = True
    ok, summary = guarded(lambda: summarize_session(store, S.pr_session_id))
    if not ok:
        return
    sitting_summary(summary)
    c1, c2, c3 = st.columns(3)
    if summary.drill_ids:
        weakest = ", ".join(summary.drill_ids)
        if c1.button(f"Drill the weakest ({len(summary.drill_ids)})", type="primary", icon=":material/fitness_center:",
                     key="drill_weakest", help=f"A new sitting with {weakest}", width="stretch"):
            ok, _ = guarded(lambda: _start_drill(summary.drill_ids))
            if ok:
                st.rerun()
    if c2.button("Review this sitting", icon=":material/headphones:", key="to_review", width="stretch"):
        S.review_session = S.pr_session_id
        st.switch_page("ui/review.py")
    if c3.button("Start another sitting", icon=":material/restart_alt:", key="again", width="stretch"):
        _reset_sitting()
        st.rerun()


def _start_drill(question_ids) -> None:
    from voicemock.interview.plan import plan_questions

    guide = find_guide(S.pr_plan.guide or DEFAULT_GUIDE, resources.data_dir())
    settings = dict(S.pr_settings, check_mic=False)
    _start(plan_questions(guide, list(question_ids)), settings)


if S.get("resume_request"):  # "Continue" pressed in Review
    wanted = S.pop("resume_request")
    guarded(lambda: _resume(wanted))
if "pr_plan" not in S:
    _setup()
elif S.get("pr_done"):
    _summary_view()
elif S.get("pr_checking"):
    _mic_check_view()
else:
    _question_view()
