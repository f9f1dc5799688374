"""Terminal practice, run unattended with --answers-from over real recorded speech."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from voicemock.cli import main
from voicemock.interview.guides import find_guide
from voicemock.interview.plan import plan_round
from voicemock.interview.probes import FOLLOW_UP_BUDGET
from voicemock.sessions.practice import FolderAnswers, PracticeError, level_bar, recording_status
from voicemock.speech.audio import load_audio, write_wav

EXE = Path(sys.executable).with_name("voicemock")


def _answer_from_clips(eval_dir: Path, names: list[str], out: Path) -> Path:
    """A real-speech answer: real clips joined with short natural gaps."""
    gap = np.zeros(int(0.6 * 16000), dtype=np.float32)
    parts = []
    for name in names:
        parts += [load_audio(eval_dir / "speech" / name), gap]
    return write_wav(out, np.concatenate(parts))


@pytest.fixture(scope="module")
def answers_dir(eval_dir, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("answers")
    clips = sorted(p.relative_to(eval_dir / "speech").as_posix() for p in (eval_dir / "speech" / "fleurs_en").glob("*.wav"))
    assert len(clips) >= 6
    _answer_from_clips(eval_dir, clips[0:2], folder / "01-first.wav")
    _answer_from_clips(eval_dir, clips[2:4], folder / "02-second.wav")
    _answer_from_clips(eval_dir, clips[4:6], folder / "03-third.wav")
    (folder / "notes.txt").write_text("not audio, ignored")
    return folder


@pytest.mark.whisper
def test_unattended_round_lands_in_the_store(answers_dir, tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "VOICEMOCK_HOME": str(data), "COLUMNS": "120"}
    result = subprocess.run(
        [str(EXE), "practice", "--round", "3", "--answers-from", str(answers_dir)],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Question 1 of 3" in out and "Question 3 of 3" in out
    assert "03-third.wav" in out
    assert "Sitting summary" in out and "People Management & Leadership" in out
    # No speakers on this machine: the questions are shown, not spoken, and the sitting goes on.
    assert "shown, not spoken" in out

    from voicemock.sessions.store import Store

    store = Store.open(data)
    (session,) = store.list_sessions()
    answers = store.answers(session.id)
    assert len(answers) == 3
    for answer in answers:
        assert Path(answer.audio_path).is_file()
    sessions_json = subprocess.run([str(EXE), "sessions", "--json"], capture_output=True, text=True, env=env)
    assert session.id in sessions_json.stdout


@pytest.mark.whisper
def test_fewer_recordings_than_questions_ends_the_sitting_and_keeps_it(eval_dir, tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    clip = sorted((eval_dir / "speech" / "fleurs_en").glob("*.wav"))[0]
    _answer_from_clips(eval_dir, [clip.relative_to(eval_dir / "speech").as_posix()], folder / "only.wav")
    data = tmp_path / "data"
    result = CliRunner().invoke(main, ["--data-dir", str(data), "practice", "--questions", "r1q1,r1q2",
                                       "--answers-from", str(folder), "--silent"])
    assert result.exit_code == 0, result.output
    assert "No more recordings" in result.output
    assert "Weakest dimension" in result.output


def test_an_empty_answers_folder_is_one_clear_line(tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "d"), "practice", "--round", "1",
                                       "--answers-from", str(tmp_path / "empty"), "--silent"])
    assert result.exit_code == 1
    assert result.output.startswith("Error:") and "no recordings found" in result.output
    with pytest.raises(PracticeError):
        FolderAnswers(tmp_path / "missing")


def test_no_microphone_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "d"), "practice", "--round", "1", "--silent"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "microphone" in result.output.lower()


def test_live_display_shows_time_against_budget_and_level():
    question = plan_round(find_guide(), 3).questions[0]
    early = recording_status(30, 0.1, question).plain
    late = recording_status(200, 0.0, question)
    assert "0:30" in early and "target 2:00" in early and "█" in early
    assert "3:20" in late.plain and any("red" in str(span.style) for span in late.spans)
    assert level_bar(0.0) == "░" * 20 and level_bar(1.0) == "█" * 20


def test_microphone_answers_are_transcribed_while_spoken_and_not_again(eval_dir, pauses_wav, transcriber, data_home,
                                                                       fake_microphone):
    """The local microphone (faked: this machine has none) streams 35 s of real read speech with pauses; the live
    transcript is what gets kept, and the whole recording is never transcribed a second time."""
    import threading

    from rich.console import Console

    from tests.fixtures_speech import eval_manifest
    from voicemock.interview.plan import plan_questions
    from voicemock.sessions.practice import MicrophoneAnswers, run_practice
    from voicemock.sessions.store import Store
    from voicemock.speech.textnorm import wer

    samples = load_audio(pauses_wav)
    factory, holder = fake_microphone(samples, pace_s=0.005)

    def press_enter_after_the_answer() -> str:
        while "stream" not in holder or holder["stream"].delivered < len(samples):
            threading.Event().wait(0.05)
        threading.Event().wait(0.3)
        return ""

    store = Store.open(data_home)
    answers = MicrophoneAnswers(store.scratch_recording_path, read_line=press_enter_after_the_answer,
                                live_transcriber=lambda: transcriber, stream_factory=factory)
    plan = plan_questions(find_guide(), ["r1q1"])
    result = run_practice(plan, store, answers, transcriber_factory=lambda: pytest.fail("transcribed twice"),
                          console=Console(width=120, record=True), probes=False)
    assert result.answered == 1

    [answer] = store.answers(result.session_id)
    assert answer.source == "mic" and store.is_complete(answer)
    assert np.abs(load_audio(answer.audio_path) - samples).max() < 2e-4  # every sample kept
    live = store.load_transcript(answer)
    reference = eval_manifest(eval_dir)["osr_harvard/OSR_us_000_0034_8k.wav"]
    whole = transcriber.transcribe(pauses_wav)
    assert wer(reference, live.text) <= wer(reference, whole.text) + 0.05, (live.text, whole.text)
    assert store.load_analysis(answer)["transcript"]["text"] == live.text
    assert not store.leftover_recordings()


@pytest.mark.whisper
def test_follow_ups_come_from_named_recordings_and_are_kept_with_their_question(eval_dir, tmp_path):
    """--answers-from: NAME-followup.wav answers the interviewer's follow-up to NAME.wav; it is stored at the same
    question, with the follow-up's text, scored as a short answer, and listed by `voicemock show`."""
    from voicemock.sessions.store import Store

    folder = tmp_path / "answers"
    folder.mkdir()
    clips = sorted(p.relative_to(eval_dir / "speech").as_posix() for p in (eval_dir / "speech" / "fleurs_en").glob("*.wav"))
    _answer_from_clips(eval_dir, clips[0:2], folder / "01-why.wav")
    _answer_from_clips(eval_dir, clips[2:3], folder / "01-why-followup.wav")
    _answer_from_clips(eval_dir, clips[3:5], folder / "02-experience.wav")
    data = tmp_path / "data"
    result = CliRunner().invoke(main, ["--data-dir", str(data), "practice", "--questions", "r1q1,r1q2",
                                       "--answers-from", str(folder), "--silent"], terminal_width=140)
    assert result.exit_code == 0, result.output
    assert result.output.count("╭─ Follow-up") == 2  # asked after each answer
    assert "Follow-up answer from 01-why-followup.wav" in result.output
    assert "No follow-up answer in the folder (name it 02-experience-followup.wav)" in result.output
    store = Store.open(data)
    (session,) = store.list_sessions()
    answers = store.answers(session.id)
    assert [(a.position, a.is_follow_up) for a in answers] == [(1, False), (1, True), (2, False)]
    follow = answers[1]
    guide_follow_ups = find_guide().round(1).questions[0].follow_ups
    assert follow.follows == 1 and follow.probe and (follow.probe in guide_follow_ups or follow.probe_reason != "guide")
    analysis = store.load_analysis(follow)
    assert analysis["budget"]["target_s"] == FOLLOW_UP_BUDGET.target_s and analysis["question"]["text"] == follow.probe
    assert session.answer_count == 2 and session.processed_count == 2  # the follow-up is not a third answer
    assert [a.id for a in answers if a.best] == [answers[0].id, answers[2].id]
    shown = CliRunner().invoke(main, ["--data-dir", str(data), "show", session.id], env={"COLUMNS": "250"})
    assert "Follow-up" in shown.output and follow.probe[:30] in shown.output

    # --no-probes: no follow-up is asked.
    quiet = CliRunner().invoke(main, ["--data-dir", str(data), "practice", "--questions", "r1q1", "--no-probes",
                                      "--answers-from", str(folder), "--silent"], terminal_width=140)
    assert quiet.exit_code == 0 and "Follow-up" not in quiet.output


