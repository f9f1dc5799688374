"""Sentence features for the STAR labeller: what the cue phrases know, position, tense and pronouns, word n-grams.

One function, `sentence_features`, turns the sentences of an answer into one sparse feature dict per sentence. The
same code runs when the model is fitted (`star_fit.py`, with scikit-learn) and when it is applied (`star.py`, numpy
only), so the shipped coefficients always meet the features they were fitted on.
"""

from __future__ import annotations

import math
import re

from .text import tokens

PARTS = ("situation", "task", "action", "result")

# "I <did something>": a first-person subject and a past-tense verb of doing (not of wanting, feeling or learning).
_NOT_DOING = ("needed|wanted|believed|hoped|liked|loved|noticed|realized|realised|learned|learnt|received|achieved|"
              "exceeded|earned|seemed|used to|had|was|felt|thought|knew|understood|saw|heard|became|got|agreed|"
              "appreciated|enjoyed|struggled|failed|missed|shipped|released|completed|finished|delivered")
_DOING = (r"\b(i|we)( (also|then|quickly|immediately|personally|carefully|respectfully|first|next|\w+ly))? "
          r"(?!(" + _NOT_DOING + r")\b)([a-z]{3,}ed|took|made|built|led|met|spoke|wrote|set|ran|brought|sent|gave|"
          r"told|found|began|chose|drew|kept|held|sought|taught|put|went|broke|did|rewrote|split|shut|cut|paid)\b")

# The same with "I" alone: a step the speaker took themselves (what the answer-level Action check looks for).
I_DID = re.compile(_DOING.replace(r"\b(i|we)", r"\b(i|i've|i'd)", 1), re.IGNORECASE)

# How others responded to what was done: a classic way to state a Result ("my manager appreciated ...").
_OTHERS_RESPONDED = (r"\b(manager|boss|client|customer|team|lead|director|stakeholders?|colleagues?|coworkers?|he|she|"
                     r"they)( \w+)? (appreciated|agreed|approved|praised|thanked|accepted|recogni[sz]ed|adopted|valued|"
                     r"was (happy|pleased|impressed|satisfied))\b")

# Cue phrases per part, from general STAR advice (what career pages teach people to say for each part). Each one is
# a feature of its own, and their weighted sum per part is another; the weights are the hand-set ones the first,
# rule-based labeller used, and the fitted model decides how much each is worth.
CUES: dict[str, list[tuple[str, float]]] = {
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
        (r"\b(to ensure|to make sure)\b", 0.6), (r"\bit was (crucial|important|essential|critical|vital|key) (to|that)\b", 1.5),
        (r"\bit was (up to me|my job)\b", 3.0), (r"\bi had to figure out\b", 2.0),
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
        (r"\bas a result\b", 4.0), (r"\b(the )?(result|outcome) (was|is)\b", 3.5), (r"\bin the end\b", 3.0),
        (r"\bat the end of (the|that)\b", 2.0),
        (r"\bultimately\b", 2.5), (r"\bended up\b", 1.5), (r"\b(led|leading) to\b", 1.5), (r"\bresulted in\b", 3.0),
        (r"\b(increased|reduced|improved|decreased|saved|grew|boosted|cut|doubled|tripled|exceeded|raised|dropped|fell|rose)\b", 1.5),
        (r"\b(shipped|went live|rolled out|takeaways?|lessons?)\b", 1.2), (r"\bzero\b", 0.8),
        (r"\b\d+(\.\d+)? ?(%|percent)", 2.0), (r"\$\s?\d", 1.5), (r"\b(successfully|success)\b", 1.2),
        (r"\b(was|were) (completed|delivered|launched|finished|resolved|praised|recognized|recognised|promoted|adopted)\b", 2.0),
        (r"\b(i|we) (learned|learnt|received|earned|won|achieved|met|hit|delivered|finished|completed)\b", 1.5),
        (r"\bsince then\b", 2.0), (r"\b(feedback|satisfaction|retention|revenue|on time|ahead of schedule)\b", 0.8),
        (r"\b(taught|teaches|showed) me\b", 2.5), (_OTHERS_RESPONDED, 2.5), (r"\bi('ve| have) (since|learned)\b", 2.0),
        (r"\b(in hindsight|looking back|going forward|from then on|to this day)\b", 2.0),
        (r"\bi (now|still) (\w+ )?(always|use|apply|make|ask|check|follow|implement|try)\b", 1.5),
        # What a failure story ends on: what it cost, how the plan fared, what the speaker took from it.
        (r"\bi (took|learned|learnt|took away|carried) .{0,20}\b(from|out of) (it|this|that|the experience)\b", 2.0),
        (r"\bcost (us|the company|the team|me|them)\b", 1.5), (r"\bi (no longer|never again)\b", 1.5),
        (r"\b(the|our|my) (rollout|launch|project|release|migration|plan|change|experiment|feature)( itself)? "
         r"(failed|slipped|succeeded|worked|paid off)\b", 2.0),
    ],
}
_COMPILED = {part: [(re.compile(p, re.IGNORECASE), w) for p, w in cues] for part, cues in CUES.items()}

