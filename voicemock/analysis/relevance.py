"""Relevance: does the answer address the question asked, and what the round looks for?

Three kinds of evidence, each 0..1, measured separately in `bench/eval_coaching.py` (ablation):

- **question terms**: the question's content words heard in the answer, as themselves, as another form of the same
  word (a crude stem plus a few irregular verbs: "led" for "lead") or as a closely related word from a small table
  (`RELATED`: "disagreement" answers "conflict", "deadline" answers "prioritize"). The table covers the themes of the
  built-in guide's questions and of common behavioural questions (conflict, feedback, priorities, failure, hiring,
  mentoring, stakeholders, trade-offs, technical debt, scaling...): an answer to "How do you handle conflict?" rarely
  says "conflict" again, it says what the disagreement was.
- **round**: the share of the round's "what interviewers look for" and evaluation criteria whose words are heard
  (only for questions that belong to a round). Measured alone it separates answers from read speech less well
  (AUC 0.96) than the others, adds nothing once the kind feature is used, and makes answers to another question
  harder to tell apart (the criteria are generic words like "communication"), so its weight is 0: reported, not used.
- **kind**: what an interview answer contains whatever the topic: it is told in the first person (I, we, my, our)
  and about work (distinct work words: team, project, manager, deadline...). Read speech, phone prompts, trivia or a
  political speech has neither.

**The theme** of a story question: a question whose topic words include one of the table's themes ("feedback",
"conflict", "failed"; the people every question names are no theme) asks for a story about it. A story with no word
of any of its themes (`theme_heard` False) is on the question's people, not its theme: it is not gated (the table
cannot know every way to say a theme), but its relevance dimension is held down and a tip asks for the link
(`tips.THEME_UNHEARD_SCORE`). Other kinds of question have their own checklists and are not held to it.

The relevance score is the mean of the question and kind features (`WEIGHTS`, set by hand, not fitted);
`OFF_TOPIC_BELOW` is the gate under which an answer is said not to address the question. The threshold was chosen
on the benchmark's examples, and three failure words were added to the table after reading the one strong answer it
missed, so every figure it gives is a development figure. So are the changes made after reading the three unjudged
published answers it called off their own question (the README's "Good answers called off their question"): a
question that only asks for a hard story names no topic, technical words are work words, and a few more themes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .structure import STRENGTH_PHRASE, WEAKNESS_PHRASE
from .text import STOPWORDS, root, tokens

# Words of a question that say how to answer rather than what about: never counted as its topic.
_FRAME_WORDS = frozenset(
    """tell describe walk talk share give explain example time times situation experience experiences approach
    handle handled handling think thoughts would could should like want have had get got make made take took way ways
    one something someone anything specific particular recent last ever current past through happened instance
    reasoning outcome what how why go goes going went gone felt feel able done committed problem problems challenge
    challenges challenging difficult difficulty solve solved solving tough obstacle obstacles""".split()
)

# Closely related words: an answer that uses any word of a group addresses a question term of the same group.
# Each group is one theme of interview questions; its words are what answers on that theme say.
_GROUPS = (
    "conflict disagree argument tension dispute clash friction confront confrontation resolve resolution compromise "
    "pushback objected objection concerns",
    "feedback criticism critique review comments constructive candid difficult conversation one-on-one honest "
    "honestly frank frankly plainly bluntly",
    "prioriti competing urgent urgency important importance deadline deadlines demands backlog roadmap trade-off "
    "tradeoff triage impact request requests queue goals okrs effort",
    "fail mistake mistakes error wrong setback lesson lessons learned underestimated slipped missed forgot "
    "oversight overlooked",
    "hire recruit recruiting recruitment candidate candidates interview interviews onboard onboarding talent",
    "mentor coach coaching develop development career growth grow promotion",
    "motivat morale engagement engaged energy inspire burnout struggling celebrate celebrated recognition enjoyed "
    "energized confidence",
    "stakeholder stakeholders executive executives leadership director vp senior buy-in sponsor",
    "influenc persuade convince proposal pitch buy-in adopt adoption",
    "trade-off tradeoff trade-offs tradeoffs pros cons compromise versus cost",
    "debt technical-debt refactor refactoring legacy cleanup maintenance",
    "scale grow headcount hiring organization",
    "underperform performance improvement pip expectations low",
    "decision choose decided options alternatives",
    "team engineers colleagues members reports= teammates",  # "reports" as people, not "reported"
    "customer customers client clients user users",
    "deadline timeline schedule late launch release",
    "product pm roadmap feature features requirements",
    "remote distributed async timezone timezones hybrid",
    "innovation innovate experiment experiments hackathon ideas prototype",
    "agile scrum sprint sprints kanban standup retrospective",
    "vision strategy long-term future direction roadmap",
    "culture values trust psychological safety",
    "incident outage production postmortem on-call rollback",
    "recommendation recommendations personalization ranking",
    "performance latency playback streaming cdn cache",
    "strength strongest",  # with `RELATED_PHRASES`: "I'm good at", "I'm not great at", "I tend to"
    "weakness weak weakest",
    # Common behavioural themes that the first table lacked (added in stop 22, see the README).
    "change changed changes pivot pivoted adapt adapted adjust adjusted shift shifted switch switched reprioritize "
    "reorganization restructure",
    "beyond extra initiative volunteer volunteered proactive proactively ownership unasked evenings weekends",
    "pressure stress stressful overwhelmed crunch tight urgent deadline",
    "ambiguity ambiguous unclear uncertain uncertainty unknowns vague undefined",
    "invent invention innovation innovate tool prototype idea ideas",
    "communication communicate explain explained present presented presentation audience non-technical clarity",
    "data metrics metric analysis analyze analyzed analytics measure measured dashboard numbers",
)

# Phrases that address a question term where no one word does: a weakness is named as "I'm not great at saying no",
# "I tend to...", "I struggle with...", a strength as "I'm good at..." (the self-assessment checklist's own phrases).
RELATED_PHRASES = {"weakness": WEAKNESS_PHRASE, "strength": STRENGTH_PHRASE}

# What answers about work say, whatever the question: people, work products, outcomes.
_WORK_WORDS = frozenset(
    """team teams project projects manager managers management engineer engineers engineering company customer
    customers client clients stakeholder stakeholders product products deadline deadlines colleague colleagues
    coworker coworkers role job work worked working business goal goals process processes meeting meetings plan
    planned data results result delivered deliver launch launched release released feature features code system
    systems design budget quarter sprint users user report reports organization department leadership lead led
    developer developers hire hired hiring feedback priority priorities strategy decision decided issue issues problem
    problems solution solutions improve improved improvement performance revenue metrics api service services server
    database queries query bug bugs test tests testing deploy deployed deployment production incident outage
    architecture infrastructure pipeline platform latency endpoint endpoints application migration""".split()
)
_FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "me", "my", "mine", "myself", "we", "we're", "we've", "our"})
STORY_KINDS = ("behavioral", "technical_decision")

WEIGHTS = {"question": 0.5, "round": 0.0, "kind": 0.5}  # the round feature did not help (bench: ablation)
WORK_TYPES_FOR_FULL = 6
MIN_TOKENS_FOR_RATES = 40  # a few words cannot show what an answer is about: rates count at least this many
OFF_TOPIC_BELOW = 0.40  # development threshold (see the module doc and README)
WEAK_BELOW = 0.60  # on the question, but little of it named: a tip to tie the answer to the question (development)


@dataclass(frozen=True)
class Relevance:
    score: float  # 0..1
    on_topic: bool
    features: dict[str, float | None]
    question_terms: tuple[str, ...]
    terms_heard: tuple[str, ...]  # question terms the answer addresses (the term itself or a related word)
    related_heard: tuple[str, ...]  # the answer's words that did it
    evidence: str
    weights: dict[str, float] = field(default_factory=lambda: dict(WEIGHTS))
    theme_terms: tuple[str, ...] = ()  # the question's words that name its theme ("feedback"), see `question_themes`
    theme_heard: bool | None = None  # whether any of those themes was heard (None: the question names no theme)


# Each group holds its words as written and as `root` makes them, so every form of a word finds its group; a word
# marked "=" is matched only as written.
RELATED: tuple[frozenset[str], ...] = tuple(
    frozenset(w.rstrip("=") for w in words) | {root(w) for w in words if not w.endswith("=")}
    for words in (group.split() for group in _GROUPS))


_STEMS = frozenset({"prioriti", "motivat", "influenc"})  # written as stems so every form meets: not words to show
_PEOPLE_GROUP = next(i for i, group in enumerate(_GROUPS) if group.startswith("team "))


def _group_of(word: str) -> set[int]:
    """The themes (`RELATED` groups) a word belongs to, as written or in its `root` form."""
    base = root(word)
    return {i for i, group in enumerate(RELATED) if word in group or base in group}


def question_terms(question_text: str) -> list[str]:
    seen: dict[str, None] = {}
    for token in tokens(question_text):
        if token in STOPWORDS or token in _FRAME_WORDS or len(token) <= 2 or token.isdigit():
            continue
        if token.endswith("'s"):
            token = token[:-2]
        seen.setdefault(token, None)
    return list(seen)


def _answer_groups(answer_tokens: list[str]) -> dict[int, str]:
    """The themes (`RELATED` groups) the answer's words touch, each with the first word that did."""
    out: dict[int, str] = {}
    for token in answer_tokens:
        for g in _group_of(token):
            out.setdefault(g, token)
    return out


