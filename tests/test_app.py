"""The Streamlit app, run for real with streamlit.testing.v1.AppTest: real guides, real SQLite store, real espeak
question audio, the real faster-whisper model on real speech, real analysis.

AppTest runs the app in this process, so st.cache_resource keeps one Whisper model for all the tests here.
"""

from __future__ import annotations

import base64
import io
import json
import wave
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from voicemock.interview.guides import find_guide
from voicemock.interview.probes import FOLLOW_UP_BUDGET

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=180)


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    """Everything the page shows as text (markdown, captions, html, metrics, alerts), for searching."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [h.proto.body for h in at.get("html")]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    parts += [a.value for kind in ("error", "warning", "info", "success") for a in at.get(kind)]
    return "\n".join(parts)


def _pcm(flac: bytes):
    """The 16-bit samples of a FLAC file, decoded with PyAV."""
    import av

    with av.open(io.BytesIO(flac)) as source:
        return np.concatenate([frame.to_ndarray().reshape(-1) for frame in source.decode(audio=0)])


def _answer_dirs(home: Path) -> list[Path]:
    return sorted(p for p in (home / "sessions").glob("*/q*-a*") if p.is_dir())


# --------------------------------------------------------------------------- Guides


def test_guides_page_shows_each_round_and_imports_a_guide_with_clear_errors(data_home, seed_guide_text_path):
    import logging

    from streamlit.elements.lib import policies

    class Keep(logging.Handler):
        def emit(self, record):
            widget_warnings.append(record)

    widget_warnings: list[logging.LogRecord] = []
    policies._shown_default_value_warning = False  # Streamlit logs it once per process
    logging.getLogger(policies.__name__).addHandler(keep := Keep())
    try:
        _guides_page(data_home, seed_guide_text_path, widget_warnings)
    finally:
        logging.getLogger(policies.__name__).removeHandler(keep)


def _guides_page(data_home, seed_guide_text_path, widget_warnings):
    at = _ok(_app().run())
    _ok(at.switch_page("ui/guides.py").run())
    guide = find_guide()
    labels = [e.label for e in at.expander]
    for rnd in guide.rounds:
        assert any(f"Round {rnd.number}" in label and rnd.interviewer in label and f"{rnd.duration_min} min" in label
                   for label in labels), labels
    shown = _texts(at)
    for heading in ("What interviewers look for", "Evaluation criteria", "Preparation tips", "Common reasons for rejection"):
        assert heading in shown
    first = guide.rounds[0]
    assert first.looks_for[0] in shown and first.rejection_reasons[0] in shown

    # A malformed guide is refused with its one-line reason (file, line, field) and nothing is saved.
    at.file_uploader(key="guide_upload").set_value(("broken.yaml", b"company: X\nrole: Y\nrounds: 3\n", "text/yaml"))
    _ok(at.button[0].click().run())
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "broken.yaml, line 3" in errors[0] and "rounds" in errors[0] and "\n" not in errors[0]
    assert not list((data_home / "guides").glob("*.yaml"))

    # Every mistake of a file at once, each with its own line.
    two = b"company: X\nrole: Y\nrounds:\n- number: one\n  name: A\n  kind: k\n  duration_min: 30\n  questions: []\n"
    at.file_uploader(key="guide_upload").set_value(("two.yaml", two, "text/yaml"))
    _ok(at.button[0].click().run())
    [error] = [e.value for e in at.error]
    assert "3 mistakes" in error and "two.yaml, line 4: rounds\\[0\\].number" in error and "interviewer" in error
    assert "line 8: rounds\\[0\\].questions: must not be empty" in error

    # The seed guide in its plain-text layout is converted, validated and installed, then offered everywhere.
    at.file_uploader(key="guide_upload").set_value(
        ("seed.txt", seed_guide_text_path.read_bytes(), "text/plain"))
    at.text_input(key="guide_slug_input").set_value("my-seed")
    _ok(at.button[0].click().run())
    assert (data_home / "guides" / "my-seed.yaml").is_file()
    [success] = [s.value for s in at.success]
    assert "my-seed" in success
    assert "r2q2: \\[specific Coursera service\\] is left to fill in by hand" in success  # placeholders listed
    assert "is spoken as “course recommendations”" in success
    [warning] = [w.value for w in at.warning]
    assert "repeats the installed guide “coursera-em-m4” (built-in)" in warning  # the seed is the built-in guide
    assert at.selectbox(key="guides_browse").value == "my-seed"
    assert not [r for r in widget_warnings if "Session State" in r.getMessage()]  # no stack trace in the terminal
    _ok(at.switch_page("ui/practice.py").run())
    assert at.selectbox(key="setup_guide").value == "my-seed"
    assert any("imported as my-seed" in option for option in at.selectbox(key="setup_guide").options)


def test_guide_text_is_escaped_in_the_page(data_home):
    """A guide whose texts hold HTML shows them as text: nothing of it reaches the page as markup."""
    evil = "<img src=x onerror=alert(1)>"
    at = _ok(_app().run())
    _ok(at.switch_page("ui/guides.py").run())
    base = (Path(__file__).resolve().parent.parent / "content" / "coursera-em-m4.yaml").read_text(encoding="utf-8")
    doctored = base.replace("text: Why are you interested in Coursera?", f"text: 'Why {evil} Coursera?'")
    assert doctored != base
    at.file_uploader(key="guide_upload").set_value(("evil.yaml", doctored.encode(), "text/yaml"))
    at.text_input(key="guide_slug_input").set_value("evil")
    _ok(at.button[0].click().run())
    _ok(at.switch_page("ui/practice.py").run())
    at.selectbox(key="setup_guide").set_value("evil")
    _ok(at.run())
    at.checkbox(key="setup_check").uncheck()  # straight to the question
    _ok(at.button(key="setup_start").click().run())
    bodies = "\n".join(h.proto.body for h in at.get("html"))
    assert "Why &lt;img src=x onerror=alert(1)&gt; Coursera?" in bodies
    assert evil not in bodies


# --------------------------------------------------------------------------- Practice -> Review -> Progress


def _question_player(at) -> str:
    """The HTML of the question's player (one per page)."""
    players = [h.proto.body for h in at.get("html") if "vm-question-audio" in h.proto.body]
    assert len(players) == 1
    return players[0]


