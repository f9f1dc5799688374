"""Structure checks for the question kinds that are not STAR stories, and coverage of what the round looks for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..interview.plan import PlannedQuestion
from .text import content_terms, stem, tokens

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
        ("show the outcome", r"\b(result\w*|outcome|led to|improv\w+|increas\w+|reduc\w+|percent|went (up|down)|"
                             r"doubled|halved|saved|grew|dropped|fell|rose)\b|\d ?%"),
        ("connect to the business", r"\b(business|customers?|users?|revenue|goals?|objectives?|okrs?|metrics?|impact)\b"),
    ],
}
_STEPS["technical"] = _STEPS["system_design"][2:]


@dataclass(frozen=True)
class StructureStep:
    name: str
    covered: bool
    first_sentence: int | None


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
    steps = []
    for name, pattern in _STEPS.get(kind, _STEPS["strategy"]):
        regex = re.compile(pattern, re.IGNORECASE)
        hit = next((i for i, s in enumerate(sentences) if regex.search(s)), None)
        steps.append(StructureStep(name, hit is not None, hit))
    coverage, missed = looks_for_coverage(" ".join(sentences), question)
    return StructureCheck(kind, tuple(steps), coverage, missed)


def looks_for_coverage(answer: str, question: PlannedQuestion) -> tuple[float | None, tuple[str, ...]]:
    """Which of the round's 'what interviewers look for' and evaluation criteria the answer's words touch."""
    items = (question.round.looks_for + question.round.evaluation_criteria) if question.round else ()
    if not items:
        return None, ()
    answer_stems = {stem(t) for t in tokens(answer)}
    missed = []
    for item in items:
        terms = [t for t in content_terms(item) if t not in {"abilit", "ability", "strong", "clear", "proven", "effective"}]
        if terms and not any(t in answer_stems for t in terms):
            missed.append(item)
    total = len(items)
    return round((total - len(missed)) / total, 2), tuple(missed)