def question_themes(question_text: str) -> dict[str, set[int]]:
    """The question's topic words that name a theme, with their themes ("feedback" -> the feedback group). The people
    every question names ("team", "member") are no theme: an answer about anything mentions them."""
    out = {}
    for term in question_terms(question_text):
        groups = _group_of(term) - {_PEOPLE_GROUP}
        if groups:
            out[term] = groups
    return out


def people_term(term: str) -> bool:
    """A question word for the people a story is about ("team", "member", "colleagues"): every story names some."""
    return _PEOPLE_GROUP in _group_of(term)


def theme_heard(question_text: str, answer_tokens: list[str], answer_text: str = "") -> bool | None:
    """Whether the answer touches any theme the question names (None: the question names none). "Give difficult
    feedback to a team member" answered with a story of fixing timeouts mentions engineers, and no feedback."""
    themes = question_themes(question_text)
    if not themes:
        return None
    heard = set(_answer_groups(answer_tokens))
    for term, groups in themes.items():
        pattern = RELATED_PHRASES.get(root(term))
        if groups & heard or (pattern is not None and answer_text and pattern.search(answer_text)):
            return True
    return False


def theme_words(term: str, count: int = 3) -> list[str]:
    """A few words that would address a theme term, as its group writes them ("feedback": criticism, critique, review)."""
    groups = _group_of(term) - {_PEOPLE_GROUP}
    own = sorted(groups, key=lambda g: (root(_GROUPS[g].split()[0]) != root(term), g))  # its own theme's words first
    seen, out = {root(term.replace("-", ""))}, []
    for word in (w.rstrip("=") for g in own for w in _GROUPS[g].split()):
        key = root(word.replace("-", ""))
        if key not in seen and word not in _STEMS:  # one form of each word: "client", not "client", "clients"
            seen.add(key)
            out.append(word)
    return out[:count]


