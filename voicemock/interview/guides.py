"""The installed guides: the built-in ones in content/ and the ones the user added to <data>/guides/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import layout
from ..files import write_bytes_atomic
from .guide import Guide, GuideError, dump_guide, fill_placeholders, load_guide, parse_guide
from .importer import import_text_guide

DEFAULT_GUIDE = "coursera-em-m4"
GUIDE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class GuideInfo:
    slug: str
    path: Path
    builtin: bool
    title: str = ""
    company: str = ""
    rounds: int = 0
    total_minutes: int = 0
    questions: int = 0
    error: str | None = None  # a guide that fails validation is listed with its one-line reason

    @property
    def label(self) -> str:
        if self.error:
            return f"{self.slug} (cannot be used)"
        return f"{self.company} - {self.title}"


def _guide_files(data_dir: Path | None) -> list[tuple[Path, bool]]:
    found: dict[str, tuple[Path, bool]] = {}
    for folder in layout.guide_dirs(data_dir):
        builtin = folder == layout.content_dir()
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in GUIDE_SUFFIXES and path.is_file():
                found.setdefault(path.stem, (path, builtin))  # built-in guides win a name clash
    return list(found.values())


def list_guides(data_dir: Path | None = None) -> list[GuideInfo]:
    infos = []
    for path, builtin in _guide_files(data_dir):
        try:
            guide = load_guide(path)
        except GuideError as exc:
            infos.append(GuideInfo(path.stem, path, builtin, error=str(exc)))
            continue
        infos.append(
            GuideInfo(
                slug=guide.slug,
                path=path,
                builtin=builtin,
                title=guide.title,
                company=guide.company,
                rounds=len(guide.rounds),
                total_minutes=guide.total_minutes,
                questions=len(guide.all_questions()),
            )
        )
    return infos


def find_guide(name: str | None = None, data_dir: Path | None = None) -> Guide:
    """A guide by slug (built-in or user), or by the path of a YAML file."""
    name = name or DEFAULT_GUIDE
    candidate = Path(name)
    if candidate.suffix in GUIDE_SUFFIXES and candidate.is_file():
        return load_guide(candidate)
    for path, _ in _guide_files(data_dir):
        if path.stem == name:
            return load_guide(path)
    known = ", ".join(info.slug for info in list_guides(data_dir)) or "none"
    raise GuideError(f"no guide named {name!r}; installed guides: {known} (add one with `voicemock import-guide`)")


def guide_label(slug: str | None, data_dir: Path | None = None) -> str:
    """'Coursera · Software Engineering Manager' for an installed guide's slug; '' when it is not installed."""
    if not slug:
        return ""
    try:
        guide = find_guide(slug, data_dir)
    except GuideError:
        return ""
    return f"{guide.company} · {guide.title}"


def read_guide_source(text: str, source: str, slug: str | None = None) -> Guide:
    """A guide from YAML text or from the plain-text guide layout, chosen by what the text looks like."""
    stripped = text.lstrip()
    looks_like_yaml = source.endswith(GUIDE_SUFFIXES) or stripped.startswith(("company:", "#", "---"))
    if looks_like_yaml:
        return parse_guide(text, source, slug=slug or layout.safe_name(Path(source).stem.lower(), "guide"))
    return import_text_guide(text, source, slug=slug)


@dataclass(frozen=True)
class Placeholder:
    """A "[...]" part of a question: resolved when the guide gave an example to speak, else left to fill by hand."""

    question_id: str
    placeholder: str
    spoken_as: str | None  # the words spoken in its place (from "e.g."), or None: still to fill in

    @property
    def line(self) -> str:
        if self.spoken_as:
            return f"{self.question_id}: [{self.placeholder}] is spoken as “{self.spoken_as}”"
        return f"{self.question_id}: [{self.placeholder}] is left to fill in by hand"


def placeholders(guide: Guide) -> list[Placeholder]:
    """Every placeholder still in the guide's questions, and what an interviewer voice will say for it."""
    found = []
    for question, _ in guide.all_questions():
        for item in question.placeholders:
            spoken = fill_placeholders(f"[{item}]")
            found.append(Placeholder(question.id, item, spoken if spoken != item else None))
    return found


def _fingerprint(guide: Guide) -> set[str]:
    return {" ".join(q.text.casefold().split()) for q, _ in guide.all_questions()}


def duplicates_of(guide: Guide, data_dir: Path | None, ignore: Path | None = None) -> list[GuideInfo]:
    """Installed guides that the given one repeats: the same company and title, or mostly the same questions."""
    mine = _fingerprint(guide)
    found = []
    for path, builtin in _guide_files(data_dir):
        if ignore is not None and path.resolve() == Path(ignore).resolve():
            continue
        try:
            other = load_guide(path)
        except GuideError:
            continue
        same_title = (other.company.casefold(), other.title.casefold(), other.level.casefold()) == (
            guide.company.casefold(), guide.title.casefold(), guide.level.casefold())
        theirs = _fingerprint(other)
        overlap = len(mine & theirs) / max(1, min(len(mine), len(theirs)))
        if same_title or overlap >= 0.8:
            found.append(GuideInfo(other.slug, path, builtin, other.title, other.company, len(other.rounds),
                                   other.total_minutes, len(other.all_questions())))
    return found


def duplicate_warning(guide: Guide, duplicates: list[GuideInfo]) -> str | None:
    if not duplicates:
        return None
    names = ", ".join(f"“{d.slug}” ({'built-in' if d.builtin else 'yours'})" for d in duplicates)
    return (f"{guide.company} · {guide.title} repeats the installed guide {names}: both are now listed; "
            "delete one if you did not mean to keep two copies.")


@dataclass(frozen=True)
class Installed:
    path: Path
    guide: Guide
    duplicates: list[GuideInfo]
    placeholders: list[Placeholder]


def install_guide(text: str, source: str, data_dir: Path, slug: str | None = None) -> Path:
    return install_guide_checked(text, source, data_dir, slug).path


def install_guide_checked(text: str, source: str, data_dir: Path, slug: str | None = None) -> Installed:
    """install_guide, also saying which installed guides it repeats and what became of its placeholders."""
    guide = read_guide_source(text, source, slug=slug)
    duplicates = duplicates_of(guide, data_dir)
    path = _install(guide, data_dir, slug)
    return Installed(path, guide, [d for d in duplicates if d.path.resolve() != path.resolve()], placeholders(guide))


def _install(guide: Guide, data_dir: Path, slug: str | None = None) -> Path:
    """Save a checked guide as <data>/guides/<slug>.yaml. Nothing half-written is kept."""
    slug = layout.safe_name(slug or guide.slug, "guide").lower()
    if (layout.content_dir() / f"{slug}.yaml").exists():
        raise GuideError(f"{slug!r} is the name of a built-in guide; choose another name")
    folder = layout.user_guides_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = layout.inside(folder, f"{slug}.yaml")
    write_guide_yaml(guide, target)
    return target


def write_guide_yaml(guide: Guide, target: Path) -> None:
    """Check that what will be written loads back as the same guide, then write it atomically."""
    text = dump_guide(guide)
    parse_guide(text, str(target), slug=guide.slug)
    write_bytes_atomic(target, text.encode("utf-8"))
