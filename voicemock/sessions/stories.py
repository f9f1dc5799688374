"""The story bank: a candidate's own STAR stories, how they cover an interview loop, and what to practise next.

Pure functions over dataclasses; the store (store.py) keeps the stories, the CLI and the app show them.

* A `Story` is a title, its Situation, Task, Action and Result notes, competency tags, and the ids of the guide
  questions the candidate chose it for (their links take precedence over any automatic match).
* `parse_stories` reads a YAML story file and refuses it whole, naming the file, the field and the line.
* `coverage` lays the stories against a guide's rounds, questions and evaluation criteria.
* `compare_with_story` tells, after an answer, which of the story's key points were said and which part was dropped
  or ran long.
* `practise_next` orders the questions to practise (the spaced-repetition rule is in its docstring).
* `study_weeks` turns the guide's study plan into dated weeks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Callable, Iterable, Sequence

import yaml

from .. import format as fmt
from ..analysis.star import PARTS, analyze_star
from ..analysis.text import content_terms, sentences_with_times, split_sentences, stem, tokens
from ..errors import VoicemockError
from ..interview.guide import Guide, Question, Round
from ..layout import safe_name

STORY_FORMAT = 1
# Question kinds a story answers ("tell me about a time..."); system design and motivation questions are not stories.
STORY_KINDS = ("behavioral", "technical_decision", "strategy")
MATCH_THRESHOLD = 0.4  # relevance at which a story counts as ready for a question (development choice, see README)
CRITERION_THRESHOLD = 0.5  # share of a criterion's terms a story must carry to cover it
MANY_ROUNDS = 3  # a story planned for this many rounds is flagged: the interviewers compare notes


class StoryError(VoicemockError, ValueError):
    """A story or story file that cannot be used. The message names the file, the field and the line."""


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    tags: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()  # question ids the candidate linked this story to
    created_at: str = ""
    updated_at: str = ""

    def part(self, name: str) -> str:
        return str(getattr(self, name))

    @property
    def text(self) -> str:
        return " ".join(t for t in (self.situation, self.task, self.action, self.result) if t.strip())

    @property
    def missing_parts(self) -> tuple[str, ...]:
        return tuple(p for p in PARTS if not self.part(p).strip())

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "situation": self.situation, "task": self.task,
                "action": self.action, "result": self.result, "tags": list(self.tags),
                "questions": list(self.questions)}


def story_id_for(title: str, taken: Iterable[str] = ()) -> str:
    """'Conflict with the PM' -> 'conflict-with-the-pm' (or '-2', '-3'... when taken)."""
    base = re.sub(r"[._-]+", "-", safe_name(title, fallback="story", max_length=50)).strip("-").lower() or "story"
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


def check_story_id(story_id: str) -> str:
    if not _ID.match(story_id or ""):
        raise StoryError(f"{story_id!r} is not a story id (lower-case letters, digits and '-'): see `voicemock stories list`")
    return story_id


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for tag in tags:
        tag = " ".join(str(tag).split())
        if tag:
            seen.setdefault(tag.casefold(), tag)
    return tuple(seen.values())


def make_story(title: str, situation: str = "", task: str = "", action: str = "", result: str = "",
               tags: Iterable[str] = (), questions: Iterable[str] = (), story_id: str | None = None,
               taken: Iterable[str] = ()) -> Story:
    """A checked story: a title and at least one of its four parts."""
    title = " ".join(title.split())
    if not title:
        raise StoryError("a story needs a title")
    parts = {p: " ".join(str(v or "").split()) for p, v in zip(PARTS, (situation, task, action, result))}
    if not any(parts.values()):
        raise StoryError(f"story {title!r} has no Situation, Task, Action or Result notes: write at least one")
    sid = check_story_id(story_id) if story_id else story_id_for(title, taken)
    return Story(id=sid, title=title, tags=clean_tags(tags), questions=clean_tags(questions), **parts)


# --------------------------------------------------------------------------- spoken or pasted stories


def story_from_text(text: str, title: str = "", story_id: str | None = None, taken: Iterable[str] = ()) -> Story:
    """A story from its told text (a transcript or a pasted paragraph), split into S/T/A/R by the STAR analysis.

    A sentence goes to the part the analysis labels it with (its host part when it shows two); the person then
    edits the notes. Every word told lands in one part, in order."""
    sentences = sentences_with_times(" ".join(text.split()), [])
    if not sentences:
        raise StoryError("nothing was said or written to make a story from: tell the story again")
    labels = _fill_unlabelled(list(analyze_star(sentences).labels))
    notes = {p: " ".join(s.text for s, label in zip(sentences, labels) if label == p) for p in PARTS}
    title = title.strip() or _title_from(sentences[0].text)
    return make_story(title, story_id=story_id, taken=taken, **notes)


def _fill_unlabelled(labels: list[str | None]) -> list[str]:
    """A sentence the analysis gives no part joins the part before it (the first ones, the part after them); when
    no sentence has a part, the whole story goes into the Situation for the person to split."""
    known = [label for label in labels if label]
    if not known:
        return ["situation"] * len(labels)
    filled, last = [], known[0]
    for label in labels:
        last = label or last
        filled.append(last)
    return filled


def _title_from(sentence: str, words: int = 8) -> str:
    cut = sentence.split()[:words]
    return " ".join(cut).rstrip(".,;:") + ("..." if len(sentence.split()) > words else "")


# --------------------------------------------------------------------------- relevance and tags


def _stems(text: str) -> set[str]:
    return {stem(t) for t in tokens(text)}


def _share_of_terms(terms: Sequence[str], stems: set[str]) -> float:
    terms = list(dict.fromkeys(terms))
    return sum(1 for t in terms if t in stems) / len(terms) if terms else 0.0


def word_overlap(story: Story, question: Question, rnd: Round | None = None) -> float:
    """The share of the question's content words (and of its tags) the story's text, title and tags carry, with the
    round's evaluation criteria as a small bonus, 0..1. Finer than the coaching measure, which ties many stories."""
    stems = _stems(story.text + " " + " ".join(story.tags) + " " + story.title)
    question_part = _share_of_terms(content_terms(question.spoken_text), stems)
    story_tags = {t.casefold() for t in story.tags}
    tag_part = (sum(1 for t in question.tags if t.casefold() in story_tags or _share_of_terms(content_terms(t), stems) >= 0.5)
                / len(question.tags)) if question.tags else 0.0
    criteria = rnd.evaluation_criteria if rnd else ()
    round_part = max((_share_of_terms(content_terms(c), stems) for c in criteria), default=0.0)
    return round(min(1.0, 0.6 * question_part + 0.3 * tag_part + 0.1 * round_part), 3)


