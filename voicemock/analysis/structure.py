"""Structure checks for the question kinds that are not STAR stories, and coverage of what the round looks for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..interview.plan import PlannedQuestion
from .text import STOPWORDS, root, tokens

_STEPS: dict[str, list[tuple[str, str]]] = {
    "system_design": [
        ("clarify requirements", r"\b(requirements?|clarify|use cases?|functional|non-functional|assum\w+|scope|users? (want|need)|goals?|"
                                 r"what (we|you) mean by|pin down|optimi[sz](e|ing) for|let's say|ask (a few|some) questions)\b"),
        ("estimate scale", r"\b(scale|qps|requests per|per second|per day|million|billion|thousand|throughput|storage|traffic|peak|estimate\w*|\d+ ?(k|m|gb|tb|ms))\b"),
        ("sketch the high-level design", r"\b(architecture|high[- ]level|components?|services?|api|database|cache|queue|load balancer|cdn|client|server|pipeline)\b"),
        ("go deep on a component", r"\b(deep dive|in detail|zoom in|specifically|schema|algorithm|partition\w*|shard\w*|index\w*|consistency|replica\w*|model)\b"),
        ("weigh trade-offs", r"\b(trade-?offs?|alternatively|on the other hand|versus|vs\.?|downsides?|pros and cons|instead of|cost|bottleneck|latency)\b"),
    ],
    "motivation": [
        ("connect to the company", r"\b(mission|product|learners?|platform|company|values?|culture|courses?|education)\b"),
        ("connect to the role", r"\b(role|team|manag\w+|lead\w*|engineers?|position|responsibilit\w+)\b"),
        ("make it personal", r"\b(i('ve| have)? (always|personally)|my (own|experience|career|background)|passion\w*|excit\w+|care about|i believe|"
                             r"my (sister|brother|mother|father|mom|dad|parents?|family|wife|husband|partner|friend|kids?|son|daughter)|"
                             r"changed my life|i (took|used|studied|completed|finished) (a|an|the|your|their|coursera))\b"),
        ("look forward", r"\b(would|want to|hope to|looking forward|next|future|grow\w*|contribute)\b"),
    ],
    "strategy": [
        ("state a clear principle", r"\b(i (believe|prioriti[sz]e|focus|start|always|approach|first|usually|make sure|"
                                    r"try to|aim to|begin)|my (approach|philosophy|framework|principle|rule)|the key is|"
                                    r"(the|my) (first|main|key) (thing|step|rule|question)|(the )?most important (part|thing)|"
                                    r"what matters (most)?|(every|each) \w+ (has|needs|must) to)\b"),
        ("back it with an example", r"\b(for example|for instance|at my (last|previous)|when i|in my (last|previous|current)|once)\b"),
        ("show the outcome", r"\b(result\w*|outcome|led to|improv\w+|increas\w+|reduc\w+|percent|went (up|down)|go(es)? (up|down)|"
                             r"doubled|halved|saved|grew|dropped|fell|rose)\b|\d ?%"),
        ("connect to the business", r"\b(business|customers?|users?|learners?|employers?|revenue|conversions?|enrollments?|"
                                    r"retention|churn|goals?|objectives?|okrs?|metrics?|impact)\b"),
    ],
}
_STEPS["technical"] = _STEPS["system_design"][2:]
# "What is your vision for the future of Coursera's professional certificates?": not a process ("How do you...") but a
# picture of the future, why it is needed, the bets that get there and how one would know (development rules: a good
# vision answer of mine covered none of the strategy checklist and was capped at 60).
_STEPS["vision"] = [
    ("paint the end state", r"\b(i see|i envision|i imagine|imagine|my vision|the vision|in (two|three|five|ten|\d+) years|"
                            r"(the )?future|will (become|be)|would (become|be)|becoming|north star|end state|"
                            r"where (we|it|this) (should|could|will) be|the goal (is|would be)|"
                            r"i want (it|us|the|our|coursera|this) to)\b"),
    ("say why: what is changing or missing", r"\b(because|today|right now|currently|at the moment|"
                                             r"the (problem|gap|need|challenge|opportunity)|trends?|chang(e|es|ing)|"
                                             r"shift\w*|market|demand|competit\w+|employers?|"
                                             r"(learners?|users?|customers?|engineers) (want|need|struggle|expect|have to))\b"),
    ("name the bets that get there", r"\b(first(ly)?|second(ly)?|third(ly)?|(two|three|four) (things|bets|pillars|priorities|areas)|"
                                     r"(i would|i'd|we would|we'd) (push|invest|build|focus|start|prioriti[sz]e|hire|bet|"
                                     r"double down|create)|invest(ing)? in|roadmap|bets?|pillars?)\b"),
    ("say how you would know it worked", r"\b(measur\w+|metrics?|kpis?|okrs?|rates?|percent|conversions?|retention|completion|"
                                         r"revenue|growth|go(es)? (up|down)|success (looks like|means|would be)|"
                                         r"(we|you|i)('d| would) know|outcomes?|hires|placements?)\b|\d ?%"),
]
# "Tell me about yourself", "Tell me about your experience as an engineering manager": a career told in a minute or
# two, not one story. The checklist is the present-past-future outline career coaches teach, with the scope and one
# result that make it the speaker's own (development rules: the published answers hold no such question).
_STEPS["career_summary"] = [
    ("say what you do now", r"\b(currently|right now|these days|at the moment|today i|i now|now i|in my current (role|job|position)|"
                            r"my current (role|job|position|team|company)|i('m| am) (now |currently )?(a|an|the|leading|managing|"
                            r"running|heading|responsible)|i (lead|manage|run|head|own|oversee)|"
                            r"i('ve| have) been (a|an|the|managing|leading|running|working|building))\b"),
    ("say how you got here", r"\b(i started|i began|started (my career|out|as)|before that|previously|prior to (that|this|joining)|"
                             r"earlier in my career|my (first|last|previous) (job|role|company|position|team)|i joined|"
                             r"moved (to|into|over)|took over|(was|got) promoted|i spent|transitioned|switched|came from|"
                             r"grew (into|from)|i was (a|an|the)|i became|became (a|an|the)|i('ve| have) worked (at|for|in|on)|"
                             r"(over|for) the (past|last) (\w+ )?(years?|decade)|for (\w+ )?(years|decades))\b"),
    ("give your scope: years, teams, people", r"\b((\d+|a few|several|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                                              r"twelve|fifteen|twenty|thirty|forty|fifty|hundreds?( of)?|dozens?( of)?|a dozen)"
                                              r"\+? ([\w-]+ )?(years?|engineers|people|developers|reports|managers|teams|"
                                              r"squads|products|services|countries|offices|companies|users|customers|"
                                              r"learners)|(team|org|organi[sz]ation|group) of (\d+|\w+))\b"),
    ("name a result you are proud of", r"\b(result\w*|outcome|led to|improv\w+|increas\w+|reduc\w+|cut|percent|went (up|down)|"
                                       r"doubled|halved|saved|grew|dropped|fell|rose|raised|launched|shipped|delivered|"
                                       r"promoted|won|awards?|proud)\b|\d ?%"),
    ("say what you want next", r"\b(next|looking for|looking to|want to|hope to|would (love|like) to|excited (about|by|to)|"
                               r"this (role|position|job|opportunity)|why i('m| am) (here|applying|interested)|i applied|"
                               r"aspire|my goal)\b"),
]


@dataclass(frozen=True)
class StructureStep:
    name: str
    covered: bool
    first_sentence: int | None
    near_miss: int | None = None  # a sentence that reads as the step and does not count ("I'm a perfectionist")
    note: str = ""  # why it does not count: "disguised" (a strength in disguise) or "denied" (no weakness named)


@dataclass(frozen=True)
class StructureCheck:
    kind: str
    steps: tuple[StructureStep, ...]
    looks_for_coverage: float | None  # share of the round's "what interviewers look for" the answer touches
    looks_for_missed: tuple[str, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.steps if not s.covered)

    @property
    def score(self) -> float:
        return 100.0 * sum(s.covered for s in self.steps) / len(self.steps) if self.steps else 100.0


FOLLOW_UP_KIND = "follow_up"  # the kind `probes.follow_up_question` gives a follow-up
TRADE_OFF_KIND = "technical_decision"  # its questions ask for a trade-off ("What was your reasoning?")
# What was weighed against what, or given up: "rather than", "chose Postgres over Mongo", "two options", "it would
# take four months, but...", "the downside was".
TRADE_OFF = re.compile(
    r"\b(trade-?offs?|gave up|give up|giving up|sacrific\w+|at the cost of|at the expense of|downsides?|instead of|"
    r"rather than|versus|vs\.?|on the other hand|alternatively|pros and cons|compromis\w+|cost us|we lost|options?|"
    r"alternatives?|chose \w+( \w+)? over|could have|the (cost|price|risk) (was|of|is)|but it (would|meant|means)|"
    r"weigh(ed|ing)?)\b",
    re.IGNORECASE,
)


CAREER_KIND = "career_summary"  # "Tell me about yourself": see `asks_for_career` and its checklist above
_CAREER_QUESTION = re.compile(
    r"^\s*(please |so,? )?(tell (me|us)|talk (me|us) through|walk (me|us) through|take (me|us) through|"
    r"give (me|us) (an overview of|a summary of)|describe|(can|could|would) you (tell|walk|take|talk) (me|us)( through)?)"
    r"( a (little )?bit| a little)?( more)?( about)? (yourself|your (own )?(experience|background|career|career path|resume|résumé|"
    r"cv|journey)( so far| to date| as (a|an) [\w -]+?| in (management|leadership|engineering|engineering management))?)"
    r"\s*[.?!]?\s*$", re.IGNORECASE)


VISION_KIND = "vision"  # "What is your vision for...": see its checklist above
_VISION_QUESTION = re.compile(r"\b(your|the|a) (long[- ]term |technical |product |engineering )?vision (for|of)\b|"
                              r"\bthe future of\b", re.IGNORECASE)


def asks_for_vision(question_text: str) -> bool:
    """Whether the question asks for a vision ("What is your long-term vision for an engineering organization?",
    "...the future of our certificates?"), not for one time, not for the speaker's own future, and not for a process
    that mentions one ("How do you communicate your vision to the team?" stays a strategy question)."""
    from .example import asks_for_example

    text = question_text or ""
    return bool(_VISION_QUESTION.search(text)) and not asks_for_example(text) and "yourself" not in text.lower()


def asks_for_career(question_text: str) -> bool:
    """Whether the question asks for the speaker's career as a whole ("Tell me about yourself", "Walk me through your
    background", "Tell me about your experience as an engineering manager"), not for one time ("Describe your
    experience with the local talent market" asks about one topic, and stays a story)."""
    return bool(_CAREER_QUESTION.search(question_text or ""))