def test_check_mic_hears_the_test_phrase_back_and_warns_about_a_quiet_microphone(tmp_path, transcriber,
                                                                                   fake_microphone):
    """The terminal's microphone check over a fake microphone (this machine has none) playing the test phrase,
    spoken by espeak-ng, then the same recording made 60 dB quieter."""
    import threading

    from rich.console import Console

    from tests.fixtures_speech import espeak_wav
    from voicemock.speech.miccheck import TEST_PHRASE
    from voicemock.sessions.practice import MicrophoneAnswers

    phrase = load_audio(espeak_wav(TEST_PHRASE, tmp_path / "phrase.wav"))
    silence = np.zeros(8000, dtype=np.float32)
    spoken = np.concatenate([silence, phrase, silence])
    results = []
    for samples in (spoken, spoken * 0.001):
        factory, holder = fake_microphone(samples, pace_s=0.002)

        def enter_after_the_phrase() -> str:
            while "stream" not in holder or holder["stream"].delivered < len(samples):
                threading.Event().wait(0.05)
            return ""

        answers = MicrophoneAnswers(lambda *a: tmp_path / "unused.wav", read_line=enter_after_the_phrase,
                                    stream_factory=factory)
        console = Console(width=140, record=True)
        results.append((answers.check(console, lambda: transcriber, seconds=30), console.export_text()))
    (good, shown), (quiet, warned) = results
    assert good.ok and good.heard_share >= 0.5, good
    assert "Microphone check" in shown and "The microphone is ready." in shown and "Heard back" in shown
    assert not quiet.ok and quiet.problems[0].startswith("too quiet")
    assert "Too quiet" in warned and "move closer to the microphone" in warned