@pytest.mark.whisper
def test_practice_round_end_to_end(data_home, answer_wav, answer_words, silent_wav):
    pytest.importorskip("voicemock.analysis", reason="the analysis area is not in the tree yet")
    at = _ok(_app().run())
    assert at.segmented_control(key="setup_mode").value == "round"
    plan_questions = find_guide().round(1).questions
    assert at.checkbox(key="setup_check").value and at.checkbox(key="setup_probes").value  # a first run
    _ok(at.button(key="setup_start").click().run())

    # The first run checks the microphone first: a recording in which nobody speaks is too quiet, with what to do.
    at.audio_input(key="check_rec").set_value(("check.wav", silent_wav, "audio/wav"))
    _ok(at.run())
    warned = [w.value for w in at.warning]
    assert any(w.startswith("Too quiet") and "move closer" in w for w in warned), warned
    assert {"Speech level", "Noise floor", "Clipping"} <= {m.label for m in at.metric}
    _ok(at.button(key="check_skip").click().run())

    # Question 1 is shown and spoken: a real espeak WAV in an autoplaying player.
    assert plan_questions[0].spoken_text in _texts(at)
    player = _question_player(at)
    assert " autoplay " in player
    spoken = base64.b64decode(player.split("base64,", 1)[1].split('"', 1)[0])
    with wave.open(io.BytesIO(spoken)) as wav:
        assert wav.getnframes() / wav.getframerate() > 1.0

    # This machine has no microphone: the local recorder says so in one line, and nothing breaks.
    _ok(at.button(key="mic_start_1_0").click().run())
    assert any("no microphone found" in e.value for e in at.error)

    # The browser microphone: the WAV st.audio_input hands over is kept, transcribed and scored.
    at.audio_input(key="rec_1_0").set_value(("answer.wav", answer_wav, "audio/wav"))
    _ok(at.run())
    folders = _answer_dirs(data_home)
    assert [f.name for f in folders] == ["q01-a1"]
    # Kept as lossless FLAC: the very samples the browser recorded.
    assert np.array_equal(_pcm((folders[0] / "answer.flac").read_bytes()), np.frombuffer(answer_wav[44:], "<i2"))
    analysis = json.loads((folders[0] / "analysis.json").read_text())
    metrics = {m.label: m.value for m in at.metric}
    seconds = int(analysis["duration_s"])  # m:ss rounded down, as the live clock counts
    assert metrics["Answer length"] == f"{seconds // 60}:{seconds % 60:02d}"
    assert 60 < float(metrics["Pace (wpm)"]) < 260
    heard = analysis["transcript"]["text"].lower()
    assert len({w for w in answer_words if w in heard}) >= len(answer_words) // 2
    assert "Top tips" in _texts(at)
    # Moving on does not replay the question: autoplay only on its first showing.
    assert "autoplay" not in _question_player(at)

    # The interviewer follows up, aloud: the follow-up answer is kept with question 1 and scored as a short answer.
    follow_players = [h.proto.body for h in at.get("html") if "vm-follow-up-audio" in h.proto.body]
    assert len(follow_players) == 1 and " autoplay " in follow_players[0]
    first_id = at.session_state["pr_results"][1]["answer_id"]
    probe = at.session_state["pr_follow"][first_id]["probe"]["text"]
    assert probe in _texts(at)
    at.audio_input(key=f"fu_rec_1_{first_id}").set_value(("follow.wav", answer_wav, "audio/wav"))
    _ok(at.run())
    assert [f.name for f in _answer_dirs(data_home)] == ["q01-a1", "q01-a2"]
    follow_meta = json.loads((_answer_dirs(data_home)[1] / "answer.json").read_text())
    assert follow_meta["probe"]["text"] == probe and follow_meta["probe"]["follows"] == 1
    assert "Follow-up transcript" in [e.label for e in at.expander]
    follow_analysis = json.loads((_answer_dirs(data_home)[1] / "analysis.json").read_text())
    assert follow_analysis["budget"]["target_s"] == FOLLOW_UP_BUDGET.target_s

    # Retry with a recording in which nobody speaks: kept on disk, labelled attempt 2, and the page says no speech
    # was heard and what changed since attempt 1; the first take stays the best one.
    _ok(at.button(key="retry_1").click().run())
    assert "attempt 2" in _texts(at)
    at.file_uploader(key="up_1_1").set_value(("silence.wav", silent_wav, "audio/wav"))
    _ok(at.run())
    assert [f.name for f in _answer_dirs(data_home)] == ["q01-a1", "q01-a2", "q01-a3"]
    shown = _texts(at)
    assert "No speech was heard" in shown and "Attempt 2" in shown and "Since attempt 1" in shown
    assert "Overall score" in {m.label for m in at.metric}
    best = at.radio(key="best_1_2")
    assert best.value == first_id
    # The candidate marks the silent take as the best: the store keeps the mark.
    from voicemock.sessions.store import Store

    second_id = at.session_state["pr_results"][1]["answer_id"]
    best.set_value(second_id)
    _ok(at.run())
    assert [a.id for a in Store.open(data_home).answers(at.session_state["pr_session_id"]) if a.best] == [second_id]
    at.radio(key="best_1_2").set_value(first_id)
    _ok(at.run())

    # Question 2: a failed transcription keeps the recording and can be tried again.
    _ok(at.button(key="next_1").click().run())
    assert plan_questions[1].spoken_text in _texts(at)
    settings = dict(at.session_state["pr_settings"])
    at.session_state["pr_settings"] = dict(settings, model=str(data_home / "no-such-model"))
    at.file_uploader(key="up_2_0").set_value(("my answer.wav", answer_wav, "audio/wav"))
    _ok(at.run())
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "no-such-model" in errors[0] and "\n" not in errors[0]
    kept = _answer_dirs(data_home)[-1]
    assert kept.name == "q02-a1" and (kept / "answer.wav").is_file() and not (kept / "analysis.json").exists()
    at.session_state["pr_settings"] = settings
    _ok(at.button(key="reprocess_2_0").click().run())
    assert (kept / "analysis.json").is_file()
    assert "Answer length" in {m.label for m in at.metric}

    # Skip question 3; the summary shows each question's best take against its answer budget, the weakest
    # question and dimension, and a drill on the weakest questions.
    _ok(at.button(key="next_2").click().run())
    _ok(at.button(key="skip_3_0").click().run())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Answered"] == "2 of 3"
    assert metrics["Weakest dimension"] not in ("", "—") and metrics["Weakest question"].startswith("Question ")
    table = at.dataframe[0].value
    assert list(table["attempts"]) == [2, 1, 0] and list(table["counted"])[:2] == ["attempt 1 (marked)", "attempt 1"]
    assert list(table["answer budget"])[0].startswith("1:15") and list(table["verdict"])[2] == "not answered"
    assert "best take" in _texts(at)
    spoken = sum(json.loads((d / "analysis.json").read_text())["duration_s"] for d in _answer_dirs(data_home)
                 if d.name in ("q01-a1", "q02-a1"))
    assert metrics["Time speaking"] == f"{int(spoken) // 60}:{int(spoken) % 60:02d}"
    session_id = at.session_state["pr_session_id"]
    assert at.button(key="drill_weakest")

    # Review: the sitting is there with both answers, their players, marked transcripts and exports.
    _ok(at.button(key="to_review").click().run())
    assert at.selectbox(key="review_pick").value == session_id
    # One question at a time: question 1's best take (the first, marked), every attempt and the follow-up below it.
    [player] = at.get("iframe")
    assert "data:audio/flac;base64," in player.proto.srcdoc and 'class="s"' in player.proto.srcdoc  # the microphone's
    assert "All 2 attempts · compare two" in [e.label for e in at.expander]
    assert "attempt 1 · best take" in _texts(at) and "Follow-up" in _texts(at)
    at.selectbox(key=f"review_question_{session_id}").set_value(2)
    _ok(at.run())
    [player] = at.get("iframe")
    page = player.proto.srcdoc
    assert "data:audio/wav;base64," in page and 'class="s"' in page and "data-start=" in page
    assert {b.label for b in at.get("download_button")} >= {"Markdown report", "HTML report", "JSON data"}

    # Progress: the trends hold the processed answers.
    _ok(at.switch_page("ui/progress.py").run())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Words per minute"] not in ("", "—")
    assert "Best answers" in _texts(at) and "counts with its best take" in _texts(at)
    from voicemock.sessions.store import Store

    [row] = Store.open(data_home).trends("session")
    assert row.answers == 2  # question 1 by its best take (of two) and question 2; the follow-up is not an answer


