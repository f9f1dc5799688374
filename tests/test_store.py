"""The store on a real SQLite file and real session folders: schema, migrations, layout, sanitising, answers kept."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace

import av
import numpy as np
import pytest

from tests.fixtures_store import hostile_plan
from voicemock import layout
from voicemock.layout import UnsafePathError
from voicemock.sessions import pipeline
from voicemock.speech.audio import AudioError
from voicemock.sessions.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    SessionNotFoundError,
    Store,
    StoreError,
    plan_from_dict,
    plan_to_dict,
)


def test_open_makes_a_wal_database_with_the_current_schema(store, data_home):
    assert store.db_path == data_home.resolve() / "voicemock.db"
    assert store.journal_mode() == "wal"
    assert store.schema_version() == SCHEMA_VERSION == len(MIGRATIONS)
    again = Store.open(data_home)  # opening twice is harmless
    assert again.schema_version() == SCHEMA_VERSION
    with sqlite3.connect(store.db_path) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"sessions", "questions", "answers", "metrics"} <= tables


def test_an_old_database_is_migrated_and_keeps_its_rows(data_home):
    data_home.mkdir(parents=True)
    with sqlite3.connect(data_home / "voicemock.db") as con:
        for statement in MIGRATIONS[0]:
            con.execute(statement)
        con.execute("INSERT INTO sessions VALUES ('s1', 't', 'g', NULL, 'loop', '', '2025-01-01T00:00:00', '{}')")
        con.execute("PRAGMA user_version = 1")
    store = Store.open(data_home)
    assert store.schema_version() == SCHEMA_VERSION
    assert [s.id for s in store.list_sessions(include_empty=True)] == ["s1"]
    with sqlite3.connect(store.db_path) as con:
        assert con.execute("SELECT COUNT(*) FROM metrics").fetchone()[0] == 0


def test_a_newer_database_is_refused_with_one_line(data_home):
    data_home.mkdir(parents=True)
    with sqlite3.connect(data_home / "voicemock.db") as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer voicemock") as caught:
        Store.open(data_home)
    assert "\n" not in str(caught.value)


def test_foreign_keys_are_enforced(store):
    with pytest.raises(StoreError):
        with store._db(write=True) as con:
            con.execute("INSERT INTO questions (session_id, position, question_id, text, kind) VALUES ('nope', 1, 'q', 't', 'x')")


def test_the_plan_is_kept_with_the_session_and_rebuilds_every_planned_question(store, guide_plan):
    session = store.create_session(guide_plan, guide_title="Coursera")
    saved = json.loads((session.folder / "session.json").read_text())
    assert saved["id"] == session.id and saved["guide_title"] == "Coursera"
    rebuilt = store.session_plan(session.id)
    # text, kind, tags, budget and every round field are kept (the round's own question list is not)
    expected = tuple(replace(q, round=replace(q.round, questions=())) for q in guide_plan.questions)
    assert rebuilt.questions == expected
    assert plan_from_dict(plan_to_dict(guide_plan)).questions == expected
    assert session.question_count == len(guide_plan.questions)
    assert store.planned_question(session.id, 2) == expected[1]


@pytest.mark.parametrize("title", ["../../etc/passwd", "/absolute/path", "a\x00b", "…", "CON", "x" * 500, "é/../..\\.."])
def test_session_ids_from_hostile_titles_stay_inside_the_data_folder(store, title):
    session = store.create_session(hostile_plan(), title=title)
    assert re.fullmatch(r"\d{8}-\d{6}-[a-z0-9-]+", session.id)
    assert session.folder.parent == store.sessions_root
    assert session.title == " ".join(title.split())[:200]


def test_sessions_made_in_the_same_second_get_different_folders(store):
    ids = {store.create_session(hostile_plan(), title="same").id for _ in range(3)}
    assert len(ids) == 3


@pytest.mark.parametrize("bad", ["../x", "a/b", "", ".hidden", "/etc"])
def test_layout_refuses_paths_out_of_the_data_folder(store, bad):
    with pytest.raises(UnsafePathError):
        layout.session_dir(store.data, bad)


def test_answer_folder_names_are_checked(store):
    session = store.create_session(hostile_plan())
    with pytest.raises(UnsafePathError):
        layout.answer_dir(store.data, session.id, "../../evil")
    assert layout.parse_answer_folder("q03-a12") == (3, 12)
    assert layout.parse_answer_folder("q3-a1") is None


def test_audio_is_kept_byte_for_byte_and_retries_get_attempt_numbers(store, speech_wav):
    plan = hostile_plan()
    session = store.create_session(plan)
    first = pipeline.save_answer(store, session.id, plan.questions[0], speech_wav.read_bytes(),
                                 source="upload", original_name="../../../answer.webm")
    second = pipeline.save_answer(store, session.id, plan.questions[0], speech_wav, source="file")
    assert (first.attempt, second.attempt) == (1, 2)
    for answer in (first, second):
        assert answer.audio_path.read_bytes() == speech_wav.read_bytes()
        assert answer.audio_path.parent.parent == session.folder
        assert answer.audio_path.name == "answer.wav"  # the container is recognised from its bytes, not the name
        assert answer.status == "saved"
    meta = json.loads((first.folder / "answer.json").read_text())
    assert meta["source"] == "upload" and meta["original_name"] == "../../../answer.webm"
    assert meta["question"]["id"] == "conflict"
    assert [a.id for a in store.answers(session.id)] == [first.id, second.id]
    assert sorted(p.name for p in first.folder.iterdir()) == ["answer.json", "answer.wav"]


def test_unusable_audio_is_refused_and_leaves_nothing_behind(store, tmp_path):
    plan = hostile_plan()
    session = store.create_session(plan)
    with pytest.raises(AudioError, match="empty"):
        pipeline.save_answer(store, session.id, plan.questions[0], b"")
    with pytest.raises(AudioError, match="could not be decoded"):
        pipeline.save_answer(store, session.id, plan.questions[0], b"this is not audio at all" * 40,
                             original_name="x.webm")
    assert store.answers(session.id) == []
    assert [p.name for p in session.folder.iterdir()] == ["session.json"]


def test_sessions_resolve_by_unique_prefix(store):
    session = store.create_session(hostile_plan(), title="prefix one")
    assert store.get_session(session.id[:16] + "prefix").id == session.id
    store.create_session(hostile_plan(), title="prefix two")
    with pytest.raises(SessionNotFoundError, match="matches 2 sessions"):
        store.get_session(session.id[:9])
    with pytest.raises(SessionNotFoundError, match="voicemock sessions"):
        store.get_session("nothing-like-this")


def test_delete_removes_folder_and_rows(store, speech_wav):
    plan = hostile_plan()
    keep = store.create_session(plan, title="keep")
    gone = store.create_session(plan, title="gone")
    for session in (keep, gone):
        pipeline.save_answer(store, session.id, plan.questions[0], speech_wav)
    store.delete_session(gone.id)
    assert not gone.folder.exists()
    assert [s.id for s in store.list_sessions()] == [keep.id]
    assert len(store.all_answers()) == 1
    assert list(store.sessions_root.iterdir()) == [keep.folder]


def test_a_repair_beside_a_writer_and_the_writer_agree_on_one_row(store, speech_wav):
    """The writer has the audio on disk but no row yet when a repair in another process indexes the folder."""
    session = store.create_session(hostile_plan())
    folder, attempt = store.claim_answer_folder(session.id, 1)
    audio = store.write_audio(folder, speech_wav.read_bytes(), "take.wav")
    sync = store.sync_from_folders()
    assert sync.answers_added == [f"{session.id}/{folder.name}"]
    assert store.answers(session.id)[0].source == "unknown"
    meta = {"position": 1, "attempt": attempt, "source": "mic", "original_name": "take.wav", "created_at": "now"}
    record = store.insert_answer(session.id, folder, audio, meta)  # the writer goes on: no clash, one row
    assert [(a.id, a.source) for a in store.answers(session.id)] == [(record.id, "mic")]


def test_microphone_scratch_recordings_live_in_the_data_folder_until_saved(store, speech_wav):
    plan = hostile_plan()
    session = store.create_session(plan)
    scratch = store.scratch_recording_path(session.id, plan.questions[0])
    assert store.data in scratch.parents and scratch.suffix == ".wav"
    assert store.scratch_recording_path(session.id, plan.questions[0]) != scratch
    assert store.scratch_owner(scratch) == (session.id, plan.questions[0].position)
    scratch.write_bytes(speech_wav.read_bytes())  # what the recorder streamed
    left = store.scratch_recording_path(session.id, plan.questions[1])
    left.write_bytes(speech_wav.read_bytes())  # a recording the app never got to save
    answer = pipeline.save_answer(store, session.id, plan.questions[0], scratch, source="mic")
    assert not scratch.exists() and not scratch.with_suffix(".json").exists()
    with av.open(str(answer.audio_path)) as kept, av.open(str(speech_wav)) as recorded:  # lossless FLAC now
        assert answer.audio_path.suffix == ".flac" and np.array_equal(
            np.concatenate([f.to_ndarray().reshape(-1) for f in kept.decode(audio=0)]),
            np.concatenate([f.to_ndarray().reshape(-1) for f in recorded.decode(audio=0)]))
    assert store.leftover_recordings() == [left]


def test_an_index_from_before_best_takes_and_follow_ups_is_migrated_with_its_best_takes(processed_home):
    """An index from before best takes, follow-ups and ended sittings: opening it adds them, chooses each question's best
    take from the scores it holds, and does not offer its old sittings to continue."""
    import sqlite3

    from voicemock.sessions.store import BEST_TAKES_SCHEMA, MIGRATIONS, SCHEMA_VERSION, Store

    home, session_id = processed_home
    con = sqlite3.connect(home / "voicemock.db")
    undone = [m for n, m in enumerate(MIGRATIONS, start=1) if n >= BEST_TAKES_SCHEMA]
    for statement in (x for m in undone for x in m if x.startswith("ALTER TABLE")):
        table, column = statement.split()[2], statement.split()[5]
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    for statement in (x for m in undone for x in m if x.strip().startswith("CREATE TABLE")):  # later migrations' tables
        con.execute(f"DROP TABLE {statement.split()[2]}")
    con.execute(f"PRAGMA user_version = {BEST_TAKES_SCHEMA - 1}")
    con.commit()
    con.close()
    store = Store.open(home)
    assert store.schema_version() == SCHEMA_VERSION
    answers = store.answers(session_id)
    assert sorted(a.position for a in answers if a.best) == [1, 2]
    assert not any(a.is_follow_up or a.marked_best for a in answers)
    assert store.get_session(session_id).ended_at and store.unfinished_sessions() == []
