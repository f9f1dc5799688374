"""Is the story told with specifics? "There was one time with someone on my team, they were having some issues...
I talked to them... In the end things got a lot better" has every STAR part and tells nothing an interviewer can
weigh: no name, no number, no date, and "someone", "some issues", "things" instead. "Inability to provide concrete
examples" is a reason for rejection in the built-in guide, and such an answer scored 84 before this check.

A story is **vague** when it has no concrete detail at all (`concrete_details`: a number, a name or acronym said
mid-sentence, a date, a day, a month, a quarter, "two years ago") and at least `MIN_VAGUE_WORDS` vague references
(`vague_words`: someone, something, some issues, things, stuff, kind of, at some point...). Both parts matter: five of
the 47 published answers whose sources call them strong have no concrete detail either (they are short and plain:
"In my last role, a peer and I disagreed on project priorities"), but none of them uses a vague reference; the
published answers with the most vague references (3) have 25 concrete details. The word lists are English, not
fitted; I wrote them after reading a vague answer of my own, so what they catch is a development figure. Of the 128
published answers they flag one, unjudged by its source (hiring a friend, told with "someone" twice and no name,
number or date), and none of the 47 strong ones (a test checks them).
"""

from __future__ import annotations

import re

from .text import split_sentences

MIN_VAGUE_WORDS = 3

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
                     r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|"
                     r"half|double|twice|percent)\b", re.IGNORECASE)
_WHEN = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|"
                   r"july|august|september|october|november|december|spring|summer|autumn|winter|q[1-4]|quarter|"
                   r"ago|last (year|month|week|quarter))\b", re.IGNORECASE)
_VAGUE = re.compile(r"\b(someone|somebody|something|some (issues|things|problems|concerns|people|stuff|changes)|"
                    r"a few things|things|stuff|kind of|sort of|at some point|from time to time|a while|some time|"
                    r"certain)\b", re.IGNORECASE)
_NOT_A_NAME = {"I", "I'm", "I've", "I'd", "I'll", "OK", "Okay", "Um", "Uh", "UM", "UH"}
_WORD = re.compile(r"[A-Za-z][\w'’.-]*")


def concrete_details(text: str) -> list[str]:
    """Numbers, names and acronyms said mid-sentence, and dates or times of year, as heard."""
    found = []
    for sentence in split_sentences(text):
        words = [w.rstrip(".") for w in _WORD.findall(sentence)]
        found += [w for w in words[1:] if w and w not in _NOT_A_NAME and w[0].isupper()]
    return found + [m.group(0) for m in _NUMBER.finditer(text)] + [m.group(0) for m in _WHEN.finditer(text)]


def vague_words(text: str) -> list[str]:
    """The vague references of a text, in order ("someone", "some issues", "things")."""
    return [m.group(0).lower() for m in _VAGUE.finditer(text)]


def is_vague_story(sentences: list[str]) -> bool:
    """No concrete detail in the whole answer, and at least MIN_VAGUE_WORDS vague references."""
    text = " ".join(sentences)
    return not concrete_details(text) and len(vague_words(text)) >= MIN_VAGUE_WORDS