def relevance_verdict(relevance: dict) -> str:
    """The relevance verdict in words, as the terminal card shows it beside its evidence."""
    if not relevance.get("on_topic", True):
        return "does not address the question"
    return "not on what the question asks about" if relevance.get("theme_heard") is False else "on the question"


def question_term_coverage(question_text: str, answer_tokens: list[str], use_variants: bool = True,
                           use_related: bool = True, answer_text: str = "") -> tuple[float | None, list[str], list[str]]:
    """Share of the question's topic words the answer addresses; the terms addressed; the answer's words that did
    (or, for a term `RELATED_PHRASES` knows, the phrase that did: "I'm not great at" names a weakness)."""
    terms = question_terms(question_text)
    if not terms:
        return None, [], []
    phrases = {}
    for term in terms if use_related else ():
        pattern = RELATED_PHRASES.get(root(term))
        match = pattern.search(answer_text) if pattern is not None else None
        if match:
            phrases[term] = match.group(0).lower()
    heard_exact = set(answer_tokens)
    heard_roots = {root(t): t for t in answer_tokens} if use_variants else {}
    answer_groups = _answer_groups(answer_tokens) if use_related else {}
    addressed, by = [], []
    for term in terms:
        if term in heard_exact:
            addressed.append(term)
            by.append(term)
            continue
        if use_variants and root(term) in heard_roots:
            addressed.append(term)
            by.append(heard_roots[root(term)])
            continue
        groups = _group_of(term) if use_related else set()
        hit = next((answer_groups[g] for g in groups if g in answer_groups), None) or phrases.get(term)
        if hit:
            addressed.append(term)
            by.append(hit)
    # A question usually has two to six topic words, and a good answer picks up some of them in its own words: half of
    # them (at least two) is full marks. One word of the answer counts once, however many terms it relates to.
    return min(1.0, len(set(by)) / max(2.0, len(terms) / 2)), addressed, by


