"""Interview guides: the content model, and loading it from YAML with validation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import VoicemockError

QUESTION_KINDS = (
    "behavioral",
    "system_design",
    "technical_decision",
    "strategy",
    "motivation",
    "technical",
    "self_assessment",
    "career_summary",
    "vision",
)


class GuideError(VoicemockError, ValueError):
    """A guide file that cannot be used. The message names the file, the field and the line.

    A file with several mistakes raises one GuideError holding all of them (`problems`, each one line with its own
    line number), so a person fixes them in one go; `str()` is still one line.
    """

    def __init__(self, message: str, problems: tuple[str, ...] = ()):
        super().__init__(message)
        self.problems = tuple(problems) or (message,)


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    kind: str = "behavioral"
    tags: tuple[str, ...] = ()
    original_text: str = ""  # the guide's wording when `text` fills in a placeholder
    placeholders: tuple[str, ...] = ()  # "[...]" parts still to fill in by hand
    follow_ups: tuple[str, ...] = ()  # what the interviewer may ask next, aloud (voicemock.interview.probes)

    @property
    def spoken_text(self) -> str:
        """The text with any "[...]" placeholder turned into words a person can answer aloud."""
        return fill_placeholders(self.text)


_PLACEHOLDER = re.compile(r"\[([^\[\]]+)\]")


def fill_placeholders(text: str) -> str:
    """'[a feature, e.g., course search]' -> 'course search'; '[specific service]' -> 'specific service'."""

    def spoken(match: re.Match[str]) -> str:
        inner = match.group(1).strip()
        example = re.split(r"\be\.g\.,?\s*", inner, maxsplit=1)
        return example[1].strip() if len(example) == 2 and example[1].strip() else inner

    return _PLACEHOLDER.sub(spoken, text)


def find_placeholders(text: str) -> tuple[str, ...]:
    return tuple(m.group(1).strip() for m in _PLACEHOLDER.finditer(text))


@dataclass(frozen=True)
class Round:
    number: int
    name: str
    kind: str
    difficulty: str
    duration_min: int
    interviewer: str
    summary: str = ""
    description: str = ""
    looks_for: tuple[str, ...] = ()
    evaluation_criteria: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    preparation_tips: tuple[str, ...] = ()
    rejection_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class CriteriaGroup:
    name: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class StudyStep:
    number: int
    title: str
    weeks: str
    summary: str
    details: str


@dataclass(frozen=True)
class LocationVariant:
    name: str
    focus: tuple[str, ...]
    questions: tuple[Question, ...]
    tips: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    slug: str
    company: str
    role: str
    title: str
    level: str
    difficulty: str
    summary: str
    rounds: tuple[Round, ...]
    facts: dict[str, str] = field(default_factory=dict)  # timeline, experience, salary range...
    evaluation_criteria: tuple[CriteriaGroup, ...] = ()
    preparation_tips: tuple[str, ...] = ()
    study_plan: tuple[StudyStep, ...] = ()
    common_questions: tuple[Question, ...] = ()
    variants: tuple[LocationVariant, ...] = ()
    source: str = ""

    @property
    def total_minutes(self) -> int:
        return sum(r.duration_min for r in self.rounds)

    def round(self, number: int) -> Round:
        for r in self.rounds:
            if r.number == number:
                return r
        raise GuideError(f"{self.slug}: no round {number} (rounds are {', '.join(str(r.number) for r in self.rounds)})")

    def all_questions(self) -> list[tuple[Question, Round | None]]:
        """Every question with the round it belongs to (None for the guide-wide lists)."""
        found: list[tuple[Question, Round | None]] = []
        for r in self.rounds:
            found.extend((q, r) for q in r.questions)
        found.extend((q, None) for q in self.common_questions)
        for variant in self.variants:
            found.extend((q, None) for q in variant.questions)
        return found

    def question(self, question_id: str) -> tuple[Question, Round | None]:
        for q, r in self.all_questions():
            if q.id == question_id:
                return q, r
        raise GuideError(f"{self.slug}: no question with id {question_id!r} (see `voicemock plan --guide {self.slug} --loop --json`)")

    def tags(self) -> list[str]:
        seen: dict[str, None] = {}
        for q, _ in self.all_questions():
            for t in q.tags:
                seen.setdefault(t, None)
        return list(seen)


# --------------------------------------------------------------------------- loading

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class _Reader:
    """Walks the YAML node tree so every error can name the field and its line.

    It does not stop at the first mistake: each one is noted (`problems`) and reading goes on with a stand-in value,
    so that one refusal lists every mistake of the file.
    """

    def __init__(self, path: str):
        self.path = path
        self.problems: list[tuple[int, str]] = []  # (line, message)

    def fail(self, where: str, node: yaml.Node | None, message: str) -> GuideError:
        line = f", line {node.start_mark.line + 1}" if node is not None else ""
        return GuideError(f"{self.path}{line}: {where}: {message}")

    def note(self, where: str, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 0
        self.problems.append((line, str(self.fail(where, node, message))))

    def raise_problems(self) -> None:
        if not self.problems:
            return
        ordered = tuple(dict.fromkeys(m for _, m in sorted(self.problems, key=lambda p: p[0])))
        if len(ordered) == 1:
            raise GuideError(ordered[0])
        short = [m[len(self.path) + 2:] if m.startswith(self.path + ", ") else m for m in ordered]
        raise GuideError(f"{self.path}: {len(ordered)} mistakes to fix: " + "; ".join(short), ordered)

    def mapping(self, node: yaml.Node, where: str) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.note(where, node, "expected a mapping of fields")
            return None
        out: dict[str, yaml.Node] = {}
        for key, value in node.value:
            out[str(key.value)] = value
        return out

    def field(self, fields: dict[str, yaml.Node], name: str, where: str, parent: yaml.Node, required: bool = True):
        if name not in fields:
            if required:
                self.note(f"{where}.{name}" if where else name, parent, "required field is missing")
            return None
        return fields[name]

    def text(self, fields, name, where, parent, required=True, default="") -> str:
        node = self.field(fields, name, where, parent, required)
        if node is None:
            return default
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            self.note(self._name(where, name), node, "expected text")
            return default
        value = str(node.value).strip()
        if required and not value:
            self.note(self._name(where, name), node, "must not be empty")
        return value

    def integer(self, fields, name, where, parent, minimum=1) -> int:
        node = self.field(fields, name, where, parent)
        if node is None:
            return minimum
        try:
            value = int(str(node.value))
        except (TypeError, ValueError):
            self.note(self._name(where, name), node, f"expected a whole number, got {node.value!r}")
            return minimum
        if value < minimum:
            self.note(self._name(where, name), node, f"must be at least {minimum}")
            return minimum
        return value

    def sequence(self, fields, name, where, parent, required=True) -> list[yaml.Node]:
        node = self.field(fields, name, where, parent, required)
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.note(self._name(where, name), node, "expected a list")
            return []
        if required and not node.value:
            self.note(self._name(where, name), node, "must not be empty")
        return list(node.value)

    def texts(self, fields, name, where, parent, required=True) -> tuple[str, ...]:
        items = []
        for i, node in enumerate(self.sequence(fields, name, where, parent, required)):
            if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
                self.note(f"{self._name(where, name)}[{i}]", node, "expected non-empty text")
                continue
            items.append(str(node.value).strip())
        return tuple(items)

    @staticmethod
    def _name(where: str, name: str) -> str:
        return f"{where}.{name}" if where else name


def _question(reader: _Reader, node: yaml.Node, where: str, seen_ids: set[str]) -> Question | None:
    fields = reader.mapping(node, where)
    if fields is None:
        return None
    qid = reader.text(fields, "id", where, node)
    if qid and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", qid):
        reader.note(f"{where}.id", fields["id"], f"{qid!r} may hold only letters, digits, '.', '_' and '-'")
    if qid in seen_ids:
        reader.note(f"{where}.id", fields["id"], f"duplicate question id {qid!r}")
    seen_ids.add(qid)
    kind = reader.text(fields, "kind", where, node)
    if kind and kind not in QUESTION_KINDS:
        reader.note(f"{where}.kind", fields["kind"], f"unknown kind {kind!r}; use one of {', '.join(QUESTION_KINDS)}")
    return Question(
        id=qid,
        text=reader.text(fields, "text", where, node),
        kind=kind,
        tags=reader.texts(fields, "tags", where, node, required=False),
        original_text=reader.text(fields, "original_text", where, node, required=False),
        placeholders=reader.texts(fields, "placeholders", where, node, required=False),
        follow_ups=reader.texts(fields, "follow_ups", where, node, required=False),
    )


def _questions(reader: _Reader, nodes: list[yaml.Node], where: str, seen_ids: set[str]) -> tuple[Question, ...]:
    found = (_question(reader, q, f"{where}[{j}]", seen_ids) for j, q in enumerate(nodes))
    return tuple(q for q in found if q is not None)


def _yaml_problem(exc: yaml.YAMLError, path: str) -> GuideError:
    """A YAML syntax error at the line a person has to fix: an unclosed quote is reported where it opens (the parser
    notices it only lines later, where the text runs out or a colon appears)."""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None) or ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = problem_mark
    if context_mark is not None and "quoted scalar" in context:
        mark = context_mark
        problem = "a quote opened here is never closed (add the closing quote, or write the text without quotes)"
    line = f", line {mark.line + 1}" if mark is not None else ""
    return GuideError(f"{path}{line}: not valid YAML: {problem}")


def parse_guide(text: str, path: str = "<guide>", slug: str | None = None) -> Guide:
    """Build a Guide from YAML text, or raise GuideError naming the file, field and line of every mistake."""
    reader = _Reader(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise _yaml_problem(exc, path) from None
    if root is None:
        raise GuideError(f"{path}: the file is empty")
    top = reader.mapping(root, "guide")
    if top is None:
        reader.raise_problems()
    seen_ids: set[str] = set()

    rounds = []
    for i, rnode in enumerate(reader.sequence(top, "rounds", "", root)):
        where = f"rounds[{i}]"
        rf = reader.mapping(rnode, where)
        if rf is None:
            continue
        rounds.append(
            Round(
                number=reader.integer(rf, "number", where, rnode),
                name=reader.text(rf, "name", where, rnode),
                kind=reader.text(rf, "kind", where, rnode),
                difficulty=reader.text(rf, "difficulty", where, rnode, required=False),
                duration_min=reader.integer(rf, "duration_min", where, rnode),
                interviewer=reader.text(rf, "interviewer", where, rnode),
                summary=reader.text(rf, "summary", where, rnode, required=False),
                description=reader.text(rf, "description", where, rnode, required=False),
                looks_for=reader.texts(rf, "looks_for", where, rnode, required=False),
                evaluation_criteria=reader.texts(rf, "evaluation_criteria", where, rnode, required=False),
                questions=_questions(reader, reader.sequence(rf, "questions", where, rnode), f"{where}.questions", seen_ids),
                preparation_tips=reader.texts(rf, "preparation_tips", where, rnode, required=False),
                rejection_reasons=reader.texts(rf, "rejection_reasons", where, rnode, required=False),
            )
        )
    numbers = [r.number for r in rounds]
    if len(set(numbers)) != len(numbers):
        reader.note("rounds", top["rounds"], f"round numbers must be unique, got {numbers}")

    criteria = []
    for i, cnode in enumerate(reader.sequence(top, "evaluation_criteria", "", root, required=False)):
        where = f"evaluation_criteria[{i}]"
        cf = reader.mapping(cnode, where)
        if cf is not None:
            criteria.append(CriteriaGroup(reader.text(cf, "name", where, cnode), reader.texts(cf, "items", where, cnode)))

    study = []
    for i, snode in enumerate(reader.sequence(top, "study_plan", "", root, required=False)):
        where = f"study_plan[{i}]"
        sf = reader.mapping(snode, where)
        if sf is None:
            continue
        study.append(
            StudyStep(
                number=reader.integer(sf, "number", where, snode),
                title=reader.text(sf, "title", where, snode),
                weeks=reader.text(sf, "weeks", where, snode, required=False),
                summary=reader.text(sf, "summary", where, snode, required=False),
                details=reader.text(sf, "details", where, snode, required=False),
            )
        )

    variants = []
    for i, vnode in enumerate(reader.sequence(top, "variants", "", root, required=False)):
        where = f"variants[{i}]"
        vf = reader.mapping(vnode, where)
        if vf is None:
            continue
        variants.append(
            LocationVariant(
                name=reader.text(vf, "name", where, vnode),
                focus=reader.texts(vf, "focus", where, vnode, required=False),
                questions=_questions(reader, reader.sequence(vf, "questions", where, vnode, required=False),
                                     f"{where}.questions", seen_ids),
                tips=reader.texts(vf, "tips", where, vnode, required=False),
            )
        )

    facts_node = reader.field(top, "facts", "", root, required=False)
    facts: dict[str, str] = {}
    if facts_node is not None:
        for key, value in (reader.mapping(facts_node, "facts") or {}).items():
            facts[key] = str(value.value) if isinstance(value, yaml.ScalarNode) else ""

    slug = slug or reader.text(top, "slug", "", root, required=False) or Path(path).stem
    guide = Guide(
        slug=slug,
        company=reader.text(top, "company", "", root),
        role=reader.text(top, "role", "", root),
        title=reader.text(top, "title", "", root, required=False) or reader.text(top, "role", "", root),
        level=reader.text(top, "level", "", root, required=False),
        difficulty=reader.text(top, "difficulty", "", root, required=False),
        summary=reader.text(top, "summary", "", root, required=False),
        rounds=tuple(rounds),
        facts=facts,
        evaluation_criteria=tuple(criteria),
        preparation_tips=reader.texts(top, "preparation_tips", "", root, required=False),
        study_plan=tuple(study),
        common_questions=_questions(reader, reader.sequence(top, "common_questions", "", root, required=False),
                                    "common_questions", seen_ids),
        variants=tuple(variants),
        source=reader.text(top, "source", "", root, required=False),
    )
    reader.raise_problems()
    return guide


def read_guide_text(path: Path) -> str:
    from ..files import read_text

    return read_text(path, "guide file", GuideError)


def load_guide(path: str | Path) -> Guide:
    path = Path(path)
    return parse_guide(read_guide_text(path), str(path), slug=path.stem)


def guide_to_dict(guide: Guide) -> dict[str, Any]:
    """The YAML shape of a guide (the inverse of parse_guide)."""

    def question(q: Question) -> dict[str, Any]:
        d: dict[str, Any] = {"id": q.id, "text": q.text, "kind": q.kind, "tags": list(q.tags)}
        if q.original_text:
            d["original_text"] = q.original_text
        if q.placeholders:
            d["placeholders"] = list(q.placeholders)
        if q.follow_ups:
            d["follow_ups"] = list(q.follow_ups)
        return d

    return {
        "company": guide.company,
        "role": guide.role,
        "title": guide.title,
        "level": guide.level,
        "difficulty": guide.difficulty,
        "summary": guide.summary,
        "source": guide.source,
        "facts": dict(guide.facts),
        "evaluation_criteria": [{"name": c.name, "items": list(c.items)} for c in guide.evaluation_criteria],
        "preparation_tips": list(guide.preparation_tips),
        "study_plan": [
            {"number": s.number, "title": s.title, "weeks": s.weeks, "summary": s.summary, "details": s.details}
            for s in guide.study_plan
        ],
        "common_questions": [question(q) for q in guide.common_questions],
        "variants": [
            {"name": v.name, "focus": list(v.focus), "questions": [question(q) for q in v.questions], "tips": list(v.tips)}
            for v in guide.variants
        ],
        "rounds": [
            {
                "number": r.number,
                "name": r.name,
                "kind": r.kind,
                "difficulty": r.difficulty,
                "duration_min": r.duration_min,
                "interviewer": r.interviewer,
                "summary": r.summary,
                "description": r.description,
                "looks_for": list(r.looks_for),
                "evaluation_criteria": list(r.evaluation_criteria),
                "questions": [question(q) for q in r.questions],
                "preparation_tips": list(r.preparation_tips),
                "rejection_reasons": list(r.rejection_reasons),
            }
            for r in guide.rounds
        ],
    }


def dump_guide(guide: Guide) -> str:
    return yaml.safe_dump(guide_to_dict(guide), sort_keys=False, allow_unicode=True, width=110)