def relevance(story: Story, question: Question, rnd: Round | None = None) -> float:
    """How well a story fits a question, 0..1: the mean of the coaching relevance measure's question feature
    (`analysis.relevance.question_term_coverage`: the question's topic words heard in the story, as themselves,
    another form or a related word, so "disagreement" answers "conflict") and `word_overlap`, which separates the
    stories that feature ties."""
    from ..analysis.relevance import question_term_coverage

    told = tokens(story.title + ". " + story.text + ". " + ". ".join(story.tags))
    coaching = question_term_coverage(question.spoken_text, told)[0] or 0.0
    return round((coaching + word_overlap(story, question, rnd)) / 2, 3)


def covers_criterion(story: Story, criterion: str) -> bool:
    """A story covers an evaluation criterion when it is tagged with it, or carries half of its content words."""
    if criterion.casefold() in {t.casefold() for t in story.tags}:
        return True
    terms = [t for t in content_terms(criterion) if t not in _WEAK_TERMS]
    stems = _stems(story.text + " " + " ".join(story.tags))
    return bool(terms) and _share_of_terms(terms, stems) >= CRITERION_THRESHOLD


_WEAK_TERMS = {"abilit", "ability", "skill", "skills", "understand", "strong", "clear", "proven", "effective",
               "experience", "capabilit", "basic", "alignment", "align"}