def kind_coverage(kind: str, answer_tokens: list[str]) -> float:
    """How much the answer sounds like an answer to an interview question (0..1), whatever the topic: told in the
    first person (I, we, my, our) and about work (distinct work words: team, project, manager, deadline...).
    Read speech, phone prompts and trivia have neither; repeating one word ('users, users') is not talking about work."""
    if not answer_tokens:
        return 0.0
    n = max(len(answer_tokens), MIN_TOKENS_FOR_RATES)
    work_types = {root(t) for t in answer_tokens if t in _WORK_WORDS or root(t) in _WORK_WORDS}
    first = sum(1 for t in answer_tokens if t in _FIRST_PERSON) / n
    # Real answers: 8 or more distinct work words and 5-10% first-person words; read speech under 3 and 1%.
    work_part = min(1.0, len(work_types) / WORK_TYPES_FOR_FULL)
    first_part = min(1.0, first / 0.05)
    return round(0.5 * work_part + 0.5 * first_part, 3)


def round_coverage(answer_text: str, question) -> float | None:
    from .structure import looks_for_coverage

    if getattr(question, "round", None) is None:
        return None
    coverage, _ = looks_for_coverage(answer_text, question)
    return coverage


def combine(features: dict[str, float | None], use: tuple[str, ...] = ("question", "round", "kind")) -> float:
    """Weighted mean of the features present (a feature that cannot be measured drops out, its weight with it)."""
    present = {k: v for k, v in features.items() if k in use and v is not None}
    if len(use) < len(WEIGHTS):  # an ablation: the features asked for, equally weighted
        weights = {k: 1.0 for k in present}
    else:
        weights = {k: WEIGHTS[k] for k in present}
    total = sum(weights.values())
    if not present or total <= 0:
        return 1.0
    return round(sum(weights[k] * v for k, v in present.items()) / total, 3)


def assess_relevance(question, answer_text: str, first_sentence: tuple[str, float | None] | None = None) -> Relevance:
    """`question` is a PlannedQuestion (text, kind, round); `first_sentence` (text, start) quotes the evidence."""
    answer_tokens = tokens(answer_text)
    coverage, addressed, by = question_term_coverage(question.text, answer_tokens, answer_text=answer_text)
    features = {"question": coverage, "round": round_coverage(answer_text, question),
                "kind": kind_coverage(question.kind, answer_tokens)}
    score = combine(features)
    on_topic = score >= OFF_TOPIC_BELOW
    terms = question_terms(question.text)
    if addressed:
        # Terms one answer word addresses together are named together: "'difficult', 'feedback' (as 'review')".
        groups: dict[str, list[str]] = {}
        for t, w in zip(addressed, by):
            groups.setdefault(w, []).append(t)
        heard = ", ".join(", ".join(f"'{t}'" for t in ts) + ("" if ts == [w] else f" (as '{w}')")
                          for w, ts in groups.items())
        evidence = f"Heard the question's {heard}"
    elif terms:
        evidence = "None of the question's words (" + ", ".join(f"'{t}'" for t in terms[:4]) + ") or related words were heard"
    else:  # "a challenging problem you solved" names no topic: what an answer to any question has is all there is
        first = sum(1 for t in answer_tokens if t in _FIRST_PERSON)
        work = sorted({t for t in answer_tokens if t in _WORK_WORDS or root(t) in _WORK_WORDS})
        evidence = (f"The question names no topic of its own, so the answer is judged as an interview answer: "
                    f"{first} of {len(answer_tokens)} words in the first person, "
                    + (f"work words heard: {', '.join(repr(w) for w in work[:4])}" if work else "no work words heard"))
    # Only a story is held to the question's theme: the other kinds have their own checklists, and a vision told as
    # "In three years I want..." names neither "vision" nor "future".
    themes = list(question_themes(question.text)) if question.kind in STORY_KINDS else []
    heard_theme = theme_heard(question.text, answer_tokens, answer_text) if themes else None
    if heard_theme is False:
        words = theme_words(themes[0])
        evidence += (", but nothing of " + " or ".join(f"'{t}'" for t in themes[:2])
                     + (f" (nor {', '.join(repr(w) for w in words)})" if words else ""))
    if not on_topic and first_sentence and first_sentence[0]:
        text, start = first_sentence
        clipped = text if len(text) <= 90 else text[:89].rstrip() + "…"
        evidence += f"; the answer opens {_at(start)}'{clipped}'"
    return Relevance(score=score, on_topic=on_topic, features=features, question_terms=tuple(terms),
                     terms_heard=tuple(addressed), related_heard=tuple(by), evidence=evidence + ".",
                     theme_terms=tuple(themes), theme_heard=heard_theme)


def _at(start: float | None) -> str:
    from .tips import clock

    return f"at {clock(start)}: " if start is not None else "with: "
