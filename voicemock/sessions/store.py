"""The session folders (the source of truth) and the SQLite index over them. The only module that runs SQL.

Every JSON file is written to a temporary file, flushed, fsynced and renamed over the old one, so a reader (or a
second process) sees the old file or the whole new one. Ids and attempt numbers are claimed with an exclusive
mkdir, so two processes never take the same folder. The database runs in WAL mode with foreign keys on; its
schema version is SQLite's user_version and MIGRATIONS bring an older file up to date.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from .. import layout
from ..errors import VoicemockError
from ..files import fsync_dir, write_bytes_atomic
from ..interview.guide import Question, Round
from ..interview.plan import Budget, Plan, PlannedQuestion
from ..speech.transcript import Transcript
from .progress import TREND_GROUPS, AnswerMetrics, AttemptPoint, TrendRow, metrics_from_analysis
from .stories import PracticeEntry, Story, story_id_for

FORMAT = 1


class StoreError(VoicemockError):
    pass


class DamagedIndexError(StoreError):
    pass


class DamagedFileError(StoreError):
    pass


class SessionNotFoundError(StoreError):
    pass


class SessionFolderMissingError(StoreError):
    pass


class StoryNotFoundError(StoreError):
    pass


MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: sessions, the questions asked in them, and the answers kept
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY, title TEXT NOT NULL, guide TEXT NOT NULL, guide_title TEXT,
            mode TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,
            plan_json TEXT NOT NULL)""",
        """CREATE TABLE questions (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, position INTEGER NOT NULL,
            question_id TEXT NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL, round INTEGER, round_name TEXT,
            tags TEXT NOT NULL DEFAULT '[]', target_s REAL, min_s REAL, max_s REAL,
            PRIMARY KEY (session_id, position))""",
        """CREATE TABLE answers (
            id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, position INTEGER NOT NULL,
            attempt INTEGER NOT NULL, folder TEXT NOT NULL, audio_name TEXT NOT NULL, source TEXT NOT NULL,
            original_name TEXT, created_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'saved',
            error TEXT, model TEXT, processed_at TEXT,
            UNIQUE (session_id, folder),
            FOREIGN KEY (session_id, position) REFERENCES questions(session_id, position) ON DELETE CASCADE)""",
    ),
    (  # 2: the numbers behind the progress trends
        """CREATE TABLE metrics (
            answer_id INTEGER PRIMARY KEY REFERENCES answers(id) ON DELETE CASCADE,
            duration_s REAL, speaking_s REAL, wpm REAL, filler_count INTEGER, fillers_per_min REAL,
            long_pauses INTEGER, star_completeness REAL, budget_verdict TEXT, on_budget INTEGER,
            scores_json TEXT NOT NULL DEFAULT '{}')""",
        "CREATE INDEX answers_by_session ON answers(session_id, position, attempt)",
        "CREATE INDEX questions_by_id ON questions(question_id)",
    ),
    (  # 3: the overall score as the analysis stored it (gated by relevance, capped); NULL for older rows
        "ALTER TABLE metrics ADD COLUMN overall REAL",
        # rows indexed before: the overall their scorecard showed then, the mean of their dimension scores
        "UPDATE metrics SET overall = (SELECT ROUND(AVG(value), 1) FROM json_each(metrics.scores_json))",
    ),
    (  # 4: best takes, follow-up answers (linked to their question and the attempt they follow), ended sittings
        "ALTER TABLE answers ADD COLUMN marked_best INTEGER NOT NULL DEFAULT 0",  # the candidate's choice
        "ALTER TABLE answers ADD COLUMN best INTEGER NOT NULL DEFAULT 0",  # the take that counts (kept by the store)
        "ALTER TABLE answers ADD COLUMN probe TEXT",  # a follow-up answer: what the interviewer asked
        "ALTER TABLE answers ADD COLUMN probe_reason TEXT",
        "ALTER TABLE answers ADD COLUMN follows INTEGER",  # the attempt number of the answer it follows up
        "ALTER TABLE sessions ADD COLUMN ended_at TEXT",
        "UPDATE sessions SET ended_at = created_at",  # sittings from before resuming existed are not offered again
    ),
    (  # 5: the story bank (mirrored to stories.json, so rebuild-index keeps it) and study-plan start dates
        """CREATE TABLE stories (
            id TEXT PRIMARY KEY, title TEXT NOT NULL, situation TEXT NOT NULL DEFAULT '',
            task TEXT NOT NULL DEFAULT '', action TEXT NOT NULL DEFAULT '', result TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]', questions TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
        """CREATE TABLE study_plans (
            guide TEXT PRIMARY KEY, start_date TEXT NOT NULL, done TEXT NOT NULL DEFAULT '[]')""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
# the schema version that brought best takes: an older index gets its best takes chosen once it reaches it
BEST_TAKES_SCHEMA = next(n for n, m in enumerate(MIGRATIONS, start=1) if any("COLUMN best " in x for x in m))


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class SessionRecord:
    id: str
    title: str
    guide: str
    guide_title: str | None
    mode: str
    description: str
    created_at: str
    question_count: int
    answer_count: int
    processed_count: int
    folder: Path
    ended_at: str | None = None  # the sitting was finished (or ended) in the app or the terminal
    answered_positions: tuple[int, ...] = ()  # questions with at least one answer (follow-ups not counted)
    positions: tuple[int, ...] = ()  # every question position of the plan, in order
    answered_count: int = 0  # questions with a processed answer (attempts at one question count once)


@dataclass(frozen=True)
class AnswerRecord:
    id: int
    session_id: str
    position: int
    attempt: int
    question_id: str
    question_text: str
    kind: str
    folder: Path
    audio_path: Path
    source: str
    original_name: str | None
    created_at: str
    status: str
    error: str | None
    model: str | None
    probe: str | None = None  # set on a follow-up answer: the interviewer's follow-up question
    probe_reason: str | None = None
    follows: int | None = None  # the attempt number of the answer this follow-up is about
    best: bool = False  # the take that counts for this question (marked by the candidate, else the highest score)
    marked_best: bool = False

    @property
    def is_follow_up(self) -> bool:
        return self.probe is not None

    @property
    def transcript_path(self) -> Path:
        return self.folder / layout.TRANSCRIPT_FILE

    @property
    def analysis_path(self) -> Path:
        return self.folder / layout.ANALYSIS_FILE

    @property
    def srt_path(self) -> Path:
        return self.folder / layout.SRT_FILE

    @property
    def vtt_path(self) -> Path:
        return self.folder / layout.VTT_FILE


@dataclass
class SyncReport:
    """What bringing the index in line with the folders found and did."""

    sessions_added: list[str] = field(default_factory=list)
    answers_added: list[str] = field(default_factory=list)
    metrics_added: list[str] = field(default_factory=list)
    sessions_dropped: list[str] = field(default_factory=list)
    answers_dropped: list[str] = field(default_factory=list)
    files_rewritten: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- files


def write_json_atomic(path: Path, data: Any) -> Path:
    return write_bytes_atomic(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def read_json(path: Path, data_root: Path | None = None) -> Any:
    """The parsed file; a file cut short or garbled raises DamagedFileError naming it."""
    shown = path.relative_to(data_root) if data_root and data_root in path.parents else path
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DamagedFileError(f"{shown} is missing: run `voicemock repair` to redo it from the recording") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DamagedFileError(f"{shown} is damaged (cut short?): run `voicemock repair` to redo it from the recording") from None


def _now() -> datetime:
    return datetime.now().astimezone()


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def now_iso() -> str:
    return _iso(_now())


def overall_of(scores: dict[str, Any] | None) -> float | None:
    """The overall score of an answer: the mean of its dimension scores (as Scorecard.overall)."""
    values = [float(v) for v in (scores or {}).values() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return round(sum(values) / len(values), 1) if values else None


def _positions(text: str | None) -> tuple[int, ...]:
    return tuple(int(p) for p in str(text).split(",") if p.strip()) if text else ()


def results_agree(transcript: Transcript, analysis: dict[str, Any]) -> bool:
    """False when a reanalysis stopped between writing the new transcript and the new analysis."""
    said = (analysis.get("transcript") or {}).get("text")
    return said is None or str(said).strip() == transcript.text.strip()


# --------------------------------------------------------------------------- plans to and from JSON


def planned_to_dict(question: PlannedQuestion) -> dict[str, Any]:
    data = question.to_dict()
    data["question_text"] = question.question.text
    data["placeholders"] = list(question.question.placeholders)
    data["follow_ups"] = list(question.question.follow_ups)
    r = question.round
    data["round_detail"] = None if r is None else {
        f.name: list(getattr(r, f.name)) if isinstance(getattr(r, f.name), tuple) else getattr(r, f.name)
        for f in fields(Round) if f.name != "questions"
    }
    return data


def planned_from_dict(data: dict[str, Any]) -> PlannedQuestion:
    question = Question(
        id=str(data["id"]),
        text=str(data.get("question_text") or data["text"]),
        kind=str(data.get("kind") or "behavioral"),
        tags=tuple(data.get("tags") or ()),
        original_text=str(data.get("original_text") or ""),
        placeholders=tuple(data.get("placeholders") or ()),
        follow_ups=tuple(data.get("follow_ups") or ()),
    )
    detail = data.get("round_detail")
    rnd = None
    if detail:
        known = {f.name: f for f in fields(Round) if f.name != "questions"}
        rnd = Round(**{k: tuple(v) if isinstance(v, list) else v for k, v in detail.items() if k in known})
    budget = Budget(**{k: float(v) for k, v in data["budget"].items()})
    return PlannedQuestion(int(data["position"]), question, rnd, budget)


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    data = plan.to_dict()
    data["questions"] = [planned_to_dict(q) for q in plan.questions]
    return data


def plan_from_dict(data: dict[str, Any]) -> Plan:
    return Plan(
        guide=str(data.get("guide", "")),
        mode=str(data.get("mode", "questions")),
        questions=tuple(planned_from_dict(q) for q in data.get("questions", [])),
        round_budgets_s={int(k): float(v) for k, v in (data.get("round_budgets_s") or {}).items()},
        seed=data.get("seed"),
        description=str(data.get("description", "")),
    )


# --------------------------------------------------------------------------- the store


class Store:
    """One data folder: session folders plus the voicemock.db index. Safe to share between threads."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.db_path = layout.database_path(data)
        self.sessions_root = layout.sessions_root(data)

    @classmethod
    def open(cls, data_dir: str | os.PathLike | None = None) -> Store:
        store = cls(layout.data_dir(data_dir))
        store._migrate()
        store._restore_stories_if_lost()
        return store

    # ----------------------------------------------------------------- database plumbing

    def _damaged(self, exc: Exception) -> DamagedIndexError:
        return DamagedIndexError(
            f"the index {self.db_path.name} is damaged ({exc}): run `voicemock rebuild-index`; "
            f"your recordings in {self.sessions_root} are untouched"
        )

    def _translate(self, exc: sqlite3.Error) -> StoreError:
        text = str(exc)
        if any(s in text for s in ("not a database", "malformed", "disk image", "file is encrypted")):
            return self._damaged(exc)
        if "locked" in text or "busy" in text:
            return StoreError("the index is busy in another voicemock process: try again in a moment")
        return StoreError(f"the index {self.db_path} could not be used ({text}): run `voicemock rebuild-index`")

    @contextmanager
    def _db(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        con: sqlite3.Connection | None = None
        try:
            con = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA foreign_keys = ON")
            if write:
                con.execute("BEGIN IMMEDIATE")
            yield con
            if write:
                con.execute("COMMIT")
        except sqlite3.Error as exc:
            if con is not None and con.in_transaction:
                try:
                    con.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise self._translate(exc) from None
        finally:
            if con is not None:
                con.close()

    def _migrate(self) -> None:
        with self._db() as con:
            if con.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                con.execute("PRAGMA journal_mode = WAL")
            check = con.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise self._damaged(check)
        with self._db(write=True) as con:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.db_path.name} was made by a newer voicemock (schema {version}, this one knows "
                    f"{SCHEMA_VERSION}): update voicemock"
                )
            for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    con.execute(statement)
                con.execute(f"PRAGMA user_version = {number}")
                if number == BEST_TAKES_SCHEMA:  # an older index: its answers get their best takes
                    self._choose_best(con)

    def schema_version(self) -> int:
        with self._db() as con:
            return int(con.execute("PRAGMA user_version").fetchone()[0])

    def journal_mode(self) -> str:
        with self._db() as con:
            return str(con.execute("PRAGMA journal_mode").fetchone()[0])

    def integrity(self) -> str:
        with self._db() as con:
            return str(con.execute("PRAGMA integrity_check").fetchone()[0])

    # ----------------------------------------------------------------- sessions

    def create_session(self, plan: Plan, title: str | None = None, guide_title: str | None = None) -> SessionRecord:
        """A new session folder with its session.json, then its rows in the index."""
        moment = _now()
        title = " ".join((title or plan.description or plan.guide or "Practice").split())[:200]
        session_id, folder = self._claim_session_folder(moment.strftime("%Y%m%d-%H%M%S"), title)
        document = {
            "format": FORMAT,
            "id": session_id,
            "title": title,
            "guide_title": guide_title,
            "created_at": _iso(moment),
            "plan": plan_to_dict(plan),
        }
        write_json_atomic(folder / layout.SESSION_FILE, document)
        with self._db(write=True) as con:
            self._insert_session(con, document)
        return self.get_session(session_id)

    def _claim_session_folder(self, stamp: str, title: str) -> tuple[str, Path]:
        base = layout.new_session_name(stamp, title)
        for n in range(1, 1000):
            session_id = base if n == 1 else f"{base}-{n}"
            folder = layout.session_dir(self.data, session_id)
            try:
                folder.mkdir()
            except FileExistsError:
                continue
            fsync_dir(self.sessions_root)
            return session_id, folder
        raise StoreError(f"too many sessions named {base!r}: choose another title")

    def _insert_session(self, con: sqlite3.Connection, document: dict[str, Any]) -> None:
        plan = document["plan"]
        con.execute(
            "INSERT OR IGNORE INTO sessions (id, title, guide, guide_title, mode, description, created_at, plan_json,"
            " ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (document["id"], document["title"], plan.get("guide", ""), document.get("guide_title"),
             plan.get("mode", "questions"), plan.get("description", ""), document["created_at"], json.dumps(plan),
             document.get("ended_at")),
        )
        for q in plan.get("questions", []):
            budget = q.get("budget") or {}
            con.execute(
                "INSERT OR IGNORE INTO questions (session_id, position, question_id, text, kind, round, round_name, tags,"
                " target_s, min_s, max_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (document["id"], q["position"], q["id"], q["text"], q.get("kind", "behavioral"), q.get("round"),
                 q.get("round_name"), json.dumps(q.get("tags") or []), budget.get("target_s"),
                 budget.get("min_s"), budget.get("max_s")),
            )

    _SESSION_SELECT = """
        SELECT s.*, (SELECT COUNT(*) FROM questions q WHERE q.session_id = s.id) AS question_count,
               (SELECT COUNT(*) FROM answers a WHERE a.session_id = s.id AND a.probe IS NULL) AS answer_count,
               (SELECT COUNT(*) FROM answers a WHERE a.session_id = s.id AND a.status = 'processed'
                   AND a.probe IS NULL) AS processed_count,
               (SELECT COUNT(DISTINCT a.position) FROM answers a WHERE a.session_id = s.id AND a.status = 'processed'
                   AND a.probe IS NULL) AS answered_count,
               (SELECT group_concat(p, ',') FROM (SELECT DISTINCT a.position AS p FROM answers a
                   WHERE a.session_id = s.id AND a.probe IS NULL ORDER BY a.position)) AS answered,
               (SELECT group_concat(p, ',') FROM (SELECT q.position AS p FROM questions q
                   WHERE q.session_id = s.id ORDER BY q.position)) AS positions
        FROM sessions s"""

    def _session_record(self, row: sqlite3.Row) -> SessionRecord:
        return SessionRecord(
            id=row["id"], title=row["title"], guide=row["guide"], guide_title=row["guide_title"], mode=row["mode"],
            description=row["description"], created_at=row["created_at"], question_count=row["question_count"],
            answer_count=row["answer_count"], processed_count=row["processed_count"],
            folder=self.sessions_root / row["id"], ended_at=row["ended_at"], answered_count=row["answered_count"],
            answered_positions=_positions(row["answered"]), positions=_positions(row["positions"]),
        )

    def list_sessions(self, include_empty: bool = False) -> list[SessionRecord]:
        """Sessions, newest first. A sitting in which nothing was answered is not a session (include_empty: all)."""
        with self._db() as con:
            rows = con.execute(self._SESSION_SELECT + " ORDER BY s.created_at DESC, s.id DESC").fetchall()
        records = [self._session_record(row) for row in rows]
        return records if include_empty else [r for r in records if r.answer_count > 0]

    def end_session(self, session_id: str) -> None:
        """The sitting was finished or ended on purpose: it is no longer offered to continue."""
        record = self.get_session(session_id)
        path = record.folder / layout.SESSION_FILE
        moment = now_iso()
        try:
            document = read_json(path, self.data)
            document["ended_at"] = moment
            write_json_atomic(path, document)
        except DamagedFileError:
            pass  # the index still says so; rebuild-index would offer the sitting to continue again
        with self._db(write=True) as con:
            con.execute("UPDATE sessions SET ended_at = ? WHERE id = ?", (moment, record.id))

    def unfinished_sessions(self) -> list[tuple[SessionRecord, int]]:
        """Sittings cut short (a reload, a closed tab, a crash) with something answered and something left, each
        with the question position to continue at: the first unanswered one after the last answer, else the
        first unanswered one."""
        found = []
        for record in self.list_sessions():
            if record.ended_at:
                continue
            left = [p for p in record.positions if p not in record.answered_positions]
            if not left or not record.answered_positions:
                continue
            after = [p for p in left if p > max(record.answered_positions)]
            found.append((record, (after or left)[0]))
        return found

    def resolve_session_id(self, wanted: str) -> str:
        """The full id from an id or a unique start of one."""
        wanted = wanted.strip()
        with self._db() as con:
            ids = [r[0] for r in con.execute("SELECT id FROM sessions WHERE id = ? OR substr(id, 1, ?) = ?",
                                              (wanted, len(wanted), wanted))]
        if wanted in ids:
            return wanted
        if len(ids) == 1 and wanted:
            return ids[0]
        if len(ids) > 1:
            raise SessionNotFoundError(f"{wanted!r} matches {len(ids)} sessions: give more of the id (see `voicemock sessions`)")
        raise SessionNotFoundError(f"no session {wanted!r}: see `voicemock sessions` for the ids")

    def get_session(self, session_id: str, require_folder: bool = True) -> SessionRecord:
        full = self.resolve_session_id(session_id)
        with self._db() as con:
            row = con.execute(self._SESSION_SELECT + " WHERE s.id = ?", (full,)).fetchone()
        record = self._session_record(row)
        if require_folder and not record.folder.is_dir():
            raise SessionFolderMissingError(
                f"the folder of session {full} was removed by hand: run `voicemock repair` to drop it from the index"
            )
        return record

    def session_plan(self, session_id: str) -> Plan:
        """The plan as it was when the session began (session.json, else the copy in the index)."""
        record = self.get_session(session_id)
        try:
            return plan_from_dict(read_json(record.folder / layout.SESSION_FILE, self.data)["plan"])
        except (DamagedFileError, KeyError, TypeError, ValueError):
            with self._db() as con:
                row = con.execute("SELECT plan_json FROM sessions WHERE id = ?", (record.id,)).fetchone()
            return plan_from_dict(json.loads(row[0]))

    def planned_question(self, session_id: str, position: int) -> PlannedQuestion:
        for question in self.session_plan(session_id).questions:
            if question.position == position:
                return question
        raise StoreError(f"session {session_id} has no question {position}: see `voicemock show {session_id}`")

    def delete_session(self, session_id: str) -> SessionRecord:
        """The folder is first renamed out of sight (atomic), then the rows go, then the files."""
        record = self.get_session(session_id, require_folder=False)
        trash = self.sessions_root / f".deleted-{record.id}"
        if record.folder.is_dir():
            os.replace(record.folder, trash)
            fsync_dir(self.sessions_root)
        with self._db(write=True) as con:
            con.execute("DELETE FROM sessions WHERE id = ?", (record.id,))
        shutil.rmtree(trash, ignore_errors=True)
        return record

    # ----------------------------------------------------------------- answers

    def scratch_recording_path(self, session_id: str, question: PlannedQuestion) -> Path:
        """Where a microphone recording streams while it is made (inside the data folder, so a crash keeps it).

        A small JSON file beside it names its session and question, so `repair` can put it where it belongs."""
        stamp = f"{_now().strftime('%Y%m%d-%H%M%S-%f')}-{os.getpid()}"
        path = layout.inside(layout.scratch_dir(self.data), layout.scratch_recording_name(stamp, question.position, question.id))
        owner = {"format": 1, "session_id": session_id, "position": question.position, "question_id": question.id,
                 "created_at": now_iso()}
        write_json_atomic(path.with_suffix(".json"), owner)
        return path

    def is_scratch(self, path: Path) -> bool:
        return Path(path).resolve().parent == layout.scratch_dir(self.data)

    def leftover_recordings(self) -> list[Path]:
        """Microphone recordings never saved as an answer (the app or terminal stopped while recording)."""
        return sorted(p for p in layout.scratch_dir(self.data).glob("*.wav") if p.is_file())

    def scratch_owner(self, path: Path) -> tuple[str, int] | None:
        """The session and question position a microphone recording was made for, or None when not written down."""
        try:
            owner = json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))
            return str(owner["session_id"]), int(owner["position"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def discard_scratch(self, path: Path) -> None:
        """Remove a microphone recording (and the note of its owner) once it is kept elsewhere or held no audio."""
        path = Path(path)
        if not self.is_scratch(path):
            raise StoreError(f"refused to remove {path}: not a microphone recording in progress")
        path.unlink(missing_ok=True)
        path.with_suffix(".json").unlink(missing_ok=True)

    def claim_answer_folder(self, session_id: str, position: int) -> tuple[Path, int]:
        """A new, empty folder for the next attempt at this question, taken atomically."""
        folder_parent = self.get_session(session_id).folder
        for attempt in range(1, 10_000):
            name = layout.answer_folder_name(position, attempt)
            folder = layout.inside(folder_parent, name)
            try:
                folder.mkdir()
            except FileExistsError:
                continue
            fsync_dir(folder_parent)
            return folder, attempt
        raise StoreError(f"too many attempts at question {position}: start a new session")

    def write_audio(self, folder: Path, audio: bytes | Path, original_name: str | None) -> Path:
        data = audio.read_bytes() if isinstance(audio, Path) else bytes(audio)
        extension = layout.audio_extension(original_name or (audio.name if isinstance(audio, Path) else None), data[:16])
        return write_bytes_atomic(folder / f"{layout.AUDIO_STEM}{extension}", data)

    def discard_answer_folder(self, folder: Path) -> None:
        """Remove a claimed answer folder whose recording was refused (never indexed)."""
        if folder.parent.parent != self.sessions_root or layout.parse_answer_folder(folder.name) is None:
            raise StoreError(f"refused to remove {folder}: not an answer folder")
        shutil.rmtree(folder, ignore_errors=True)

    def write_answer_meta(self, folder: Path, meta: dict[str, Any]) -> Path:
        return write_json_atomic(folder / layout.ANSWER_FILE, meta)

    def insert_answer(self, session_id: str, folder: Path, audio_path: Path, meta: dict[str, Any]) -> AnswerRecord:
        """Idempotent: a repair running beside the writer may have indexed the same folder a moment earlier."""
        probe = meta.get("probe") if isinstance(meta.get("probe"), dict) else {}
        with self._db(write=True) as con:
            con.execute(
                "INSERT INTO answers (session_id, position, attempt, folder, audio_name, source, original_name,"
                " created_at, probe, probe_reason, follows, marked_best) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (session_id, folder) DO UPDATE SET"
                " source = excluded.source, original_name = excluded.original_name, created_at = excluded.created_at,"
                " probe = excluded.probe, probe_reason = excluded.probe_reason, follows = excluded.follows",
                (session_id, meta["position"], meta["attempt"], folder.name, audio_path.name, meta["source"],
                 meta.get("original_name"), meta["created_at"], probe.get("text"), probe.get("reason"),
                 probe.get("follows"), int(bool(meta.get("marked_best")))),
            )
            answer_id = con.execute("SELECT id FROM answers WHERE session_id = ? AND folder = ?",
                                    (session_id, folder.name)).fetchone()[0]
        return self.answer(answer_id)

    _ANSWER_SELECT = """
        SELECT a.*, q.question_id, q.text AS question_text, q.kind FROM answers a
        JOIN questions q ON q.session_id = a.session_id AND q.position = a.position"""

    def _answer_record(self, row: sqlite3.Row) -> AnswerRecord:
        folder = self.sessions_root / row["session_id"] / row["folder"]
        return AnswerRecord(
            id=row["id"], session_id=row["session_id"], position=row["position"], attempt=row["attempt"],
            question_id=row["question_id"], question_text=row["question_text"], kind=row["kind"], folder=folder,
            audio_path=folder / row["audio_name"], source=row["source"], original_name=row["original_name"],
            created_at=row["created_at"], status=row["status"], error=row["error"], model=row["model"],
            probe=row["probe"], probe_reason=row["probe_reason"], follows=row["follows"], best=bool(row["best"]),
            marked_best=bool(row["marked_best"]),
        )

    def answer(self, answer_id: int) -> AnswerRecord:
        with self._db() as con:
            row = con.execute(self._ANSWER_SELECT + " WHERE a.id = ?", (int(answer_id),)).fetchone()
        if row is None:
            raise StoreError(f"no answer {answer_id} in the index: run `voicemock repair` if its recording exists")
        return self._answer_record(row)

    def answers(self, session_id: str) -> list[AnswerRecord]:
        full = self.resolve_session_id(session_id)
        with self._db() as con:
            rows = con.execute(self._ANSWER_SELECT + " WHERE a.session_id = ? ORDER BY a.position, a.attempt",
                               (full,)).fetchall()
        return [self._answer_record(row) for row in rows]

    def all_answers(self) -> list[AnswerRecord]:
        with self._db() as con:
            rows = con.execute(self._ANSWER_SELECT + " ORDER BY a.session_id, a.position, a.attempt").fetchall()
        return [self._answer_record(row) for row in rows]

    def write_answer_text(self, answer: AnswerRecord, path: Path, text: str) -> Path:
        if path.parent != answer.folder:
            raise StoreError(f"refused to write {path.name} outside the answer's folder")
        return write_bytes_atomic(path, text.encode("utf-8"))

    def write_answer_json(self, answer: AnswerRecord, path: Path, data: Any) -> Path:
        return self.write_answer_text(answer, path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    def load_transcript(self, answer: AnswerRecord) -> Transcript | None:
        if not answer.transcript_path.exists():
            return None
        try:
            return Transcript.from_dict(read_json(answer.transcript_path, self.data))
        except (KeyError, TypeError, ValueError):
            raise DamagedFileError(
                f"{answer.transcript_path.relative_to(self.data)} is damaged: run `voicemock repair` to redo it"
            ) from None

    def load_analysis(self, answer: AnswerRecord) -> dict[str, Any] | None:
        if not answer.analysis_path.exists():
            return None
        data = read_json(answer.analysis_path, self.data)
        if not isinstance(data, dict):
            raise DamagedFileError(f"{answer.analysis_path.relative_to(self.data)} is damaged: run `voicemock repair`")
        return data

    def record_processed(self, answer_id: int, model: str, metrics: AnswerMetrics) -> None:
        with self._db(write=True) as con:
            con.execute(
                "INSERT OR REPLACE INTO metrics (answer_id, duration_s, speaking_s, wpm, filler_count,"
                " fillers_per_min, long_pauses, star_completeness, budget_verdict, on_budget, scores_json, overall)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (answer_id, metrics.duration_s, metrics.speaking_s, metrics.wpm, metrics.filler_count,
                 metrics.fillers_per_min, metrics.long_pauses, metrics.star_completeness, metrics.budget_verdict,
                 None if metrics.on_budget is None else int(metrics.on_budget), json.dumps(metrics.scores),
                 metrics.overall),
            )
            con.execute("UPDATE answers SET status = 'processed', error = NULL, model = ?, processed_at = ?"
                        " WHERE id = ?", (model, _iso(_now()), answer_id))
            self._choose_best(con, answer_id=answer_id)

    # ----------------------------------------------------------------- best takes

    @staticmethod
    def _choose_best(con: sqlite3.Connection, answer_id: int | None = None) -> None:
        """Keep answers.best: per question of a session, the take the candidate marked, else the processed take with
        the highest overall score (the mean of its dimension scores), the later one on a tie. Follow-ups never."""
        if answer_id is not None:
            row = con.execute("SELECT session_id, position FROM answers WHERE id = ?", (answer_id,)).fetchone()
            groups = [tuple(row)] if row else []
        else:
            groups = [tuple(r) for r in con.execute("SELECT DISTINCT session_id, position FROM answers")]
        for session_id, position in groups:
            rows = con.execute(
                "SELECT m.*, a.id, a.attempt, a.marked_best FROM answers a LEFT JOIN metrics m"
                " ON m.answer_id = a.id WHERE a.session_id = ? AND a.position = ? AND a.probe IS NULL",
                (session_id, position)).fetchall()
            marked = [r["id"] for r in rows if r["marked_best"]]
            # The stored overall where the metrics keep one (the score the scorecard showed, None when unscored);
            # else the mean of the dimension scores.
            scored = [(r["overall"] if "overall" in r.keys() else overall_of(json.loads(r["scores_json"])),
                       r["attempt"], r["id"]) for r in rows
                      if r["scores_json"] is not None]
            scored = [item for item in scored if item[0] is not None]
            best = marked[0] if marked else (max(scored)[2] if scored else None)
            con.execute("UPDATE answers SET best = COALESCE(id = ?, 0) WHERE session_id = ? AND position = ?",
                        (best, session_id, position))

    def mark_best(self, answer_id: int) -> AnswerRecord:
        """The candidate's choice of the take that counts for its question (kept in answer.json too)."""
        chosen = self.answer(answer_id)
        if chosen.is_follow_up:
            raise StoreError("a follow-up answer cannot be the best take: choose one of the question's attempts")
        for other in self.answers(chosen.session_id):
            if other.position != chosen.position or other.is_follow_up:
                continue
            path = other.folder / layout.ANSWER_FILE
            try:
                meta = read_json(path, self.data)
            except DamagedFileError:
                continue
            if isinstance(meta, dict) and bool(meta.get("marked_best")) != (other.id == chosen.id):
                meta["marked_best"] = other.id == chosen.id
                write_json_atomic(path, meta)
        with self._db(write=True) as con:
            con.execute("UPDATE answers SET marked_best = (id = ?) WHERE session_id = ? AND position = ?",
                        (chosen.id, chosen.session_id, chosen.position))
            self._choose_best(con, answer_id=chosen.id)
        return self.answer(chosen.id)

    def record_failure(self, answer_id: int, message: str) -> None:
        with self._db(write=True) as con:
            con.execute("UPDATE answers SET status = CASE WHEN status = 'processed' THEN status ELSE 'failed' END,"
                        " error = ? WHERE id = ?", (message, answer_id))

    def metrics(self, answer_id: int) -> dict[str, Any] | None:
        with self._db() as con:
            row = con.execute("SELECT * FROM metrics WHERE answer_id = ?", (answer_id,)).fetchone()
        return dict(row) if row else None

    def ranked_answers(self) -> list[tuple[float, AnswerRecord, dict[str, Any]]]:
        """Processed answers whose recording is still on disk, best first, by their overall score: the one their
        scorecard shows (answers with no overall, such as those with speech left untranscribed, are not ranked).
        Follow-up answers are not ranked beside whole answers."""
        with self._db() as con:
            rows = {r["answer_id"]: dict(r) for r in con.execute("SELECT * FROM metrics")}
        ranked = []
        for answer in self.all_answers():
            if answer.is_follow_up:
                continue
            row = rows.get(answer.id)
            if row and row.get("overall") is not None and answer.audio_path.is_file():
                ranked.append((float(row["overall"]), answer, row))
        return sorted(ranked, key=lambda item: item[0], reverse=True)

    def is_complete(self, answer: AnswerRecord) -> bool:
        """Processed: a readable transcript and analysis on disk and the metrics in the index."""
        try:
            transcript, analysis = self.load_transcript(answer), self.load_analysis(answer)
        except DamagedFileError:
            return False
        if transcript is None or analysis is None or not results_agree(transcript, analysis):
            return False
        return answer.status == "processed" and self.metrics(answer.id) is not None

    def incomplete_answers(self) -> list[AnswerRecord]:
        return [a for a in self.all_answers() if a.audio_path.is_file() and not self.is_complete(a)]

    # ----------------------------------------------------------------- progress

    _GROUPS = {
        "session": ("a.session_id", "MAX(s.title)"),
        "round": ("COALESCE(q.round, 0)", "COALESCE(MAX(q.round_name), 'Questions outside a round')"),
        "kind": ("q.kind", "q.kind"),
        "question": ("q.question_id", "MAX(q.text)"),
    }

    def trends(self, by: str = "session") -> list[TrendRow]:
        """Averages of the best take of each question asked (see _choose_best), grouped by session, round, question
        kind or question."""
        if by not in TREND_GROUPS:
            raise StoreError(f"trends come by {', '.join(TREND_GROUPS)}, not {by!r}")
        key, label = self._GROUPS[by]
        sql = f"""
            SELECT {key} AS key, {label} AS label, COUNT(*) AS answers, AVG(m.wpm) AS wpm,
                   AVG(m.fillers_per_min) AS fillers_per_min, AVG(m.long_pauses) AS long_pauses,
                   AVG(m.star_completeness) AS star_completeness, AVG(m.on_budget) AS on_budget_share,
                   MIN(a.created_at) AS first_at, MAX(a.created_at) AS last_at
            FROM metrics m JOIN answers a ON a.id = m.answer_id
            JOIN questions q ON q.session_id = a.session_id AND q.position = a.position
            JOIN sessions s ON s.id = a.session_id
            WHERE a.best = 1
            GROUP BY {key} ORDER BY first_at"""
        with self._db() as con:
            rows = con.execute(sql).fetchall()
        return [TrendRow(key=str(r["key"]), label=str(r["label"]), answers=r["answers"], wpm=r["wpm"],
                         fillers_per_min=r["fillers_per_min"], long_pauses=r["long_pauses"],
                         star_completeness=r["star_completeness"], on_budget_share=r["on_budget_share"],
                         first_at=r["first_at"], last_at=r["last_at"]) for r in rows]

    def question_history(self, question_id: str | None = None) -> list[AttemptPoint]:
        """Every processed answer (to one question, or to all), oldest first."""
        sql = """
            SELECT q.question_id, q.text, a.session_id, a.attempt, a.created_at, m.wpm, m.fillers_per_min,
                   m.long_pauses, m.star_completeness, m.on_budget
            FROM metrics m JOIN answers a ON a.id = m.answer_id
            JOIN questions q ON q.session_id = a.session_id AND q.position = a.position
            WHERE a.probe IS NULL"""
        args: tuple[Any, ...] = ()
        if question_id:
            sql += " AND q.question_id = ?"
            args = (question_id,)
        with self._db() as con:
            rows = con.execute(sql + " ORDER BY a.created_at, a.id", args).fetchall()
        return [AttemptPoint(question_id=r[0], question_text=r[1], session_id=r[2], attempt=r[3], created_at=r[4],
                             wpm=r[5], fillers_per_min=r[6], long_pauses=r[7], star_completeness=r[8],
                             on_budget=None if r[9] is None else bool(r[9])) for r in rows]

    # ----------------------------------------------------------------- folders -> index

    def sync_from_folders(self) -> SyncReport:
        """Bring the index in line with the session folders, the source of truth."""
        report = SyncReport()
        with self._db() as con:
            known_sessions = {r[0] for r in con.execute("SELECT id FROM sessions")}
            known_answers = {(r[0], r[1]) for r in con.execute("SELECT session_id, folder FROM answers")}
        on_disk = sorted(p for p in self.sessions_root.iterdir() if p.is_dir() and not p.name.startswith("."))
        for session_id in sorted(known_sessions - {p.name for p in on_disk}):
            with self._db(write=True) as con:
                con.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            report.sessions_dropped.append(session_id)
        for folder in on_disk:
            self._sync_session(folder, folder.name in known_sessions, known_answers, report)
        with self._db(write=True) as con:
            self._choose_best(con)  # the candidate's marks (answer.json) and the scores found
        return report

    def _sync_session(self, folder: Path, indexed: bool, known_answers: set[tuple[str, str]], report: SyncReport) -> None:
        if not indexed and not (folder / layout.SESSION_FILE).exists() and not any(folder.iterdir()):
            return  # just claimed by a writer that has not written session.json yet: nothing to keep
        document = self._session_document(folder, indexed, report)
        if document is None:
            return
        if not indexed:
            with self._db(write=True) as con:
                self._insert_session(con, document)
            report.sessions_added.append(folder.name)
        positions = {q["position"] for q in document["plan"]["questions"]}
        answer_folders = {p.name: p for p in folder.iterdir() if p.is_dir() and layout.parse_answer_folder(p.name)}
        for name, answer_folder in sorted(answer_folders.items()):
            audio = layout.audio_file(answer_folder)
            if audio is None:
                continue  # claimed but no audio yet (or an aborted write): nothing to keep
            if (folder.name, name) not in known_answers:
                self._index_found_answer(folder.name, answer_folder, audio, document, positions, report)
        with self._db() as con:
            indexed_folders = [r[0] for r in con.execute("SELECT folder FROM answers WHERE session_id = ?", (folder.name,))]
        for name in indexed_folders:
            if name not in answer_folders or layout.audio_file(answer_folders[name]) is None:
                with self._db(write=True) as con:
                    con.execute("DELETE FROM answers WHERE session_id = ? AND folder = ?", (folder.name, name))
                report.answers_dropped.append(f"{folder.name}/{name}")

    def _session_document(self, folder: Path, indexed: bool, report: SyncReport) -> dict[str, Any] | None:
        path = folder / layout.SESSION_FILE
        try:
            document = read_json(path, self.data)
            plan_from_dict(document["plan"])
            return document
        except (DamagedFileError, KeyError, TypeError, ValueError):
            pass
        document = self._session_document_from_index(folder.name) if indexed else None
        document = document or self._session_document_from_answers(folder)
        if document is None:
            report.problems.append(f"{folder.name}: no readable session.json and no answers to rebuild it from")
            return None
        write_json_atomic(path, document)
        report.files_rewritten.append(str(path.relative_to(self.data)))
        return document

    def _session_document_from_index(self, session_id: str) -> dict[str, Any] | None:
        with self._db() as con:
            row = con.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            return None
        return {"format": FORMAT, "id": row["id"], "title": row["title"], "guide_title": row["guide_title"],
                "created_at": row["created_at"], "plan": json.loads(row["plan_json"])}

    def _session_document_from_answers(self, folder: Path) -> dict[str, Any] | None:
        questions: dict[int, dict[str, Any]] = {}
        for meta_path in sorted(folder.glob(f"q*-a*/{layout.ANSWER_FILE}")):
            try:
                question = read_json(meta_path)["question"]
                planned_from_dict(question)
            except (DamagedFileError, KeyError, TypeError, ValueError):
                continue
            questions.setdefault(int(question["position"]), question)
        if not questions:
            return None
        created = datetime.fromtimestamp(folder.stat().st_mtime).astimezone()
        plan = {"guide": "", "mode": "questions", "description": "rebuilt from the answers",
                "round_budgets_s": {}, "seed": None, "questions": [questions[k] for k in sorted(questions)]}
        return {"format": FORMAT, "id": folder.name, "title": folder.name, "guide_title": None,
                "created_at": _iso(created), "plan": plan}

    def _index_found_answer(self, session_id: str, folder: Path, audio: Path, document: dict[str, Any],
                            positions: set[int], report: SyncReport) -> None:
        position, attempt = layout.parse_answer_folder(folder.name) or (0, 0)
        try:
            meta = read_json(folder / layout.ANSWER_FILE)
            if not isinstance(meta, dict) or "source" not in meta:
                raise DamagedFileError("incomplete")
        except DamagedFileError:
            meta = self._answer_meta_from_folder(folder, audio, document, position, attempt)
            write_json_atomic(folder / layout.ANSWER_FILE, meta)
            report.files_rewritten.append(str((folder / layout.ANSWER_FILE).relative_to(self.data)))
        if position not in positions:
            report.problems.append(f"{session_id}/{folder.name}: its question {position} is not in the session's plan")
            return
        record = self.insert_answer(session_id, folder, audio, {**meta, "position": position, "attempt": attempt})
        report.answers_added.append(f"{session_id}/{folder.name}")
        try:
            analysis = self.load_analysis(record)
            transcript = self.load_transcript(record)
        except DamagedFileError:
            return
        if analysis is not None and transcript is not None:
            self.record_processed(record.id, transcript.model, metrics_from_analysis(analysis))
            report.metrics_added.append(f"{session_id}/{folder.name}")

    @staticmethod
    def _answer_meta_from_folder(folder: Path, audio: Path, document: dict[str, Any], position: int,
                                 attempt: int) -> dict[str, Any]:
        question = next((q for q in document["plan"]["questions"] if q["position"] == position), None)
        created = datetime.fromtimestamp(audio.stat().st_mtime).astimezone()
        return {"format": FORMAT, "position": position, "attempt": attempt, "source": "unknown",
                "original_name": None, "created_at": _iso(created), "question": question}

    @classmethod
    def rebuild(cls, data_dir: str | os.PathLike | None = None) -> tuple[Store, Path | None, SyncReport]:
        """For a damaged index that Store.open refuses: a new index built from the session folders."""
        store = cls(layout.data_dir(data_dir))
        kept, report = store.rebuild_index()
        return store, kept, report

    def rebuild_index(self) -> tuple[Path | None, SyncReport]:
        """Move the index aside (kept as voicemock.db.damaged-<time>) and build a new one from the folders."""
        stamp = _now().strftime("%Y%m%d-%H%M%S")
        kept: Path | None = None
        for suffix in ("", "-wal", "-shm"):
            path = self.db_path.with_name(self.db_path.name + suffix)
            if path.exists():
                target = layout.damaged_copy_path(path, stamp)
                os.replace(path, target)
                kept = kept or target
        self._migrate()
        self.restore_stories()
        return kept, self.sync_from_folders()

    # ----------------------------------------------------------------- the story bank and study plans

    _STORY_PARTS = ("situation", "task", "action", "result")

    @staticmethod
    def _story(row: sqlite3.Row) -> Story:
        return Story(id=row["id"], title=row["title"], situation=row["situation"], task=row["task"],
                     action=row["action"], result=row["result"], tags=tuple(json.loads(row["tags"])),
                     questions=tuple(json.loads(row["questions"])), created_at=row["created_at"],
                     updated_at=row["updated_at"])

    def list_stories(self) -> list[Story]:
        with self._db() as con:
            rows = con.execute("SELECT * FROM stories ORDER BY created_at, id").fetchall()
        return [self._story(r) for r in rows]

    def get_story(self, story_id: str) -> Story:
        with self._db() as con:
            row = con.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            raise StoryNotFoundError(f"no story {story_id!r}: see `voicemock stories list` for the ids")
        return self._story(row)

    def _put_story(self, con: sqlite3.Connection, story: Story, created_at: str) -> None:
        con.execute(
            "INSERT INTO stories (id, title, situation, task, action, result, tags, questions, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title,"
            " situation = excluded.situation, task = excluded.task, action = excluded.action,"
            " result = excluded.result, tags = excluded.tags, questions = excluded.questions,"
            " updated_at = excluded.updated_at",
            (story.id, story.title, story.situation, story.task, story.action, story.result,
             json.dumps(list(story.tags)), json.dumps(list(story.questions)), story.created_at or created_at,
             story.updated_at or created_at),
        )

    def add_story(self, story: Story) -> Story:
        """A new story; its id gets a number when another story already has it."""
        now = now_iso()
        with self._db(write=True) as con:
            taken = [r[0] for r in con.execute("SELECT id FROM stories")]
            if story.id in taken:
                story = replace(story, id=story_id_for(story.id, taken))
            self._put_story(con, replace(story, created_at=now, updated_at=now), now)
        self._write_story_copy()
        return self.get_story(story.id)

    def update_story(self, story: Story) -> Story:
        old = self.get_story(story.id)
        now = now_iso()
        with self._db(write=True) as con:
            self._put_story(con, replace(story, created_at=old.created_at, updated_at=now), now)
        self._write_story_copy()
        return self.get_story(story.id)

    def delete_story(self, story_id: str) -> Story:
        story = self.get_story(story_id)
        with self._db(write=True) as con:
            con.execute("DELETE FROM stories WHERE id = ?", (story_id,))
        self._write_story_copy()
        return story

    def import_stories(self, stories: list[Story]) -> tuple[list[str], list[str]]:
        """All the stories of a file in one transaction: a story with a known id is replaced, others added.
        Returns (added ids, replaced ids)."""
        now = now_iso()
        added, replaced_ids = [], []
        with self._db(write=True) as con:
            existing = {r[0]: r[1] for r in con.execute("SELECT id, created_at FROM stories")}
            for story in stories:
                if story.id in existing:
                    replaced_ids.append(story.id)
                    self._put_story(con, replace(story, created_at=existing[story.id], updated_at=now), now)
                else:
                    added.append(story.id)
                    existing[story.id] = now
                    self._put_story(con, replace(story, created_at=now, updated_at=now), now)
        self._write_story_copy()
        return added, replaced_ids

    def study_plan_state(self, guide: str) -> tuple[str, list[int]] | None:
        """(start date, steps ticked done) of a guide's study plan, or None before it is started."""
        with self._db() as con:
            row = con.execute("SELECT start_date, done FROM study_plans WHERE guide = ?", (guide,)).fetchone()
        return (row[0], [int(n) for n in json.loads(row[1])]) if row else None

    def set_study_plan(self, guide: str, start_date: str, done: list[int] | None = None) -> None:
        with self._db(write=True) as con:
            if done is None:
                row = con.execute("SELECT done FROM study_plans WHERE guide = ?", (guide,)).fetchone()
                done = [int(n) for n in json.loads(row[0])] if row else []
            con.execute("INSERT OR REPLACE INTO study_plans (guide, start_date, done) VALUES (?, ?, ?)",
                        (guide, start_date, json.dumps(sorted(set(done)))))
        self._write_story_copy()

    def _write_story_copy(self) -> None:
        with self._db() as con:
            plans = {r[0]: {"start_date": r[1], "done": json.loads(r[2])}
                     for r in con.execute("SELECT guide, start_date, done FROM study_plans")}
        stories = [{**s.to_dict(), "created_at": s.created_at, "updated_at": s.updated_at} for s in self.list_stories()]
        write_json_atomic(layout.stories_file(self.data), {"format": FORMAT, "stories": stories, "study_plans": plans})

    def _restore_stories_if_lost(self) -> None:
        """A new index (voicemock.db removed by hand) beside a stories.json that holds stories: take them back."""
        if not layout.stories_file(self.data).exists():
            return
        with self._db() as con:
            empty = con.execute("SELECT COUNT(*) FROM stories").fetchone()[0] == 0 and \
                con.execute("SELECT COUNT(*) FROM study_plans").fetchone()[0] == 0
        if empty:
            self.restore_stories()

    def restore_stories(self) -> int:
        """Put the stories and study plans of stories.json back into a new index; the number of stories.
        A damaged stories.json is moved aside as stories.json.damaged-<time> and nothing is restored."""
        path = layout.stories_file(self.data)
        if not path.exists():
            return 0
        try:
            document = read_json(path, self.data)
            stories = [Story(id=str(d["id"]), title=str(d["title"]), tags=tuple(d.get("tags") or ()),
                             questions=tuple(d.get("questions") or ()), created_at=str(d.get("created_at") or ""),
                             updated_at=str(d.get("updated_at") or ""),
                             **{p: str(d.get(p) or "") for p in self._STORY_PARTS})
                       for d in document.get("stories") or ()]
            plans = dict(document.get("study_plans") or {})
        except (DamagedFileError, KeyError, TypeError, ValueError, AttributeError):
            # Kept aside (stories.json.damaged-<time>) for a person to read; the index goes on without it.
            os.replace(path, layout.damaged_copy_path(path, _now().strftime("%Y%m%d-%H%M%S")))
            return 0
        now = now_iso()
        with self._db(write=True) as con:
            for story in stories:
                self._put_story(con, story, now)
            for guide, plan in plans.items():
                con.execute("INSERT OR REPLACE INTO study_plans (guide, start_date, done) VALUES (?, ?, ?)",
                            (guide, str(plan["start_date"]), json.dumps(list(plan.get("done") or []))))
        return len(stories)

    def practice_log(self) -> list[PracticeEntry]:
        """Every processed answer with its guide, question, round, tags, time and overall score (the one its
        scorecard shows; None when it has none), oldest first."""
        sql = """
            SELECT q.question_id, s.guide, a.created_at, m.overall, q.tags, q.round, a.session_id
            FROM metrics m JOIN answers a ON a.id = m.answer_id
            JOIN questions q ON q.session_id = a.session_id AND q.position = a.position
            JOIN sessions s ON s.id = a.session_id
            WHERE a.probe IS NULL ORDER BY a.created_at, a.id"""  # a follow-up answer is not practice of the question
        with self._db() as con:
            rows = con.execute(sql).fetchall()
        entries = []
        for r in rows:
            entries.append(PracticeEntry(question_id=r[0], guide=r[1] or "", created_at=r[2],
                                         score=None if r[3] is None else float(r[3]),
                                         tags=tuple(json.loads(r[4] or "[]")), round=r[5], session_id=r[6]))
        return entries