def tag_candidates(guide: Guide) -> list[str]:
    """Tags to offer: the guide's question tags, then its rounds' evaluation criteria (short, competency-like)."""
    found = list(guide.tags())
    for rnd in guide.rounds:
        found.extend(rnd.evaluation_criteria)
    for group in guide.evaluation_criteria:
        found.extend(item for item in group.items if len(item.split()) <= 4)
    return list(clean_tags(found))


def suggest_tags(story: Story, guide: Guide, limit: int = 6) -> list[str]:
    """Competency tags for a story, from the guide's question tags and evaluation criteria, best first."""
    stems = _stems(story.title + " " + story.text)
    have = {t.casefold() for t in story.tags}
    scored = []
    for i, tag in enumerate(tag_candidates(guide)):
        terms = [t for t in content_terms(tag) if t not in _WEAK_TERMS]
        share = _share_of_terms(terms, stems)
        needed = 1.0 if len(terms) <= 2 else 0.66  # every word of a short tag, two thirds of a longer one
        if terms and share >= needed and tag.casefold() not in have and tag.casefold() != "behavioral":
            scored.append((-share, i, tag))
    return [tag for _, _, tag in sorted(scored)[:limit]]


# --------------------------------------------------------------------------- coverage across the loop


@dataclass(frozen=True)
class QuestionCoverage:
    question: Question
    round: Round | None
    story_id: str | None  # the story ready for it, or None
    how: str  # "linked" (the candidate's choice), "matched" (relevance), or "" (none)
    score: float  # relevance of the chosen story (1.0 when linked)
    candidates: tuple[tuple[str, float], ...]  # other stories above the threshold, best first

    @property
    def needs_story(self) -> bool:
        return self.question.kind in STORY_KINDS


@dataclass(frozen=True)
class CriterionCoverage:
    criterion: str
    where: str  # the round's name, or the guide's criteria group
    stories: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    guide: str
    questions: tuple[QuestionCoverage, ...]
    criteria: tuple[CriterionCoverage, ...]
    matrix: dict[str, dict[int, tuple[str, ...]]]  # story id -> round number -> question ids it is planned for
    warnings: tuple[str, ...]

    @property
    def ready(self) -> list[QuestionCoverage]:
        return [q for q in self.questions if q.story_id]

    @property
    def without_story(self) -> list[QuestionCoverage]:
        return [q for q in self.questions if q.needs_story and not q.story_id]

    @property
    def uncovered_criteria(self) -> list[CriterionCoverage]:
        return [c for c in self.criteria if not c.stories]

    def rounds_without_story(self) -> list[int]:
        planned = {n for rounds in self.matrix.values() for n, ids in rounds.items() if ids}
        story_rounds = {q.round.number for q in self.questions if q.round and q.needs_story}
        return sorted(story_rounds - planned)


Relevance = Callable[[Story, Question, "Round | None"], float]


def coverage(guide: Guide, stories: Sequence[Story], measure: Relevance | None = None,
             threshold: float = MATCH_THRESHOLD) -> Coverage:
    """Which story is ready for each of the guide's round questions, which criteria no story covers, and which
    stories are planned for too many rounds. A question the candidate linked a story to keeps that story."""
    measure = measure or relevance
    rows = []
    for rnd in guide.rounds:
        for question in rnd.questions:
            linked = [s for s in stories if question.id in s.questions]
            scored = sorted(((round(measure(s, question, rnd), 3), s.id) for s in stories), key=lambda x: (-x[0], x[1]))
            above = tuple((sid, score) for score, sid in scored if score >= threshold)
            if linked:
                chosen, how, score = linked[0].id, "linked", 1.0
            elif above and question.kind in STORY_KINDS:
                (chosen, score), how = above[0], "matched"
            else:
                chosen, how, score = None, "", 0.0
            rows.append(QuestionCoverage(question, rnd, chosen, how, score,
                                         tuple(c for c in above if c[0] != chosen)))
    criteria = []
    for rnd in guide.rounds:
        for item in rnd.evaluation_criteria:
            criteria.append(CriterionCoverage(item, f"Round {rnd.number}: {rnd.name}",
                                              tuple(s.id for s in stories if covers_criterion(s, item))))
    for group in guide.evaluation_criteria:
        for item in group.items:
            criteria.append(CriterionCoverage(item, group.name,
                                              tuple(s.id for s in stories if covers_criterion(s, item))))
    matrix: dict[str, dict[int, tuple[str, ...]]] = {s.id: {} for s in stories}
    for row in rows:
        if row.story_id and row.round is not None:
            cell = matrix.setdefault(row.story_id, {})
            cell[row.round.number] = cell.get(row.round.number, ()) + (row.question.id,)
    titles = {s.id: s.title for s in stories}
    warnings = tuple(
        f"'{titles.get(sid, sid)}' is planned for {len(rounds)} rounds ({', '.join(str(n) for n in sorted(rounds))}): "
        f"the interviewers compare notes, so prepare another story for some of them"
        for sid, rounds in matrix.items() if len(rounds) >= MANY_ROUNDS
    )
    return Coverage(guide.slug, tuple(rows), tuple(criteria), matrix, warnings)