SELF_ASSESSMENT_KIND = "self_assessment"  # "What are your strengths and weaknesses?": see `self_assessment_steps`
_ASKS_STRENGTH = re.compile(r"\bstrengths?\b|\bgood at\b|\bbest (quality|skill)", re.IGNORECASE)
_ASKS_WEAKNESS = re.compile(r"\bweakness(es)?\b|\bareas? (for|of) (improvement|growth)\b", re.IGNORECASE)
STRENGTH_PHRASE = re.compile(
    r"\b(strengths?|strongest|i'?m (really |very )?(good|great|strong) at|i excel|(what )?i do (well|best)|"
    r"best at|known for|people (come to me|rely on me)|my (superpower|edge))\b", re.IGNORECASE)
WEAKNESS_PHRASE = re.compile(
    r"\b(weakness(es)?|weakest|i (still )?struggle|struggled|i('m| am) not (very |always )?(great|good|strong|the best) at|"
    r"areas? (for|of) (improvement|growth)|blind spots?|i tend to|i used to|i (find|found) it (hard|difficult)|"
    r"(hard|difficult) for me|i('m| am) (too )?(slow|impatient|quick) to|i can be)\b", re.IGNORECASE)
# A strength dressed as a weakness: the answer interviewers hear most, and the one that tells them least.
_DISGUISED_STRENGTH = re.compile(
    r"\b(perfectionis\w*|cares? too much|work(ing)? too (hard|much)|too many hours|workaholic|"
    r"too (passionate|dedicated|committed|hard[- ]?working|detail[- ]oriented|honest|driven)|"
    r"(high|very high) standards|expect too much of myself)\b", re.IGNORECASE)