@pytest.mark.whisper
def test_practice_local_microphone_shows_time_and_level_and_keeps_the_live_transcript(
        data_home, monkeypatch, fake_microphone, answer_wav, answer_words):
    """The machine's own microphone, faked (this machine has none) by a stream that plays real speech through the
    recorder's callback. The page shows the live clock and level; Stop keeps every sample, and the transcript made
    while the answer was spoken is the one scored: the whole recording is not transcribed again."""
    import threading
    import time

    import numpy as np

    import voicemock.speech.recorder
    from voicemock.speech.audio import load_audio
    from voicemock.sessions.store import Store
    from voicemock.speech.transcribe import Transcriber

    samples = load_audio(answer_wav)
    factory, holder = fake_microphone(samples, pace_s=0.01)
    monkeypatch.setattr(voicemock.speech.recorder, "require_input_device", lambda device=None: None)
    monkeypatch.setattr(voicemock.speech.recorder, "sounddevice_stream", factory)

    at = _ok(_app().run())
    at.checkbox(key="setup_check").uncheck()
    at.checkbox(key="setup_probes").uncheck()
    _ok(at.button(key="setup_start").click().run())
    _ok(at.button(key="mic_start_1_0").click().run())
    assert not at.error
    assert "Recording" in {m.label for m in at.metric}
    assert at.button(key="mic_stop")
    # The answer clock counts from the start of this recording, not from the question.
    [clock_page] = [f.proto.srcdoc for f in at.get("iframe") if "vm-clock" in f.proto.srcdoc]
    started = float(clock_page.split("localStart = ", 1)[1].split(";", 1)[0])
    assert abs(started / 1000 - at.session_state["pr_rec_started"]) < 1
    # The thinking time starts at the end of the spoken question (several seconds long), not when it was shown.
    thought = float(clock_page.split("thought = ", 1)[1].split(",", 1)[0])
    shown = at.session_state["pr_shown_at"][(1, 0)]
    assert thought <= max(0.0, at.session_state["pr_rec_started"] - shown - 1.0) + 1e-3
    deadline = time.monotonic() + 60
    while holder["stream"].delivered < len(samples):
        assert time.monotonic() < deadline, "the fake microphone stopped before the answer was played"
        threading.Event().wait(0.05)

    def not_again(self, source):
        raise AssertionError("the whole recording was transcribed again")

    monkeypatch.setattr(Transcriber, "transcribe", not_again)
    _ok(at.button(key="mic_stop").click().run())
    assert not at.error, [e.value for e in at.error]
    assert "Answer length" in {m.label for m in at.metric}

    store = Store.open(data_home)
    [answer] = store.answers(at.session_state["pr_session_id"])
    assert answer.source == "mic" and store.is_complete(answer)
    assert np.abs(load_audio(answer.audio_path) - samples).max() < 2e-4  # every sample kept
    heard = store.load_transcript(answer).text.lower()
    assert len({w for w in answer_words if w in heard}) >= len(answer_words) // 2
    assert not store.leftover_recordings()