def linked_stories(stories: Sequence[Story], question_id: str) -> list[Story]:
    return [s for s in stories if question_id in s.questions]


# --------------------------------------------------------------------------- practising with a story


@dataclass(frozen=True)
class KeyPoint:
    part: str
    text: str
    said: bool
    share: float  # of the point's content words heard in the answer


@dataclass(frozen=True)
class PartCheck:
    part: str
    story_share: float  # of the story's words
    answer_share: float | None  # of the answer's words (None when the answer was not split into STAR parts)
    verdict: str  # "said", "dropped", "ran long", "short", "not in story"


@dataclass(frozen=True)
class StoryComparison:
    story_id: str
    title: str
    points: tuple[KeyPoint, ...]
    parts: tuple[PartCheck, ...]

    @property
    def said(self) -> list[KeyPoint]:
        return [p for p in self.points if p.said]

    @property
    def missed(self) -> list[KeyPoint]:
        return [p for p in self.points if not p.said]

    @property
    def dropped(self) -> list[str]:
        return [p.part for p in self.parts if p.verdict == "dropped"]

    @property
    def ran_long(self) -> list[str]:
        return [p.part for p in self.parts if p.verdict == "ran long"]

    @property
    def warnings(self) -> list[str]:
        """What went wrong against the story, in the words every surface shows (app and terminal)."""
        lines = [f"The {fmt.star_part(part)} of your story was dropped: few or none of its key points were said."
                 for part in self.dropped]
        for check in self.parts:
            if check.verdict == "ran long":
                lines.append(f"The {fmt.star_part(check.part)} ran long: {fmt.percent(check.answer_share)} of the answer "
                             f"against {fmt.percent(check.story_share)} of your story.")
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {"story_id": self.story_id, "title": self.title,
                "points": [{"part": p.part, "text": p.text, "said": p.said, "share": p.share} for p in self.points],
                "parts": [{"part": p.part, "story_share": p.story_share, "answer_share": p.answer_share,
                           "verdict": p.verdict} for p in self.parts],
                "dropped": self.dropped, "ran_long": self.ran_long}


DROPPED_SHARE = 1 / 3  # a part with at most this share of its key points said was dropped
POINT_SAID = 0.5  # share of a key point's content words that must be heard for it to count as said
LONG_FACTOR, LONG_MARGIN = 1.75, 0.15  # an answer part "ran long" past both 1.75x and +15 points of its story share


