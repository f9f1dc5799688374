"""Convert an interview guide written in the plain-text layout of the seed guide into a Guide.

The layout is a run of labelled sections ("Overall Evaluation Criteria", "Preparation Tips", "Study Plan",
"Commonly Asked Questions", "Location-Based Differences", "Process Timeline", "Interview Rounds"), where lists are
one item a line and some lists arrive glued together ("Enthusiasm for CourseraClear communication..."). Placeholders
such as "[a relevant feature, e.g., search]" are kept in the text and listed in `placeholders`, to fill by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

from .guide import (
    CriteriaGroup,
    Guide,
    GuideError,
    LocationVariant,
    Question,
    Round,
    StudyStep,
    find_placeholders,
    read_guide_text,
)
from ..layout import safe_name

SECTION_TITLES = (
    "Overall Evaluation Criteria",
    "Preparation Tips",
    "Study Plan",
    "Commonly Asked Questions",
    "Location-Based Differences",
    "Process Timeline",
    "Interview Rounds",
)
_ROUND_LABELS = (
    "What Interviewers Look For",
    "Evaluation Criteria",
    "Questions Asked",
    "Preparation Tips",
    "Common Reasons for Rejection",
)
_DIFFICULTY = re.compile(r"(Easy|Medium|Hard)$")
_GLUED = re.compile(r"(?<=[a-z0-9)'’])(?=[A-Z][a-z])")
_NUMBERED = re.compile(r"^\d+\s*(?=\D)")
_DURATION_LINE = re.compile(r"^(\d+)\s*min\s*(.*)$")
_END_MARKERS = ("Commonly Asked DSA Questions",)


def split_glued(text: str) -> tuple[str, ...]:
    """'Enthusiasm for CourseraClear communication' -> ('Enthusiasm for Coursera', 'Clear communication')."""
    return tuple(part.strip() for part in _GLUED.split(text) if part.strip())


def infer_kind(text: str, tags: tuple[str, ...]) -> str:
    """The kind of answer a question asks for, from its tags and wording."""
    from ..analysis.structure import asks_for_career, asks_for_vision

    lowered = {t.casefold() for t in tags}
    words = text.casefold()
    if "system design" in lowered or words.startswith("design a system"):
        return "system_design"
    if "technical decision making" in lowered:
        return "technical_decision"
    if asks_for_vision(text):
        return "vision"
    if words.startswith("why ") or "thoughts on" in words:
        return "motivation"
    if asks_for_career(text):
        return "career_summary"
    story = ("tell me about a time", "describe a time", "describe a situation", "give an example", "walk me through",
             "tell me about your", "describe your experience")
    if any(words.startswith(s) for s in story):
        return "behavioral"
    if words.startswith(("what are your strengths", "what is your greatest", "what's your greatest",
                         "what is your biggest", "what's your biggest")) or "weakness" in words:
        return "self_assessment"
    if words.startswith(("how do you", "how would you", "what is your", "what are the", "describe your approach")):
        return "strategy"
    return "behavioral"


def _lines_with_breaks(text: str) -> list[str]:
    """Stripped lines, with runs of blank lines collapsed to a single ''."""
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line or (out and out[-1] != ""):
            out.append(line)
    return out


def _sections(lines: list[str]) -> dict[str, list[str]]:
    """Cut the document at its section titles; the part before the first title is 'header'."""
    sections: dict[str, list[str]] = {"header": []}
    current = "header"
    for line in lines:
        if line in SECTION_TITLES and line not in sections:
            current = line
            sections[current] = []
        elif line in _END_MARKERS:
            current = "_ignored"
            sections.setdefault(current, [])
        else:
            sections[current].append(line)
    return sections


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line == "":
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line)
    return [b for b in blocks if b]


def _nonblank(lines: list[str]) -> list[str]:
    return [line for line in lines if line]


def _unnumbered(lines: list[str]) -> tuple[str, ...]:
    return tuple(_NUMBERED.sub("", line).strip() for line in _nonblank(lines))


def _question(qid: str, text: str, tags: tuple[str, ...] = ()) -> Question:
    return Question(id=qid, text=text, kind=infer_kind(text, tags), tags=tags, placeholders=find_placeholders(text))


def _is_question_text(line: str) -> bool:
    return line.endswith(("?", ".", "]", "!")) or line.endswith("?)")


def _header(lines: list[str], where: str) -> tuple[dict[str, str], dict[str, str]]:
    items = _nonblank(lines)
    if len(items) < 4:
        raise GuideError(f"{where}: the header needs company, role, title line and summary before the first section")
    company, role, title_line = items[0], items[1], items[2]
    difficulty = ""
    match = _DIFFICULTY.search(title_line)
    if match:
        difficulty = match.group(1)
        title_line = title_line[: match.start()]
    level = ""
    level_match = re.search(r"(?<=[a-z])([A-Z]{1,3}\d{1,2})$", title_line)
    if level_match:
        level = level_match.group(1)
        title_line = title_line[: level_match.start()]
    summary = items[3]
    facts: dict[str, str] = {}
    rest = items[4:]
    for label, value in zip(rest[0::2], rest[1::2]):
        facts[re.sub(r"\W+", "_", label.strip().casefold()).strip("_")] = value
    meta = {"company": company, "role": role, "title": title_line.strip(), "level": level,
            "difficulty": difficulty, "summary": summary}
    return meta, facts


def _criteria(lines: list[str]) -> tuple[CriteriaGroup, ...]:
    blocks = _blocks(lines)
    groups = []
    for name_block, items in zip(blocks[0::2], blocks[1::2]):
        groups.append(CriteriaGroup(" ".join(name_block), tuple(items)))
    return tuple(groups)


def _study_plan(lines: list[str]) -> tuple[StudyStep, ...]:
    steps: list[StudyStep] = []
    items = _nonblank(lines)
    i = 0
    while i < len(items):
        if not items[i].isdigit():
            i += 1
            continue
        number = int(items[i])
        title = items[i + 1] if i + 1 < len(items) else ""
        summary_line = items[i + 2] if i + 2 < len(items) else ""
        details_line = items[i + 3] if i + 3 < len(items) and not items[i + 3].isdigit() else ""
        weeks, _, summary = summary_line.partition(":")
        details = details_line.partition(":")[2].strip() if details_line.startswith(weeks) else details_line
        steps.append(StudyStep(number, title, weeks.strip(), summary.strip(), details))
        i += 4 if details_line else 3
    return tuple(steps)


def _variants(lines: list[str]) -> tuple[LocationVariant, ...]:
    variants: list[LocationVariant] = []
    items = _nonblank(lines)
    i = 0
    while i < len(items):
        name = items[i]
        i += 1
        focus: tuple[str, ...] = ()
        questions: list[str] = []
        tips: list[str] = []
        mode = ""
        while i < len(items) and not (mode == "tips" and items[i + 1 : i + 2] == ["Interview Focus"]):
            line = items[i]
            if line == "Interview Focus":
                mode = "focus"
            elif line == "Common Questions":
                mode = "questions"
            elif line == "Tips":
                mode = "tips"
            elif mode == "focus":
                focus = split_glued(line)
            elif mode == "questions":
                questions.append(line)
            elif mode == "tips":
                tips.append(line)
            i += 1
        number = len(variants) + 1
        variants.append(
            LocationVariant(
                name=name,
                focus=focus,
                questions=tuple(_question(f"v{number}q{j}", q) for j, q in enumerate(questions, start=1)),
                tips=tuple(tips),
            )
        )
    return tuple(variants)


def _round_blocks(lines: list[str]) -> list[list[str]]:
    items = _nonblank(lines)
    if items and not items[0].isdigit():
        items = items[1:]  # "5-step process with detailed breakdown for each round"
    rounds: list[list[str]] = []
    expected = 1
    for line in items:
        if line == str(expected):
            rounds.append([])
            expected += 1
        elif rounds:
            rounds[-1].append(line)
    return rounds


def _round(number: int, lines: list[str], where: str) -> Round:
    if len(lines) < 4:
        raise GuideError(f"{where}: round {number} is incomplete (needs name, summary, kind line and duration line)")
    name, summary, kind_line, duration_line = lines[:4]
    difficulty = ""
    match = _DIFFICULTY.search(kind_line)
    if match:
        difficulty = match.group(1)
        kind_line = kind_line[: match.start()]
    duration = _DURATION_LINE.match(duration_line)
    if not duration:
        raise GuideError(f"{where}: round {number} ({name}): expected a line like '45 minRecruiter/HR', got {duration_line!r}")
    parts: dict[str, list[str]] = {label: [] for label in _ROUND_LABELS}
    description: list[str] = []
    current = None
    for line in lines[4:]:
        if line in _ROUND_LABELS:
            current = line
        elif current is None:
            description.append(line)
        else:
            parts[current].append(line)
    questions: list[Question] = []
    pending: str | None = None
    for line in parts["Questions Asked"]:
        if _is_question_text(line):
            if pending:
                questions.append(_question(f"r{number}q{len(questions) + 1}", pending))
            pending = line
        elif pending:
            questions.append(_question(f"r{number}q{len(questions) + 1}", pending, split_glued(line)))
            pending = None
    if pending:
        questions.append(_question(f"r{number}q{len(questions) + 1}", pending))
    looks_for = tuple(item for line in parts["What Interviewers Look For"] for item in split_glued(line))
    return Round(
        number=number,
        name=name,
        kind=kind_line.strip(),
        difficulty=difficulty,
        duration_min=int(duration.group(1)),
        interviewer=duration.group(2).strip(),
        summary=summary,
        description=" ".join(description),
        looks_for=looks_for,
        evaluation_criteria=tuple(parts["Evaluation Criteria"]),
        questions=tuple(questions),
        preparation_tips=_unnumbered(parts["Preparation Tips"]),
        rejection_reasons=tuple(parts["Common Reasons for Rejection"]),
    )


def import_text_guide(text: str, source: str = "<text>", slug: str | None = None) -> Guide:
    """Parse the plain-text guide layout. Raises GuideError naming what is missing."""
    lines = _lines_with_breaks(text)
    sections = _sections(lines)
    missing = [t for t in ("Interview Rounds",) if t not in sections]
    if missing:
        raise GuideError(f"{source}: not a guide in the plain-text layout: no '{missing[0]}' section")
    meta, facts = _header(sections["header"], source)
    rounds = tuple(_round(i, block, source) for i, block in enumerate(_round_blocks(sections["Interview Rounds"]), start=1))
    if not rounds:
        raise GuideError(f"{source}: the 'Interview Rounds' section has no numbered rounds")
    for r in rounds:
        if not r.questions:
            raise GuideError(f"{source}: round {r.number} ({r.name}) has no questions under 'Questions Asked'")
    common = tuple(
        _question(f"c{j:02d}", line, ()) for j, line in enumerate(_nonblank(sections.get("Commonly Asked Questions", [])), start=1)
    )
    slug = slug or safe_name(f"{meta['company']}-{meta['title']}-{meta['level']}".lower())
    return Guide(
        slug=slug,
        company=meta["company"],
        role=meta["role"],
        title=meta["title"],
        level=meta["level"],
        difficulty=meta["difficulty"],
        summary=meta["summary"],
        rounds=rounds,
        facts=facts,
        evaluation_criteria=_criteria(sections.get("Overall Evaluation Criteria", [])),
        preparation_tips=_unnumbered(sections.get("Preparation Tips", [])),
        study_plan=_study_plan(sections.get("Study Plan", [])),
        common_questions=common,
        variants=_variants(sections.get("Location-Based Differences", [])),
        source=Path(source).name,
    )


def import_text_file(path: str | Path, slug: str | None = None) -> Guide:
    path = Path(path)
    return import_text_guide(read_guide_text(path), str(path), slug=slug)
