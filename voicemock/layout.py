"""Where things live on disk. Nothing else in voicemock builds a path by hand.

    <project>/content/*.yaml            built-in guides (the embedded default content)
    <data>/                             VOICEMOCK_HOME, --data-dir, or <project>/recordings
    <data>/voicemock.db                 SQLite index of sessions, answers and metrics
    <data>/guides/*.yaml                guides the user added
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