# --------------------------------------------------------------------------- the transcript player


def test_transcript_player_escapes_words_and_marks_fillers_pauses_and_sentences(answer_wav):
    from ui.player import transcript_html

    card = {
        "transcript": {
            "text": "So <b>um</b> we shipped it. Then & it worked.",
            "words": [
                {"word": "So", "start": 0.0, "end": 0.3},
                {"word": "<b>um</b>", "start": 0.4, "end": 0.7},
                {"word": "we", "start": 0.8, "end": 1.0},
                {"word": "shipped", "start": 1.0, "end": 1.4},
                {"word": "it.", "start": 1.4, "end": 1.6},
                {"word": "Then", "start": 4.1, "end": 4.4},
                {"word": "&", "start": 4.4, "end": 4.5},
                {"word": "it", "start": 4.5, "end": 4.6},
                {"word": "worked.", "start": 4.6, "end": 5.0},
            ],
        },
        "fillers": [{"word": "um", "start": 0.4}],
        "pauses": [{"start": 1.0, "end": 1.0, "long": False}, {"start": 1.6, "end": 4.1, "long": True}],
        "sentences": [{"index": 0, "text": "So um we shipped it.", "start": 0.0, "end": 1.6, "part": "action"},
                      {"index": 1, "text": "Then & it worked.", "start": 4.1, "end": 5.0, "part": "result"}],
        "language": {"hedges": [{"phrase": "it worked", "sentence": 1}]},
    }
    page = transcript_html(card, answer_wav)
    assert "<b>um</b>" not in page and "&lt;b&gt;um&lt;/b&gt;" in page and "&amp; </span>" in page
    assert page.count('class="s"') == 2  # two sentences, each seeking the player to its start
    assert 'data-start="0.00"' in page and 'data-start="4.10"' in page
    assert 'class="w filler"' in page and "pause 2.5 s" in page and "pause 0.0 s" not in page
    assert page.index("pause 2.5 s") < page.index(">Then ")
    assert page.count('class="w hedge"') == 2  # "it worked" in sentence 1 only, not "it" in sentence 0
    assert "background:#f4dcef" in page and "background:#d9f0e0" in page  # result and action coloured
    assert page.count("<script>") == 1