_I = {"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself"}
_WE = {"we", "we're", "we've", "we'd", "we'll", "us", "our", "ours", "ourselves"}
_THEY = {"he", "she", "they", "them", "his", "her", "their", "he's", "she's", "they're"}
_PAST_BE = {"was", "were", "had", "been"}
_FUTURE = {"will", "would", "could", "should", "might", "i'll", "we'll", "i'd", "we'd"}
_PRESENT = {"am", "is", "are", "do", "does", "i'm", "we're", "always", "usually"}
_IRREGULAR_PAST = {"took", "made", "built", "led", "met", "spoke", "wrote", "set", "ran", "brought", "sent", "gave",
                   "told", "found", "began", "chose", "drew", "kept", "held", "sought", "taught", "put", "went",
                   "broke", "did", "split", "shut", "cut", "paid", "saw", "got", "became", "knew", "thought", "felt",
                   "won", "grew", "fell", "rose", "left", "lost", "came", "said", "heard", "understood"}
_NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred|"
                     r"thousand|million|percent|half|double|twice)\b", re.IGNORECASE)


def cue_scores(sentence: str) -> dict[str, float]:
    """The hand-set cue weight per part that a sentence carries (the sum over the cue phrases it matches)."""
    return {part: sum(w for pattern, w in _COMPILED[part] if pattern.search(sentence)) for part in PARTS}


def _one(sentence: str, position: float, index: int, count: int) -> dict[str, float]:
    words = tokens(sentence)
    n = max(1, len(words))
    f: dict[str, float] = {"bias_len": math.log1p(len(words)) / 4}
    for part in PARTS:
        total = 0.0
        for k, (pattern, weight) in enumerate(_COMPILED[part]):
            if pattern.search(sentence):
                f[f"cue:{part}:{k}"] = 1.0
                total += weight
        f[f"cue:{part}"] = total / 4
    # Where the sentence sits in the answer.
    f["pos"] = position
    f["pos2"] = position * position
    f[f"posbin:{min(4, int(position * 5))}"] = 1.0
    if index == 0:
        f["first"] = 1.0
    if index == count - 1:
        f["last"] = 1.0
    if index == 1:
        f["second"] = 1.0
    f["one_sentence"] = 1.0 if count == 1 else 0.0
    # Who acts, and when.
    f["pr:i"] = sum(w in _I for w in words) / n
    f["pr:we"] = sum(w in _WE for w in words) / n
    f["pr:they"] = sum(w in _THEY for w in words) / n
    f["t:ed"] = sum(w.endswith("ed") and len(w) > 4 for w in words) / n
    f["t:irregular"] = sum(w in _IRREGULAR_PAST for w in words) / n
    f["t:be_past"] = sum(w in _PAST_BE for w in words) / n
    f["t:future"] = sum(w in _FUTURE for w in words) / n
    f["t:present"] = sum(w in _PRESENT for w in words) / n
    f["num"] = 1.0 if _NUMBER.search(sentence) else 0.0
    if words and words[0] in _I:
        f["starts_i"] = 1.0
    if words and words[0] in _WE:
        f["starts_we"] = 1.0
    # Words: the opening two words, then unigrams and bigrams (binary).
    if words:
        f["open:" + " ".join(words[:2])] = 1.0
        f["open1:" + words[0]] = 1.0
    for w in words:
        f["w:" + w] = 1.0
    for a, b in zip(words, words[1:]):
        f["b:" + a + " " + b] = 1.0
    return f


def sentence_features(sentences: list[str]) -> list[dict[str, float]]:
    """One sparse feature dict per sentence of one answer (the position features need the whole answer)."""
    count = len(sentences)
    own = [_one(s, i / (count - 1) if count > 1 else 0.5, i, count) for i, s in enumerate(sentences)]
    out = []
    for i, features in enumerate(own):
        merged = dict(features)
        for side, j in (("prev", i - 1), ("next", i + 1)):
            if 0 <= j < count:
                for name, value in own[j].items():
                    if name.startswith(_CONTEXT):
                        merged[f"{side}:{name}"] = value
            else:
                merged[f"{side}:none"] = 1.0
        out.append(merged)
    return out


# What a sentence's neighbours lend it: their cue sums, pronouns and tense, and how they open.
_CONTEXT = ("cue:situation", "cue:task", "cue:action", "cue:result", "pr:", "t:", "num", "open1:", "starts_")


def is_vocabulary(name: str) -> bool:
    """Features that only enter the model when enough training sentences have them (words, bigrams, openings)."""
    return name.startswith(("w:", "b:", "open:", "open1:", "prev:open1:", "next:open1:"))