def compare_with_story(story: Story, card: dict[str, Any]) -> StoryComparison:
    """The spoken answer (a Scorecard dict) against the story it was meant to tell.

    Key points are the story's sentences; a point was said when half of its own content words (stemmed; those
    that also occur in the story's other parts are left out when two or more remain) were heard.
    A part was dropped when the story has it and at most a third of its points were said (a long Result often
    restates a word or two of the Action); it ran long when its share of the
    answer's words is more than 1.75x and 15 points above its share of the story's words."""
    heard = _stems(str((card.get("transcript") or {}).get("text") or ""))
    points = []
    story_words = {p: len(tokens(story.part(p))) for p in PARTS}
    total_story = sum(story_words.values()) or 1
    for part in PARTS:
        elsewhere = {t for other in PARTS if other != part for t in content_terms(story.part(other))}
        for sentence in split_sentences(story.part(part)):
            terms = content_terms(sentence)
            if not terms:
                continue
            own = [t for t in terms if t not in elsewhere]  # words that belong to this point, not the whole story
            share = round(_share_of_terms(own if len(own) >= 2 else terms, heard), 2)
            points.append(KeyPoint(part, sentence, share >= POINT_SAID, share))
    star = card.get("star") or {}
    answer_shares = {p["part"]: float(p.get("share") or 0.0) for p in star.get("parts") or ()}
    split = bool(star.get("parts"))
    checks = []
    for part in PARTS:
        story_share = round(story_words[part] / total_story, 3)
        answer_share = answer_shares.get(part, 0.0) if split else None
        part_points = [p for p in points if p.part == part]
        if not story.part(part).strip():
            verdict = "not in story"
        elif part_points and sum(p.said for p in part_points) <= DROPPED_SHARE * len(part_points):
            verdict = "dropped"
        elif answer_share is not None and answer_share > max(story_share * LONG_FACTOR, story_share + LONG_MARGIN):
            verdict = "ran long"
        else:
            verdict = "said"
        checks.append(PartCheck(part, story_share, answer_share, verdict))
    return StoryComparison(story.id, story.title, tuple(points), tuple(checks))


# --------------------------------------------------------------------------- what to practise next


@dataclass(frozen=True)
class PracticeEntry:
    """One processed answer, as the scheduler sees it."""

    question_id: str
    guide: str
    created_at: str  # ISO time
    score: float | None  # the answer's overall score (0-100), as its scorecard shows it
    tags: tuple[str, ...] = ()
    round: int | None = None
    session_id: str = ""


@dataclass(frozen=True)
class NextItem:
    question: Question
    round: Round | None
    priority: float
    reasons: tuple[str, ...]
    last_practised: str | None
    last_score: float | None
    due: str | None  # ISO date the spaced-repetition rule gives, None when never answered


GOOD_SCORE = 70.0
MAX_INTERVAL_DAYS = 30


def interval_days(scores: Sequence[float | None]) -> int:
    """The spaced-repetition interval after a run of answers (oldest first), Leitner style.

    Each answer scoring GOOD_SCORE (70) or more moves the question up one box, a weaker one sends it back to the
    first box; box n is due 2**n days after its last answer (1, 2, 4, 8, 16, then at most 30 days)."""
    box = 0
    for score in scores:
        box = box + 1 if score is not None and score >= GOOD_SCORE else 0
    return min(MAX_INTERVAL_DAYS, 2 ** box)


