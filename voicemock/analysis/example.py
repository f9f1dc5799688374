"""Does the answer tell a specific time? A STAR answer is a story: something happened, at some point, and the speaker
did something about it. "I'm a great team player and I always communicate well" has no Situation, Action or Result,
however its sentences read one by one, and neither has "I'd sit down with them and talk it through".

The check is on the whole answer, so a word or two that the transcriber mishears ("I led" heard as "I lent") does not
decide it. An answer tells an example when it has at least `MIN_PAST_WORDS` past-tense verbs (was, had, took,
decided...; not after "have", "am" or "would": "I've always failed forward" and "I'm motivated" tell no event) or a
phrase that places it in time or in one job ("at my last job", "in my current role", "two years ago", "one day",
a year, a day of the week, "a time I..."). A story told in the present tense has those ("so at my last job we have
this outage and I get everyone on a call"), or a particular person doing something now, each counted as a past verb
is ("my director comes to me and says...", "he picks the core"; `_NARRATIVE_PRESENT`).

Every published answer in `../shared/eval` whose source calls it strong or gives no judgement (110) tells one, each
with at least four past-tense verbs; four of the 18 weak ones tell none (`bench/eval_star.py` counts them). The word
lists are English grammar, not fitted; they were written after reading the weak answers, so the weak count is a
development figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .star_features import _IRREGULAR_PAST
from .text import tokens

MIN_PAST_WORDS = 2

# Past forms that are also present forms ("I always put users first") or are mostly adjectives after a noun.
_AMBIGUOUS = {"set", "put", "cut", "split", "shut", "hit", "let", "read", "quit", "spread", "cost", "hurt", "bet"}
_ADJECTIVES = {"interested", "excited", "motivated", "dedicated", "experienced", "skilled", "detailed", "advanced",
               "based", "related", "organized", "organised", "focused", "committed", "talented", "qualified",
               "balanced", "automated", "need", "speed", "indeed", "succeed", "proceed", "exceed"}
_PAST = {"was", "were", "had", "did", "didn't", "wasn't", "weren't", "hadn't", "couldn't"} | (
    _IRREGULAR_PAST - _AMBIGUOUS)
# After these a past form is a participle or an adjective: it tells no event ("I've failed", "I'm motivated").
_NOT_AFTER = {"have", "has", "i've", "we've", "you've", "they've", "am", "is", "are", "i'm", "we're", "you're",
              "they're", "be", "been", "being", "get", "gets", "would", "will", "i'd", "we'd", "to", "it's", "that's"}
_ANCHOR = re.compile(
    r"\b(last (year|month|week|quarter|summer|spring|fall|autumn|winter|job|role|company|team|position|project)|"
    r"(my|our) (previous|former|prior|first|old|current) (job|role|company|team|position|employer|manager|project|"
    r"internship)|when i (was|worked|joined|started)|ago|one (time|day|morning|evening|week)|there was (a|this|one) "
    r"time|back (then|when|in)|(19|20)\d\d|at the time|"
    # The speaker announces one story: "I'm going to talk about a time I had to...", "this one time".
    r"(about|was|is|there's|remember) (a|one|this|the) time (when |that )?(i|we|my|our)|this one time|picture this|"
    # One day of the week, or part of one ("it's a Friday night", "the deploy from that afternoon"): not "on Mondays".
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)|that (morning|afternoon|evening|night|weekend))\b",
    re.IGNORECASE)
# A story told in the present tense ("my director comes to me and says...", "he picks the core"): a particular other
# person doing something now. Each such event counts as a past verb does; habits name people in general ("a good
# manager listens"), not "he" or "my director".
_NARRATIVE_PRESENT = re.compile(
    r"\b(he|she|my (manager|director|boss|lead|vp|cto|ceo|client|customer|colleague|teammate|coworker|peer|pm|"
    r"product manager)|the (client|customer)) (then |just |finally |immediately )?"
    r"(?P<verb>comes|says|asks|tells|calls|wants|picks|agrees|decides|replies|pushes|insists|messages|pings|emails|"
    r"walks|shows|points|looks|goes|gets|"
    r"realizes)\b", re.IGNORECASE)
# What an answer that tells no example sounds like: habits, beliefs and hypotheticals (the sentence a tip quotes).
_GENERIC = re.compile(r"\b(always|usually|normally|typically|generally|tend to|would|i'd|should|you have to|"
                      r"i (think|believe|feel)|i'm (a|an|very|really|not)|i am)\b", re.IGNORECASE)
# Questions that ask for one specific time ("Tell me about a time...", "Describe a situation where...").
_ASKS = re.compile(
    r"\b(a time|an? (example|instance|occasion|situation|moment|case) (when|where|in which|of|that)|"
    r"(tell|talk) (me|us) about an? (time|situation|project|moment|conflict|mistake|failure|decision|challenge)|"
    r"describe an? (time|situation|moment|project|conflict|mistake|failure|decision|challenge)|"
    r"give (me |us )?an example|have you ever|walk (me|us) through an?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Example:
    told: bool
    past: tuple[str, ...]  # the past-tense verbs heard, in order
    anchor: str | None  # the first phrase that places the answer in time
    sentence: int  # the sentence that shows it: the anchor's or first past verb's, or (none told) the most generic one


def asks_for_example(question_text: str) -> bool:
    """Whether the question asks for one specific time ("Tell me about a time...", "Describe a situation where...")."""
    return bool(_ASKS.search(question_text or ""))


def past_words(text: str) -> list[str]:
    """The verbs that tell an event: past forms, and present ones with a particular person as their subject
    (`_NARRATIVE_PRESENT`, as "comes" in "my director comes to me")."""
    words = tokens(text)
    past = [w for i, w in enumerate(words) if (i == 0 or words[i - 1] not in _NOT_AFTER)
            and (w in _PAST or (w.endswith("ed") and len(w) > 4 and w not in _ADJECTIVES))]
    return past + [m.group("verb") for m in _NARRATIVE_PRESENT.finditer(text)]


def find_example(sentences: list[str]) -> Example:
    """Whether these sentences (one answer) tell a specific time, and the sentence that shows it, or does not."""
    past: list[str] = []
    anchor, shown = None, None
    for i, text in enumerate(sentences):
        found = past_words(text)
        match = _ANCHOR.search(text.replace("’", "'"))
        if anchor is None and match:
            anchor = match.group(0)
        if shown is None and (found or match):
            shown = i
        past += found
    told = len(past) >= MIN_PAST_WORDS or anchor is not None
    if not told:
        shown = next((i for i, text in enumerate(sentences) if _GENERIC.search(text.replace("’", "'"))), 0)
    return Example(told=told, past=tuple(past), anchor=anchor, sentence=shown or 0)


def example_told(star: dict | None) -> bool:
    """Whether a stored STAR analysis found a specific time told (analyses from before the check count as told)."""
    example = star.get("example") if isinstance(star, dict) else None
    return not (isinstance(example, dict) and example.get("told") is False)