@pytest.mark.whisper
def test_review_saves_microphone_recordings_cut_off_by_a_stop(data_home, answer_wav, answer_words):
    """The app stopped while the local microphone was recording: Review offers to keep what reached the disk."""
    import os
    import time

    from voicemock.interview.plan import plan_round
    from voicemock.sessions.store import Store

    store = Store.open(data_home)
    plan = plan_round(find_guide(), 2)
    session = store.create_session(plan)
    scratch = store.scratch_recording_path(session.id, plan.questions[1])
    scratch.write_bytes(answer_wav)
    long_ago = time.time() - 600
    os.utime(scratch, (long_ago, long_ago))

    at = _ok(_app().run())
    _ok(at.switch_page("ui/review.py").run())
    assert "1 microphone recording was never saved" in _texts(at)
    _ok(at.button(key="recover_recordings").click().run())

    assert "Saved 1 recording into its session." in _texts(at)
    assert not any(b.key == "recover_recordings" for b in at.button)
    [answer] = store.answers(session.id)
    assert (answer.position, answer.source) == (2, "mic") and answer.audio_path.suffix == ".flac"
    assert np.array_equal(_pcm(answer.audio_path.read_bytes()), np.frombuffer(answer_wav[44:], "<i2"))  # every sample
    assert not scratch.exists()
    heard = store.load_transcript(answer).text.lower()
    assert len({w for w in answer_words if w in heard}) >= len(answer_words) // 2
    assert at.selectbox(key="review_pick").value == session.id
    assert plan.questions[1].text in _texts(at)


def test_review_transcribes_a_session_again_and_deletes_it(processed_home):
    from voicemock.sessions.store import Store

    home, session_id = processed_home
    store = Store.open(home)
    before = {a.id: a.analysis_path.stat().st_mtime_ns for a in store.answers(session_id)}
    at = _ok(_app().run())
    _ok(at.switch_page("ui/review.py").run())
    assert at.selectbox(key="review_pick").value == session_id

    at.selectbox(key="review_model").set_value("tiny.en")
    _ok(at.button(key="review_reanalyze").click().run())
    assert "Transcribed and analysed 3 answers again with tiny.en." in _texts(at)
    answers = store.answers(session_id)
    assert all(store.is_complete(a) for a in answers)
    assert all(a.analysis_path.stat().st_mtime_ns > before[a.id] for a in answers)

    assert at.button(key="review_delete").disabled  # nothing goes without the tick
    at.checkbox(key=f"review_sure_{session_id}").check()
    _ok(at.run())
    _ok(at.button(key="review_delete").click().run())
    shown = _texts(at)
    assert "Deleted the session “Mock \\<round\\> ../../one”." in shown  # the title as text, not markup
    assert "No sessions yet" in shown
    assert store.list_sessions() == [] and not list((home / "sessions").glob("*/q*"))