def _parse_time(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.astimezone()


def practise_next(guide: Guide, history: Sequence[PracticeEntry], stories: Sequence[Story] = (),
                  now: datetime | None = None, limit: int = 5, cover: Coverage | None = None) -> list[NextItem]:
    """The round questions to practise next, most urgent first.

    Priority (higher first) adds up:
      * never answered: 3
      * answered: how overdue it is by the spaced-repetition rule (`interval_days`): days since the last answer
        divided by the interval, capped at 2; a question not yet due is left out unless its last score is weak
      * weakness: (100 - last score) / 50, so a score of 40 adds 1.2
      * a story question in a round with no story ready: +1 (prepare a story, then practise it)
    Ties keep the guide's order."""
    now = now or datetime.now().astimezone()
    cover = cover or coverage(guide, stories)
    no_story_rounds = set(cover.rounds_without_story())
    by_question: dict[str, list[PracticeEntry]] = {}
    for entry in sorted(history, key=lambda e: e.created_at):
        if entry.guide in ("", guide.slug):
            by_question.setdefault(entry.question_id, []).append(entry)
    items = []
    order = 0
    for rnd in guide.rounds:
        for question in rnd.questions:
            order += 1
            entries = by_question.get(question.id, [])
            reasons: list[str] = []
            priority = 0.0
            last = entries[-1] if entries else None
            last_score = last.score if last else None
            due_on = None
            if last is None:
                priority += 3.0
                reasons.append("never answered")
            else:
                moment = _parse_time(last.created_at) or now
                interval = interval_days([e.score for e in entries])
                due_on = (moment + timedelta(days=interval)).date().isoformat()
                overdue = max(0.0, (now - moment).total_seconds() / 86400.0) / interval
                weak = last_score is not None and last_score < GOOD_SCORE
                if overdue < 1.0 and not weak:
                    continue
                if overdue >= 1.0:
                    priority += min(2.0, overdue)
                    reasons.append(f"due again (every {interval} day{'s' if interval != 1 else ''})")
                if last_score is not None:
                    priority += (100.0 - last_score) / 50.0
                    if weak:
                        reasons.append(f"weak last score ({fmt.score(last_score)})")
            if question.kind in STORY_KINDS and rnd.number in no_story_rounds:
                priority += 1.0
                reasons.append("no story ready for this round")
            items.append((-round(priority, 3), order, NextItem(question, rnd, round(priority, 3), tuple(reasons),
                                                              last.created_at if last else None, last_score, due_on)))
    return [item for _, _, item in sorted(items, key=lambda x: (x[0], x[1]))[:limit]]


# --------------------------------------------------------------------------- study plan


@dataclass(frozen=True)
class StudyWeek:
    number: int
    title: str
    weeks: str
    summary: str
    first_day: date
    last_day: date
    current: bool
    done: bool
    answers: int  # answers practised during these weeks
    on_focus: int  # of which on questions that match the step's focus


_WEEKS = re.compile(r"weeks?\s*(\d+)(?:\s*[-–]\s*(\d+))?", re.IGNORECASE)


def _week_span(text: str, fallback: int) -> tuple[int, int]:
    match = _WEEKS.search(text or "")
    if not match:
        return fallback, fallback
    first = int(match.group(1))
    return first, int(match.group(2) or first)


def _on_focus(entry: PracticeEntry, step_stems: set[str], last_step: bool) -> bool:
    if last_step:
        return True  # mock interviews: every answer counts
    return any(_share_of_terms(content_terms(tag), step_stems) >= 0.5 for tag in entry.tags if tag.casefold() != "behavioral")


def study_weeks(guide: Guide, start: date, today: date, history: Sequence[PracticeEntry] = (),
                done: Iterable[int] = ()) -> list[StudyWeek]:
    """The guide's study plan as dated steps from `start`; the step holding `today` is current. Answers practised
    in a step's days count towards it, and those on questions whose tags match its title and summary towards its
    focus (in the last step, mock interviews, every answer does)."""
    done_steps = set(done)
    steps = sorted(guide.study_plan, key=lambda s: s.number)
    out = []
    cursor = 1
    for i, step in enumerate(steps):
        first, last = _week_span(step.weeks, cursor)
        cursor = last + 1
        first_day = start + timedelta(weeks=first - 1)
        last_day = start + timedelta(weeks=last) - timedelta(days=1)
        step_stems = {t for t in content_terms(step.title + " " + step.summary)}
        in_span = [e for e in history if e.guide in ("", guide.slug)
                   and (d := _parse_time(e.created_at)) is not None and first_day <= d.date() <= last_day]
        out.append(StudyWeek(
            number=step.number, title=step.title, weeks=step.weeks, summary=step.summary, first_day=first_day,
            last_day=last_day, current=first_day <= today <= last_day, done=step.number in done_steps,
            answers=len(in_span), on_focus=sum(1 for e in in_span if _on_focus(e, step_stems, i == len(steps) - 1)),
        ))
    return out


def parse_start_date(text: str) -> date:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise StoryError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


# --------------------------------------------------------------------------- YAML files


def dump_stories(stories: Sequence[Story]) -> str:
    """The YAML story file (the inverse of parse_stories)."""
    return yaml.safe_dump({"format": STORY_FORMAT, "stories": [s.to_dict() for s in stories]},
                          sort_keys=False, allow_unicode=True, width=110)


def parse_stories(text: str, path: str = "<stories>") -> list[Story]:
    """Stories from a YAML story file, or StoryError naming the file, field and line. Nothing is half-read."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise StoryError(f"{path}{line}: not valid YAML: {problem}") from None
    if root is None:
        raise StoryError(f"{path}: the file is empty")

    def fail(where: str, node: yaml.Node, message: str) -> StoryError:
        return StoryError(f"{path}, line {node.start_mark.line + 1}: {where}: {message}")

    def mapping(node: yaml.Node, where: str) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise fail(where, node, "expected a mapping of fields")
        return {str(k.value): v for k, v in node.value}

    def text_of(fields: dict[str, yaml.Node], name: str, where: str, parent: yaml.Node, required: bool = False) -> str:
        node = fields.get(name)
        if node is None:
            if required:
                raise fail(f"{where}.{name}", parent, "required field is missing")
            return ""
        if not isinstance(node, yaml.ScalarNode):
            raise fail(f"{where}.{name}", node, "expected text")
        value = "" if node.tag.endswith(":null") else " ".join(str(node.value).split())
        if required and not value:
            raise fail(f"{where}.{name}", node, "must not be empty")
        return value

    def texts_of(fields: dict[str, yaml.Node], name: str, where: str) -> tuple[str, ...]:
        node = fields.get(name)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            raise fail(f"{where}.{name}", node, "expected a list")
        out = []
        for i, item in enumerate(node.value):
            if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
                raise fail(f"{where}.{name}[{i}]", item, "expected non-empty text")
            out.append(str(item.value).strip())
        return tuple(out)

    top = mapping(root, "stories file")
    known_top = {"format", "stories"}
    for key, node in zip(top, [v for _, v in root.value]):
        if key not in known_top:
            raise fail(key, node, f"unknown field; a story file has {', '.join(sorted(known_top))}")
    fmt = top.get("format")
    if fmt is not None and str(fmt.value) != str(STORY_FORMAT):
        raise fail("format", fmt, f"unknown story file format {fmt.value!r} (this voicemock reads {STORY_FORMAT})")
    node = top.get("stories")
    if node is None:
        raise fail("stories", root, "required field is missing")
    if not isinstance(node, yaml.SequenceNode):
        raise fail("stories", node, "expected a list")
    known = {"id", "title", "situation", "task", "action", "result", "tags", "questions"}
    stories: list[Story] = []
    for i, snode in enumerate(node.value):
        where = f"stories[{i}]"
        fields = mapping(snode, where)
        for key, value in zip(fields, [v for _, v in snode.value]):
            if key not in known:
                raise fail(f"{where}.{key}", value, f"unknown field; a story has {', '.join(sorted(known))}")
        sid = text_of(fields, "id", where, snode)
        if sid and not _ID.match(sid):
            raise fail(f"{where}.id", fields["id"], f"{sid!r} may hold only lower-case letters, digits and '-'")
        if sid and sid in {s.id for s in stories}:
            raise fail(f"{where}.id", fields["id"], f"duplicate story id {sid!r}")
        title = text_of(fields, "title", where, snode, required=True)
        parts = {p: text_of(fields, p, where, snode) for p in PARTS}
        if not any(parts.values()):
            raise fail(where, snode, "a story needs at least one of situation, task, action, result")
        stories.append(make_story(title, tags=texts_of(fields, "tags", where),
                                  questions=texts_of(fields, "questions", where),
                                  story_id=sid or None, taken=[s.id for s in stories], **parts))
    return stories


def read_story_file(path) -> list[Story]:
    from pathlib import Path

    from ..files import read_text

    path = Path(path)
    return parse_stories(read_text(path, "story file", StoryError), str(path))


def with_links(story: Story, add: Iterable[str] = (), remove: Iterable[str] = ()) -> Story:
    gone = set(remove)
    return replace(story, questions=clean_tags([q for q in story.questions if q not in gone] + list(add)))

