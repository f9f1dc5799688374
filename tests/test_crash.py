"""Nothing lost: a processing run killed with SIGKILL at each stage, two writer processes at once, a truncated
database, a session folder deleted by hand, JSON files cut short. Real processes, real files, real SQLite."""

from __future__ import annotations

import io
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner

from tests.fixtures_store import hostile_plan
from voicemock import layout
from voicemock.cli import main
from voicemock.sessions import pipeline
from voicemock.sessions.store import DamagedIndexError, SessionFolderMissingError, Store

PROJECT = Path(__file__).resolve().parent.parent


def _samples(path: Path) -> np.ndarray:
    """The 16-bit samples of a WAV or FLAC file, decoded with PyAV (a microphone's answer is kept as FLAC)."""
    with av.open(str(path)) as source:
        return np.concatenate([frame.to_ndarray().reshape(-1) for frame in source.decode(audio=0)])

CHILD_PROCESS = """
import sys
from pathlib import Path
from tests.fixtures_store import hostile_plan
from voicemock.sessions import pipeline
from voicemock.sessions.store import Store

store = Store.open(Path(sys.argv[1]))
answer = pipeline.save_answer(store, sys.argv[2], hostile_plan().questions[0], Path(sys.argv[3]), source="mic")
pipeline.process_answer(store, answer.id)
print("finished", flush=True)
"""

CHILD_WRITER = """
import sys, time
from pathlib import Path
from tests.fixtures_store import hostile_plan
from voicemock.sessions import pipeline
from voicemock.sessions.store import Store

home, session_id, audio, go, count = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]).read_bytes(), Path(sys.argv[4]), int(sys.argv[5])
store = Store.open(home)
while not go.exists():
    time.sleep(0.01)
question = hostile_plan().questions[0]
for n in range(count):
    pipeline.save_answer(store, session_id, question, audio, source="upload", original_name="take.wav")
    if n % 4 == 0:
        store.create_session(hostile_plan(), title="same title")
print("finished", flush=True)
"""


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")])))
    env.update(extra)
    return env


def _read_line(process: subprocess.Popen, timeout_s: float) -> str:
    ready, _, _ = select.select([process.stdout], [], [], timeout_s)
    if not ready:
        process.kill()
        pytest.fail(f"the child said nothing in {timeout_s} s: {process.stderr.read() if process.stderr else ''}")
    return process.stdout.readline().strip()


def _audio_files(store: Store) -> list[Path]:
    return sorted(p for p in store.sessions_root.glob("*/q*-a*/answer.*") if p.suffix != ".json")


