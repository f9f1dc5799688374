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

from voicemock.audio import load_audio, write_wav
from voicemock.cli import main
from voicemock.practice import FolderAnswers, PracticeError, level_bar, recording_status
from voicemock.guides import find_guide
from voicemock.plan import plan_round

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

    from voicemock.store import Store

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
    from voicemock.plan import plan_questions
    from voicemock.practice import MicrophoneAnswers, run_practice
    from voicemock.store import Store
    from voicemock.textnorm import wer

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
                          console=Console(width=120, record=True))
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