# No weakness at all: "I don't really have any weaknesses", "I can't think of one".
_NO_WEAKNESS = re.compile(
    r"\b((don't|do not|can't|cannot|never) (really |honestly )?(have|think of|see|find) (any|a|one|many)( real| big| major| "
    r"obvious| serious)? weakness(es)?|no (real |big |major )?weakness(es)?)\b", re.IGNORECASE)
# What the speaker does about the weakness now: a remedy, a habit changed, help asked for.
_REMEDY = re.compile(
    r"\b(working on (it|this|that)|(to|so i|and i) (fix|address|counter|manage|improve|work on) (this|that|it)|"
    r"i('ve| have) (since|started|begun|learned to|been working|been practi[cs]ing|asked)|i now|now i|these days|"
    r"nowadays|set myself|getting better at|i('m| am) (learning|practi[cs]ing|working)|(a|my) (coach|mentor)|"
    r"ask(ed)? (my|for|a) (\w+ )?(feedback|help)|(i|so i) (started|began|set up|set|made|built|asked|hired|"
    r"delegat\w+|block(ed)?|schedul\w+)|remind(er|ers)?|rule)\b", re.IGNORECASE)


def answer_kind(kind: str, question_text: str) -> str:
    """The checklist an answer is held to: the question's kind, except where the guide's kind says less than its
    wording (guides call these behavioural or strategy; the built-in one did until it said so):
    - a behavioural question asking for strengths or weaknesses without asking for one time ("What are your strengths
      and weaknesses?") is a self-assessment, not a STAR story;
    - a behavioural question asking for the speaker's career ("Tell me about your experience as an engineering
      manager") is a career summary;
    - a strategy question asking for a vision ("What is your vision for the future of...?") is a vision."""
    from .example import asks_for_example

    text = question_text or ""
    if kind == "strategy" and asks_for_vision(text):
        return VISION_KIND
    if kind != "behavioral" or asks_for_example(text):
        return kind
    if _ASKS_STRENGTH.search(text) or _ASKS_WEAKNESS.search(text):
        return SELF_ASSESSMENT_KIND
    return CAREER_KIND if asks_for_career(text) else kind