def test_check_mic_without_a_microphone_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "d"), "practice", "--round", "1", "--check-mic",
                                       "--silent"])
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "microphone" in result.output.lower()


@pytest.mark.whisper
def test_the_terminal_compares_an_answer_with_the_story_linked_to_its_question(answers_dir, eval_dir, tmp_path):
    """As the app's scorecard does: the story told in 01-first.wav (its clips' own transcripts) is linked to the
    round's first question; the terminal says which of its key points were heard."""
    import csv

    from voicemock.sessions.store import Store
    from voicemock.sessions.stories import make_story

    with open(eval_dir / "speech" / "manifest.tsv", newline="", encoding="utf-8") as handle:
        said = {row["file"]: row["transcript"] for row in csv.DictReader(handle, delimiter="\t")}
    clips = sorted(p.relative_to(eval_dir / "speech").as_posix() for p in (eval_dir / "speech" / "fleurs_en").glob("*.wav"))
    first = plan_round(find_guide("coursera-em-m4"), 3).questions[0]
    data = tmp_path / "data"
    Store.open(data).add_story(make_story("Told in the first answer", situation=said[clips[0]], result=said[clips[1]],
                                          questions=(first.id,)))
    env = {**os.environ, "VOICEMOCK_HOME": str(data), "COLUMNS": "200"}
    result = subprocess.run([str(EXE), "practice", "--round", "3", "--answers-from", str(answers_dir), "--no-probes"],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert out.count("Against your story: Told in the first answer") == 1  # only the linked question
    heard = [int(n) for n in __import__("re").findall(r"Against your story: Told in the first answer \((\d+) of", out)]
    assert heard and heard[0] >= 1 and "said Situation:" in out, out
