"""Where things live on disk. Nothing else in voicemock builds a path by hand.

    <project>/content/*.yaml            built-in guides (the embedded default content)
    <data>/                             VOICEMOCK_HOME, --data-dir, or <project>/recordings
    <data>/voicemock.db                 SQLite index of sessions, answers and metrics
    <data>/guides/*.yaml                guides the user added
    <data>/stories.json                 the story bank and study-plan dates (a copy of their index tables)
    <data>/sessions/<session-id>/       one folder per sitting (the source of truth)
    <cache>/tts/                        synthesized question audio, keyed by text+voice+rate
    <cache>/models/                     assembled or downloaded Whisper models
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from .errors import VoicemockError

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATABASE_NAME = "voicemock.db"


class UnsafePathError(VoicemockError):
    pass


def content_dir() -> Path:
    """The built-in guides shipped with voicemock."""
    override = os.environ.get("VOICEMOCK_CONTENT")
    if override:
        return Path(override)
    bundled = PACKAGE_DIR / "content"  # installed wheel
    return bundled if bundled.is_dir() else PROJECT_DIR / "content"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The folder that holds everything the user made. Created on first use."""
    chosen = explicit or os.environ.get("VOICEMOCK_HOME")
    path = Path(chosen).expanduser() if chosen else PROJECT_DIR / "recordings"
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def cache_dir() -> Path:
    override = os.environ.get("VOICEMOCK_CACHE")
    if override:
        base = Path(override).expanduser()
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "voicemock"
    base.mkdir(parents=True, exist_ok=True)
    return base


def user_guides_dir(data: Path) -> Path:
    return data / "guides"


def guide_dirs(data: Path | None = None) -> list[Path]:
    dirs = [content_dir()]
    if data is not None:
        dirs.append(user_guides_dir(data))
    return dirs


def tts_cache_dir() -> Path:
    path = cache_dir() / "tts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def models_cache_dir() -> Path:
    path = cache_dir() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(text: str, fallback: str = "untitled", max_length: int = 60) -> str:
    """A file or folder name made from user text: ASCII letters, digits, '.', '_' and '-' only."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = _UNSAFE.sub("-", ascii_text).strip(".-_")[:max_length].strip(".-_")
    return name or fallback


def inside(base: Path, *parts: str) -> Path:
    """base/parts, refusing any result that would leave base (.., absolute parts, symlinks out)."""
    base = base.resolve()
    target = base.joinpath(*parts).resolve()
    if target != base and base not in target.parents:
        raise UnsafePathError(f"refused a path outside the data folder: {'/'.join(parts)!r}")
    return target


# --------------------------------------------------------------------------- sessions and answers
#
#   <data>/sessions/<session-id>/session.json              the plan, title and guide of the sitting
#   <data>/sessions/<session-id>/q01-a1/answer.<ext>       the audio exactly as recorded or uploaded
#   <data>/sessions/<session-id>/q01-a1/answer.json        position, attempt, source, original file name
#   <data>/sessions/<session-id>/q01-a1/transcript.json    then .srt, .vtt
#   <data>/sessions/<session-id>/q01-a1/analysis.json      written last: its presence means "processed"
#   <data>/unsaved-recordings/*.wav, *.json                microphone recordings while they are being made,
#                                                          each with the session and question it is for

SESSIONS_DIR = "sessions"
SCRATCH_DIR = "unsaved-recordings"
SESSION_FILE = "session.json"
ANSWER_FILE = "answer.json"
AUDIO_STEM = "answer"
TRANSCRIPT_FILE = "transcript.json"
ANALYSIS_FILE = "analysis.json"
SRT_FILE = "transcript.srt"
VTT_FILE = "transcript.vtt"
AUDIO_EXTENSIONS = (".wav", ".webm", ".ogg", ".oga", ".opus", ".mp3", ".m4a", ".mp4", ".flac", ".aac")
_ANSWER_FOLDER = re.compile(r"^q(\d{2,})-a(\d+)$")
_SESSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def database_path(data: Path) -> Path:
    return data / DATABASE_NAME


STORIES_FILE = "stories.json"


def stories_file(data: Path) -> Path:
    """The story bank kept beside the index, so rebuilding the index never loses a story."""
    return data / STORIES_FILE


def sessions_root(data: Path) -> Path:
    path = data / SESSIONS_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def session_dir(data: Path, session_id: str) -> Path:
    if not _SESSION_ID.match(session_id):
        raise UnsafePathError(f"{session_id!r} is not a session id: see `voicemock sessions` for the ids")
    return inside(sessions_root(data), session_id)




def new_session_name(created: str, title: str | None) -> str:
    """'20250101-093000-coursera-m4-round-1' from a timestamp and the user's title."""
    slug = re.sub(r"[._-]+", "-", safe_name(title or "", fallback="session", max_length=40)).strip("-")
    return f"{created}-{slug or 'session'}".lower()


def answer_folder_name(position: int, attempt: int) -> str:
    return f"q{position:02d}-a{attempt}"


def parse_answer_folder(name: str) -> tuple[int, int] | None:
    """(position, attempt) from 'q01-a2', or None for anything else."""
    match = _ANSWER_FOLDER.match(name)
    return (int(match.group(1)), int(match.group(2))) if match else None


def answer_dir(data: Path, session_id: str, folder: str) -> Path:
    if parse_answer_folder(folder) is None:
        raise UnsafePathError(f"{folder!r} is not an answer folder name")
    return inside(session_dir(data, session_id), folder)


def audio_extension(original_name: str | None, head: bytes = b"") -> str:
    """The file extension to keep the audio under: from the container's magic bytes, else the uploaded name."""
    sniffed = _sniff_extension(head)
    if sniffed:
        return sniffed
    suffix = Path(safe_name(original_name or "", fallback="x")).suffix.lower()
    return suffix if suffix in AUDIO_EXTENSIONS else ".bin"


def _sniff_extension(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return ".wav"
    if head[:4] == b"\x1aE\xdf\xa3":
        return ".webm"
    if head[:4] == b"OggS":
        return ".ogg"
    if head[:4] == b"fLaC":
        return ".flac"
    if head[:3] == b"ID3" or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return ".mp3"
    if head[4:8] == b"ftyp":
        return ".m4a"
    return None


def audio_file(folder: Path) -> Path | None:
    """The answer's audio inside its folder, whatever its container."""
    for path in sorted(folder.glob(f"{AUDIO_STEM}.*")):
        if path.suffix.lower() in AUDIO_EXTENSIONS + (".bin",) and path.is_file():
            return path
    return None


def damaged_copy_path(path: Path, stamp: str) -> Path:
    return path.with_name(f"{path.name}.damaged-{stamp}")


def scratch_dir(data: Path) -> Path:
    path = data / SCRATCH_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def scratch_recording_name(stamp: str, position: int, question_id: str) -> str:
    return f"{stamp}-q{position:02d}-{safe_name(question_id, fallback='question', max_length=40)}.wav"