def self_assessment_steps(question_text: str, sentences: list[str]) -> tuple[StructureStep, ...]:
    """What a strengths-and-weaknesses answer covers: the strength named and backed by one real example, the weakness
    named and what the speaker does about it (only the half the question asks for when it asks for one). A weakness
    that is a strength in disguise ("I'm a perfectionist, I care too much") does not count: its sentence is kept as
    the step's near miss, for the tip to quote."""
    from .example import find_example

    def first(pattern: re.Pattern) -> int | None:
        return next((i for i, s in enumerate(sentences) if pattern.search(s)), None)

    asks_strength = bool(_ASKS_STRENGTH.search(question_text or ""))
    asks_weakness = bool(_ASKS_WEAKNESS.search(question_text or ""))
    if not (asks_strength or asks_weakness):  # "How would your colleagues describe you?": both halves
        asks_strength = asks_weakness = True
    steps = []
    if asks_strength:
        hit = first(STRENGTH_PHRASE)
        steps.append(StructureStep("name a strength", hit is not None, hit))
    example = find_example(sentences)
    steps.append(StructureStep("back it with one real example", example.told,
                               example.sentence if example.told else None))
    if asks_weakness:
        weakness = next((i for i, s in enumerate(sentences) if WEAKNESS_PHRASE.search(s)
                         and not _DISGUISED_STRENGTH.search(s) and not _NO_WEAKNESS.search(s)), None)
        denied, disguised = first(_NO_WEAKNESS), first(_DISGUISED_STRENGTH)
        near, note = (None, "") if weakness is not None else \
            (denied, "denied") if denied is not None else (disguised, "disguised") if disguised is not None else (None, "")
        steps.append(StructureStep("name a real weakness", weakness is not None, weakness, near_miss=near, note=note))
        # The remedy comes with or after the weakness (a step in the strength's example is not one).
        after = weakness or 0
        hit = next((i for i, s in enumerate(sentences) if i >= after and _REMEDY.search(s)), None)
        steps.append(StructureStep("say what you do about it", hit is not None, hit))
    return tuple(steps)


