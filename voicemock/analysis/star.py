"""STAR structure: label each sentence Situation, Task, Action or Result, in that order.

Each sentence gets a score per part from cue phrases (what career-advice pages teach people to say for each
part) and a weak prior from its position; a Viterbi pass then finds the best labelling that never goes backwards
(S -> T -> A -> R, any part may be absent). A part no sentence carries is reported missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import Sentence, tokens

PARTS = ("situation", "task", "action", "result")

# "I <did something>": a first-person subject and a past-tense verb of doing (not of wanting, feeling or learning).
_NOT_DOING = ("needed|wanted|believed|hoped|liked|loved|noticed|realized|realised|learned|learnt|received|achieved|"
              "exceeded|earned|seemed|used to|had|was|felt|thought|knew|understood|saw|heard|became|got|agreed|"
              "appreciated|enjoyed|struggled|failed|missed|shipped|released|completed|finished|delivered")
_DOING = (r"\b(i|we)( (also|then|quickly|immediately|personally|carefully|respectfully|first|next|\w+ly))? "
          r"(?!(" + _NOT_DOING + r")\b)([a-z]{3,}ed|took|made|built|led|met|spoke|wrote|set|ran|brought|sent|gave|"
          r"told|found|began|chose|drew|kept|held|sought|taught|put|went|broke|did|rewrote|split|shut|cut|paid)\b")

# How others responded to what was done: a classic way to state a Result ("my manager appreciated ...").
_OTHERS_RESPONDED = (r"\b(manager|boss|client|customer|team|lead|director|stakeholders?|colleagues?|coworkers?|he|she|"
                     r"they)( \w+)? (appreciated|agreed|approved|praised|thanked|accepted|recogni[sz]ed|adopted|valued|"
                     r"was (happy|pleased|impressed|satisfied))\b")

_CUES: dict[str, list[tuple[str, float]]] = {
    "situation": [
        (r"\b(in|at|during) (my|our) (previous|last|prior|former|current|first) (role|job|position|company|team|internship)", 3.0),
        (r"\b(when|while) i (was|worked)", 2.5), (r"\bi was working\b", 2.0), (r"\bi worked (at|as|on|for)\b", 1.5),
        (r"\b(a few|several|two|three) (years|months) ago\b", 2.0), (r"\blast (year|quarter|month|summer)\b", 1.5),
        (r"\b(our|the) (team|company|client|project|department) (was|were|had)\b", 1.5),
        (r"\bthere (was|were)\b", 1.0), (r"\bwe were\b", 0.8), (r"\bfaced\b", 1.0), (r"\b(situation|context|background)\b", 1.5),
        (r"\bdisagreed\b", 0.8), (r"\b(was|were) (struggling|behind|facing|experiencing|losing|missing|falling)\b", 1.5),
        (r"\bhad been\b", 1.0), (r"\bcustomer complaints?\b", 0.7), (r"\bbudget cuts?\b", 0.5),
        (r"^(once|one (day|evening|morning|time)|on (a|an|one|our)|during (a|an|our)|at (my|our|a))\b", 1.5),
        (r"\b(joined|was hired|was part of|was in the middle of|was managing|was leading)\b", 1.2),
    ],
    "task": [
        (r"\bmy (responsibility|task|job|role|goal|objective|assignment|mission) (was|is)\b", 3.5),
        (r"\bi was (responsible|tasked|asked|assigned|charged|put in charge|expected|given)\b", 3.0),
        (r"\b(the|our) (goal|task|objective|challenge|aim) (was|is)\b", 2.5), (r"\bi (needed|had) to\b", 2.0), (r"\bi needed (a|an|the)\b", 2.0),
        (r"^(as|being) (the|a|an) [\w-]+( [\w-]+)? (owner|lead|manager|coordinator|leader|engineer)\b", 2.0),
        (r"\bwe (needed|had) to\b", 1.5), (r"\bi wanted to\b", 1.0), (r"\bmy manager asked\b", 2.0),
        (r"\b(to ensure|to make sure)\b", 0.6), (r"\bit was (crucial|important|essential|critical|vital|key) (to|that)\b", 1.5), (r"\bit was (up to me|my job)\b", 3.0), (r"\bi had to figure out\b", 2.0),
    ],
    "action": [
        (r"\bi (decided|scheduled|created|implemented|organized|organised|set up|led|built|started|proposed|introduced|"
         r"designed|developed|analy[sz]ed|reached out|met|spoke|talked|listened|asked|worked|wrote|prioriti[sz]ed|"
         r"delegated|coordinated|trained|researched|presented|gathered|reviewed|contacted|called|arranged|broke|used|"
         r"focused|suggested|recommended|established|launched|collaborated|took|made|held|explained|identified|"
         r"negotiated|encouraged|restructured|automated|migrated|refactored|mentored|volunteered|communicated)\b", 2.5),
        (r"^(first|then|next|after that|afterwards|to do this|to address|to solve|to fix)\b", 1.2), (r"\bthen i\b", 1.2),
        (r"\bwe (then|also)?\s?(decided|created|implemented|built|set up|started|collaborated|worked|agreed)\b", 1.2),
        (r"\bi (also|then|immediately|personally)\b", 1.5), (r"\bmy approach\b", 1.5), (r"\bstep\b", 0.8),
        (_DOING, 1.5),
    ],
    "result": [
        (r"\bas a result\b", 4.0), (r"\b(the )?(result|outcome) (was|is)\b", 3.5), (r"\bin the end\b", 3.0), (r"\bat the end of (the|that)\b", 2.0),
        (r"\bultimately\b", 2.5), (r"\bended up\b", 1.5), (r"\b(led|leading) to\b", 1.5), (r"\bresulted in\b", 3.0),
        (r"\b(increased|reduced|improved|decreased|saved|grew|boosted|cut|doubled|tripled|exceeded|raised|dropped|fell|rose)\b", 1.5),
        (r"\b(shipped|went live|rolled out|takeaway|lesson)\b", 1.2), (r"\bzero\b", 0.8),
        (r"\b\d+(\.\d+)? ?(%|percent)", 2.0), (r"\$\s?\d", 1.5), (r"\b(successfully|success)\b", 1.2),
        (r"\b(was|were) (completed|delivered|launched|finished|resolved|praised|recognized|recognised|promoted|adopted)\b", 2.0),
        (r"\b(i|we) (learned|learnt|received|earned|won|achieved|met|hit|delivered|finished|completed)\b", 1.5),
        (r"\bsince then\b", 2.0), (r"\b(feedback|satisfaction|retention|revenue|on time|ahead of schedule)\b", 0.8),
        (r"\bthis (experience )?taught me\b", 2.5), (_OTHERS_RESPONDED, 2.5), (r"\bi('ve| have) (since|learned)\b", 2.0),
    ],
}
_COMPILED = {part: [(re.compile(p, re.IGNORECASE), w) for p, w in cues] for part, cues in _CUES.items()}
# A weak position prior per part (relative position 0..1 of the sentence in the answer).
_PRIOR_CENTRE = {"situation": 0.05, "task": 0.25, "action": 0.55, "result": 0.92}
MIN_EVIDENCE = 1.5  # cue weight that makes a part present, not just a position
_BASE = {"situation": 0.0, "task": -0.6, "action": 0.0, "result": -0.2}
_QUANTIFIED = re.compile(
    r"\b\d+(\.\d+)?\s?(%|percent|x\b|times\b|hours?|days?|weeks?|months?|years?|minutes?|k\b|million|billion|"
    r"users|customers|people|engineers|points?)|\$\s?\d|\b(doubled|tripled|halved)\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|"
    r"twenty|thirty|forty|fifty|hundred|thousand)\s(percent|hours|days|weeks|months|users|customers|engineers|people)",
    re.IGNORECASE)


@dataclass(frozen=True)
class StarPart:
    part: str
    text: str
    sentences: tuple[int, ...]
    start: float | None
    end: float | None
    share: float  # of the answer's words


@dataclass(frozen=True)
class StarAnalysis:
    labels: tuple[str, ...]  # one per sentence
    parts: tuple[StarPart, ...]
    missing: tuple[str, ...]
    thin: tuple[str, ...]
    action_i: int
    action_we: int
    result_quantified: bool
    ends_on_result: bool


def cue_scores(sentence: str) -> dict[str, float]:
    return {part: sum(w for pattern, w in _COMPILED[part] if pattern.search(sentence)) for part in PARTS}


def sentence_scores(sentence: str, position: float) -> dict[str, float]:
    cues = cue_scores(sentence)
    return {part: cues[part] + _BASE[part] - 2.0 * abs(position - _PRIOR_CENTRE[part]) for part in PARTS}


def _viterbi(scores: list[dict[str, float]], allowed: tuple[str, ...]) -> list[str]:
    """The best labelling from `allowed` parts that never goes backwards in S -> T -> A -> R order."""
    n = len(scores)
    best = [[float("-inf")] * len(allowed) for _ in range(n)]
    back = [[0] * len(allowed) for _ in range(n)]
    for k, part in enumerate(allowed):
        best[0][k] = scores[0][part]
    for i in range(1, n):
        for k, part in enumerate(allowed):
            j = max(range(k + 1), key=lambda prev: best[i - 1][prev])
            best[i][k] = best[i - 1][j] + scores[i][part]
            back[i][k] = j
    k = max(range(len(allowed)), key=lambda last: best[n - 1][last])
    path = [k]
    for i in range(n - 1, 0, -1):
        k = back[i][k]
        path.append(k)
    return [allowed[k] for k in reversed(path)]


def label_sentences(sentences: list[str], min_evidence: float = MIN_EVIDENCE) -> list[str]:
    """The best order-respecting labelling (Viterbi over S<=T<=A<=R) that uses only evidenced parts.

    A part is evidenced when at least one sentence given that label carries cues for it worth `min_evidence`;
    a part given only by position is dropped and the sentences are labelled again without it, so a story with
    no Result is not handed one just because it has a last sentence."""
    if not sentences:
        return []
    n = len(sentences)
    cues = [cue_scores(s) for s in sentences]
    scores = [sentence_scores(s, i / max(1, n - 1) if n > 1 else 0.5) for i, s in enumerate(sentences)]
    allowed = PARTS
    while True:
        labels = _viterbi(scores, allowed)
        unevidenced = [p for p in set(labels) if max(c[p] for c, l in zip(cues, labels) if l == p) < min_evidence]
        if not unevidenced or len(allowed) == len(unevidenced):
            return labels
        weakest = min(unevidenced, key=lambda p: max(c[p] for c, l in zip(cues, labels) if l == p))
        allowed = tuple(p for p in allowed if p != weakest)


def analyze_star(sentences: list[Sentence], min_evidence: float = MIN_EVIDENCE) -> StarAnalysis:
    labels = label_sentences([s.text for s in sentences], min_evidence)
    total_words = sum(s.word_count for s in sentences) or 1
    parts = []
    for part in PARTS:
        chosen = [s for s, label in zip(sentences, labels) if label == part]
        if not chosen:
            continue
        starts = [s.start for s in chosen if s.start is not None]
        ends = [s.end for s in chosen if s.end is not None]
        parts.append(StarPart(
            part=part,
            text=" ".join(s.text for s in chosen),
            sentences=tuple(s.index for s in chosen),
            start=min(starts) if starts else None,
            end=max(ends) if ends else None,
            share=round(sum(s.word_count for s in chosen) / total_words, 3),
        ))
    cues = [cue_scores(s.text) for s in sentences]
    evidenced = {label for label, c in zip(labels, cues) if c[label] >= min_evidence}
    missing = tuple(p for p in PARTS if p not in evidenced)
    shares = {p.part: p.share for p in parts}
    thin = tuple(p for p, low in (("action", 0.3), ("result", 0.08), ("situation", 0.05)) if p in shares and shares[p] < low)
    action_tokens = tokens(" ".join(p.text for p in parts if p.part == "action"))
    result_text = " ".join(p.text for p in parts if p.part == "result")
    return StarAnalysis(
        labels=tuple(labels),
        parts=tuple(parts),
        missing=missing,
        thin=thin,
        action_i=sum(1 for t in action_tokens if t in {"i", "i'm", "i've", "i'd", "me", "my"}),
        action_we=sum(1 for t in action_tokens if t in {"we", "we're", "we've", "we'd", "us", "our"}),
        result_quantified=bool(_QUANTIFIED.search(result_text)),
        ends_on_result=bool(labels) and labels[-1] == "result",
    )
