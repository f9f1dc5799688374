"""Text helpers for analysis: words, sentences, and where each sentence sits in the recording."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..transcript import Word

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’%$.-]*")

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours ourselves out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves tell describe time give example
    us me did do does""".split()
)


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    first_word: int  # index into the transcript's words (or token count for text-only)
    word_count: int
    start: float | None = None
    end: float | None = None


def tokens(text: str) -> list[str]:
    return [t.strip(".-").lower().replace("’", "'") for t in _WORD.findall(text) if t.strip(".-")]


def split_sentences(text: str) -> list[str]:
    clean = " ".join(text.split())
    if not clean:
        return []
    parts = [p.strip() for p in _SENTENCE_END.split(clean) if p.strip()]
    return parts


def sentences_with_times(text: str, words: list[Word]) -> list[Sentence]:
    """Sentences of the text; with timed words, each sentence gets the start and end of its words."""
    out: list[Sentence] = []
    cursor = 0
    for index, sentence in enumerate(split_sentences(text)):
        count = len(tokens(sentence))
        start = end = None
        if words and count:
            span = words[cursor: cursor + count]
            if span:
                start, end = float(span[0].start), float(span[-1].end)
        out.append(Sentence(index, sentence, cursor, count, start, end))
        cursor += count
    return out


def stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ers", "ed", "es", "er", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_terms(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for token in tokens(text):
        if token not in STOPWORDS and len(token) > 2 and not token.isdigit():
            seen.setdefault(stem(token), None)
    return list(seen)