def follow_up_steps(probe: str, sentences: list[str]) -> tuple[StructureStep, ...]:
    """What the answer to a follow-up must give: what the probe asked for (an outcome, a step the speaker took, what
    was given up, one real time). A follow-up from the guide's own list asks for nothing checkable: no step."""
    from ..interview.probes import NO_EXAMPLE, NO_RESULT, NO_TRADE_OFF, ONLY_WE
    from .example import find_example
    from .star import is_vague_outcome, names_an_outcome, takes_a_step

    if probe == NO_EXAMPLE:
        example = find_example(sentences)
        return (StructureStep("tell one real time", example.told, example.sentence if example.told else None),)
    checks = {NO_RESULT: ("give the outcome", lambda s: names_an_outcome(s) and not is_vague_outcome(s)),
              ONLY_WE: ("say what you did yourself", takes_a_step),
              NO_TRADE_OFF: ("name what you gave up", lambda s: bool(TRADE_OFF.search(s)))}
    if probe not in checks:
        return ()
    name, test = checks[probe]
    hit = next((i for i, s in enumerate(sentences) if test(s)), None)
    return (StructureStep(name, hit is not None, hit),)


def check_structure(kind: str, sentences: list[str], question: PlannedQuestion) -> StructureCheck:
    if kind == FOLLOW_UP_KIND:
        return StructureCheck(kind, follow_up_steps(question.text, sentences), None, ())
    if kind == SELF_ASSESSMENT_KIND:
        coverage, missed = looks_for_coverage(" ".join(sentences), question)
        return StructureCheck(kind, self_assessment_steps(question.text, sentences), coverage, missed)
    steps = []
    for name, pattern in _STEPS.get(kind, _STEPS["strategy"]):
        regex = re.compile(pattern, re.IGNORECASE)
        hit = next((i for i, s in enumerate(sentences) if regex.search(s)), None)
        steps.append(StructureStep(name, hit is not None, hit))
    coverage, missed = looks_for_coverage(" ".join(sentences), question)
    return StructureCheck(kind, tuple(steps), coverage, missed)


# Words of a criterion that name a quality shown in how one answers, not a topic one talks about: "Clear
# communication", "Cultural fit", "Executive presence" are judged by the delivery dimensions (length, pace, fillers),
# and telling a candidate to say the word "communication" would be keyword advice.
QUALITY_WORDS = frozenset(root(w) for w in """ability abilities strong clear proven effective basic sound good
    communication communicate communicator presence articulate concise fit cultural culture values alignment aligned
    enthusiasm enthusiastic passion pragmatic judgment judgement background skills compelling company executive
    understanding approach thinking high-level""".split())


def topic_roots(text: str) -> set[str]:
    """The words of a criterion or a reason for rejection that name a topic, as `root` forms (`QUALITY_WORDS` out)."""
    return {root(t) for t in tokens(text) if t not in STOPWORDS and len(t) > 2} - QUALITY_WORDS


def looks_for_coverage(answer: str, question: PlannedQuestion) -> tuple[float | None, tuple[str, ...]]:
    """Which of the round's 'what interviewers look for' and evaluation criteria the answer's words touch. Only the
    criteria that name a topic are checked; None when the round has none."""
    items = (question.round.looks_for + question.round.evaluation_criteria) if question.round else ()
    answer_roots = {root(t) for t in tokens(answer)}
    checked, missed = 0, []
    for item in items:
        terms = topic_roots(item)
        if not terms:
            continue
        checked += 1
        if not terms & answer_roots:
            missed.append(item)
    if not checked:
        return None, ()
    return round((checked - len(missed)) / checked, 2), tuple(missed)