@pytest.mark.whisper
@pytest.mark.parametrize("stage", pipeline.STAGES)
def test_a_run_killed_at_any_stage_keeps_the_recording_and_repair_finishes_it(
        stage, store, speech_wav, transcriber, analyzer):
    session = store.create_session(hostile_plan())
    child = subprocess.Popen([sys.executable, "-c", CHILD_PROCESS, str(store.data), session.id, str(speech_wav)],
                             cwd=PROJECT, env=_env(VOICEMOCK_TEST_PAUSE_AT=stage),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert _read_line(child, 120) == f"paused at {stage}"
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert child.returncode == -signal.SIGKILL

    [audio] = _audio_files(store)
    assert audio.suffix == ".flac" and np.array_equal(_samples(audio), _samples(speech_wav))  # every sample, on disk
    assert not any(p.suffix == ".part" and p.name.startswith(".answer") for p in audio.parent.iterdir())

    report = pipeline.repair(store, transcriber, analyzer=analyzer)
    assert len(report.processed) + len(report.reindexed) == 1 and not report.failed
    [answer] = store.answers(session.id)
    assert store.is_complete(answer)
    assert answer.audio_path == audio and np.array_equal(_samples(audio), _samples(speech_wav))
    assert "country" in store.load_transcript(answer).text
    assert store.metrics(answer.id)["duration_s"] == pytest.approx(11.0, abs=0.1)
    assert pipeline.repair(store, transcriber, analyzer=analyzer).processed == []  # nothing left to do


def test_two_writer_processes_at_once_lose_nothing(store, eval_dir, tmp_path):
    clip = eval_dir / "speech" / "asterisk_allison" / "activated.wav"
    session = store.create_session(hostile_plan())
    go, count = tmp_path / "go", 8
    writers = [subprocess.Popen([sys.executable, "-c", CHILD_WRITER, str(store.data), session.id, str(clip), str(go),
                                 str(count)], cwd=PROJECT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for _ in range(2)]
    time.sleep(1.0)
    go.touch()
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert out.strip() == "finished"
    answers = store.answers(session.id)
    assert sorted(a.attempt for a in answers) == list(range(1, 2 * count + 1))
    assert all(a.audio_path.read_bytes() == clip.read_bytes() for a in answers)
    assert len(_audio_files(store)) == 2 * count
    assert store.integrity() == "ok"
    titled = [s for s in store.list_sessions(include_empty=True) if s.title == "same title"]
    assert len(titled) == 2 * len(range(0, count, 4)) == len({s.id for s in titled})
    for s in titled:
        json.loads((s.folder / "session.json").read_text())


def _one_line_failure(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def test_a_truncated_database_says_so_and_rebuild_index_restores_it(processed_home):
    home, session_id = processed_home
    audio_before = {p: p.read_bytes() for p in _audio_files(Store(home))}
    db = layout.database_path(home)
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])

    with pytest.raises(DamagedIndexError, match="rebuild-index"):
        Store.open(home)
    runner = CliRunner()
    line = _one_line_failure(runner.invoke(main, ["sessions"]))
    assert "damaged" in line and "voicemock rebuild-index" in line

    result = runner.invoke(main, ["rebuild-index"])
    assert result.exit_code == 0, result.output
    assert "Indexed 1 session(s), 3 recording(s)" in result.output
    store = Store.open(home)
    assert [s.id for s in store.list_sessions()] == [session_id]
    answers = store.answers(session_id)
    assert all(store.is_complete(a) for a in answers)  # metrics rebuilt from analysis.json, nothing re-transcribed
    assert {p: p.read_bytes() for p in _audio_files(store)} == audio_before
    assert list(home.glob("voicemock.db.damaged-*"))
    assert store.trends("question")


@pytest.mark.whisper
def test_a_session_folder_deleted_by_hand(processed_home, speech_wav):
    home, session_id = processed_home
    store = Store.open(home)
    other = store.create_session(hostile_plan(), title="other")
    kept = pipeline.save_answer(store, other.id, hostile_plan().questions[1], speech_wav)
    shutil.rmtree(store.get_session(session_id).folder)

    with pytest.raises(SessionFolderMissingError, match="voicemock repair"):
        store.get_session(session_id)
    runner = CliRunner()
    assert "removed by hand" in _one_line_failure(runner.invoke(main, ["show", session_id]))
    assert "folder missing" in runner.invoke(main, ["sessions"]).output

    result = runner.invoke(main, ["repair", "--model", "tiny.en"])
    assert result.exit_code == 0, result.output
    assert "sessions dropped from the index (folder removed by hand): 1" in result.output
    assert [s.id for s in store.list_sessions()] == [other.id]
    assert kept.audio_path.read_bytes() == speech_wav.read_bytes()
    assert store.is_complete(store.answer(kept.id))  # repair also finished the unprocessed one


def test_an_analysis_file_cut_short_is_reported_and_redone_from_the_audio(processed_home, transcriber, analyzer):
    home, session_id = processed_home
    store = Store.open(home)
    answer = store.answers(session_id)[0]
    good = answer.analysis_path.read_text()
    answer.analysis_path.write_text(good[: len(good) // 2])

    assert not store.is_complete(answer)
    shown = CliRunner().invoke(main, ["show", session_id])
    assert shown.exit_code == 0 and "damaged" in shown.output
    exported = CliRunner().invoke(main, ["export", session_id, "--format", "md"])
    assert exported.exit_code == 0 and "voicemock repair" in exported.output

    report = pipeline.repair(store, transcriber, analyzer=analyzer)
    assert report.processed == [f"{session_id}/{answer.folder.name}"]
    assert json.loads(answer.analysis_path.read_text())["transcript"]["text"] == json.loads(good)["transcript"]["text"]
    assert all(store.is_complete(a) for a in store.answers(session_id))


def test_a_session_file_cut_short_is_rewritten_from_the_index(processed_home):
    home, session_id = processed_home
    store = Store.open(home)
    path = store.get_session(session_id).folder / "session.json"
    good = json.loads(path.read_text())
    path.write_text(path.read_text()[:100])

    assert store.session_plan(session_id).questions[0].id == "conflict"  # falls back on the index's copy
    report = pipeline.repair(store)
    assert report.sync.files_rewritten == [f"sessions/{session_id}/session.json"]
    assert json.loads(path.read_text()) == good


def test_no_index_and_a_damaged_session_file_rebuild_from_the_answers(processed_home):
    home, session_id = processed_home
    store = Store.open(home)
    folder = store.get_session(session_id).folder
    (folder / "session.json").write_text("{")
    for suffix in ("", "-wal", "-shm"):
        Path(str(layout.database_path(home)) + suffix).unlink(missing_ok=True)

    store, kept, sync = Store.rebuild(home)
    assert kept is None and sync.sessions_added == [session_id] and len(sync.answers_added) == 3
    plan = store.session_plan(session_id)
    assert [q.id for q in plan.questions] == ["conflict", "why-us"]
    assert all(store.is_complete(a) for a in store.answers(session_id))


def test_a_reanalysis_stopped_between_transcript_and_analysis_is_finished_by_repair(processed_home, transcriber, analyzer):
    home, session_id = processed_home
    store = Store.open(home)
    answer = store.answers(session_id)[0]
    newer = json.loads(answer.transcript_path.read_text())
    newer["text"] = "a transcript from another model"  # written just before the kill; analysis.json is the old one
    answer.transcript_path.write_text(json.dumps(newer))
    assert not store.is_complete(answer)
    report = pipeline.repair(store, transcriber, analyzer=analyzer)
    assert report.processed == [f"{session_id}/{answer.folder.name}"]
    assert store.is_complete(store.answer(answer.id))
    assert "country" in store.load_transcript(answer).text


CHILD_RECORDER = """
import sys, time
from pathlib import Path
from tests.fixtures_speech import FakeInputStream
from voicemock.sessions.store import Store
from voicemock.speech.audio import load_audio
from voicemock.speech.recorder import Recorder

store = Store.open(Path(sys.argv[1]))
question = store.planned_question(sys.argv[2], 1)
samples = load_audio(Path(sys.argv[3]))
path = store.scratch_recording_path(sys.argv[2], question)
stream = lambda rate, frames, device, callback: FakeInputStream(samples, frames, callback, pace_s=0.02)
recorder = Recorder(path, stream_factory=stream, sync_seconds=0.5).start()
while recorder.elapsed < 4.0:
    time.sleep(0.05)
print("recording", path, flush=True)
time.sleep(3600)
"""


@pytest.mark.whisper
def test_a_microphone_recording_cut_off_by_a_crash_is_put_into_its_session_by_repair(data_home, speech_wav):
    """The terminal or the app dies mid-answer: the part already streamed to disk becomes an answer, transcribed."""
    store = Store.open(data_home)
    session = store.create_session(hostile_plan(), title="cut off")
    child = subprocess.Popen([sys.executable, "-c", CHILD_RECORDER, str(data_home), session.id, str(speech_wav)],
                             cwd=PROJECT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = _read_line(child, 120)
    assert line.startswith("recording"), line
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    cut_off = Path(line.split(" ", 1)[1])
    streamed = cut_off.read_bytes()

    question = store.planned_question(session.id, 2)
    growing = store.scratch_recording_path(session.id, question)  # another recorder, still at work
    growing.write_bytes(streamed)
    header_only = store.scratch_recording_path(session.id, question)  # died before its first block
    header_only.write_bytes(streamed[:44])
    unknown = layout.scratch_dir(data_home) / "from-an-older-version.wav"
    unknown.write_bytes(streamed)
    an_hour_ago = time.time() - 3600
    for path in (cut_off, header_only, unknown):
        os.utime(path, (an_hour_ago, an_hour_ago))

    result = CliRunner().invoke(main, ["repair", "--model", "tiny.en"])
    assert result.exit_code == 0, result.output
    assert "unsaved microphone recordings put into their sessions: 1" in result.output
    assert f"{growing}: still being recorded" in result.output
    assert f"{unknown}: its session is not known" in result.output

    [answer] = store.answers(session.id)
    assert (answer.position, answer.source, answer.attempt) == (1, "mic", 1)
    # Kept as lossless FLAC: every sample that reached the disk, even past the header's last count.
    assert answer.audio_path.suffix == ".flac"
    with av.open(io.BytesIO(answer.audio_path.read_bytes())) as kept:
        samples = np.concatenate([frame.to_ndarray().reshape(-1) for frame in kept.decode(audio=0)])
    streamed_pcm = streamed[44:][: (len(streamed) - 44) // 2 * 2]
    assert np.array_equal(samples, np.frombuffer(streamed_pcm, "<i2"))
    assert store.is_complete(answer)
    heard = store.load_transcript(answer).text.lower()
    assert "ask not" in heard or "fellow" in heard, heard
    assert not cut_off.exists() and not cut_off.with_suffix(".json").exists()
    assert not header_only.exists() and not header_only.with_suffix(".json").exists()
    assert sorted(store.leftover_recordings()) == sorted([growing, unknown])