def test_review_shows_one_question_at_a_time_with_everything_the_scorecard_had(processed_home):
    """Counts are questions, not attempts; one question per view; tips, structure checklist and charts are there."""
    home, session_id = processed_home
    at = _ok(_app().run())
    _ok(at.switch_page("ui/review.py").run())
    picker = at.selectbox(key="review_pick")
    label = picker.format_func(picker.value) if hasattr(picker, "format_func") else str(picker.options[0])
    assert "2 of 2 answered" in str(picker.options[0]) or "2 of 2 answered" in label
    shown = _texts(at)
    assert "Answered: 2 of 2" in shown and "Recordings: 3" in shown
    assert "of 3 answered" not in shown and "3 of 2" not in shown
    # One question at a time: question 1 is shown, question 2 is not.
    question = at.selectbox(key=f"review_question_{session_id}")
    assert question.value == 1 and len(question.options) == 2
    html_blocks = "\n".join(h.proto.body for h in at.get("html"))
    assert "conflict &amp; how you solved it" in html_blocks and "Why &lt;b&gt;us&lt;/b&gt;?" not in html_blocks
    assert "Top tips" in shown
    import re

    lasted = re.search(r"lasted (\d+:\d\d)", shown)  # the length tip and the card: one m:ss, rounded one way
    assert lasted and f"Answer length: {lasted.group(1)}" in shown
    # Question 1 leads with its best take (the higher overall score of its two); every attempt below it.
    from voicemock.sessions.store import Store

    [best] = [a for a in Store.open(home).answers(session_id) if a.position == 1 and a.best]
    assert f"attempt {best.attempt} · best take" in html_blocks
    assert "from a file" in html_blocks  # a human label, not the enum "file"
    assert "All 2 attempts · compare two" in [e.label for e in at.expander]
    assert [t.label for t in at.tabs][:4] == ["Transcript", "Coaching", "Charts", "Files"]
    # The motivation question shows its structure checklist, never "not assessed".
    question.set_value(2)
    _ok(at.run())
    shown = _texts(at)
    assert "What a good motivation answer covers" in shown
    assert "not assessed" not in shown
    assert "Why &lt;b&gt;us&lt;/b&gt;?" in "\n".join(h.proto.body for h in at.get("html"))


def test_progress_shows_one_format_and_no_arrow_for_no_change(processed_home, transcriber, speech_wav):
    """A second sitting that scores the same: 'no change' with no (green) arrow; shares as whole percents."""
    import re

    from streamlit.proto.Metric_pb2 import Metric

    from tests.fixtures_store import hostile_plan
    from voicemock.sessions import pipeline
    from voicemock.sessions.store import Store

    home, _ = processed_home
    store = Store.open(home)
    plan = hostile_plan()
    again = store.create_session(plan, title="again")
    for question in plan.questions:
        answer = pipeline.save_answer(store, again.id, question, speech_wav, source="file")
        pipeline.process_answer(store, answer.id, transcriber)
    at = _ok(_app().run())
    _ok(at.switch_page("ui/progress.py").run())
    metrics = {m.label: m for m in at.metric}
    unchanged = 0
    for label in ("STAR completeness", "Answers on budget"):
        metric = metrics[label]
        assert re.fullmatch(r"\d{1,3}%", metric.value), metric.value  # a whole percent, as everywhere
        assert "since the first" in metric.proto.delta
        if "no change" in metric.proto.delta:
            unchanged += 1
            assert metric.proto.direction == Metric.MetricDirection.NONE  # no arrow
            assert metric.proto.color != Metric.MetricColor.GREEN
        else:
            assert re.search(r"[+−]\d+ pts", metric.proto.delta)
    assert unchanged  # the same recordings twice: at least one share did not move
    tables = [t for t in at.dataframe] + list(at.table)
    shown = " ".join(str(v) for t in tables for v in t.value.to_numpy().ravel())
    assert "%" in shown and not re.search(r"\d+\.\d+%", shown)  # never 16.67% beside 17%
