"""Language: hedges and weak phrases, repeated phrases, and how much of the question the answer addresses."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .text import STOPWORDS, content_terms, stem, tokens

HEDGES = (
    "i think", "i guess", "i feel like", "i suppose", "maybe", "perhaps", "probably", "possibly", "hopefully",
    "i'm not sure", "i am not sure", "not really sure", "might have", "somewhat", "a little bit", "i tried to",
    "i would say", "more or less", "i kind of", "we kind of", "i sort of", "just kind of", "to be honest",
)
_HEDGE = re.compile(r"\b(" + "|".join(re.escape(h) for h in HEDGES) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Hedge:
    phrase: str
    sentence: int


@dataclass(frozen=True)
class LanguageCheck:
    hedges: tuple[Hedge, ...]
    repeated_phrases: tuple[tuple[str, int], ...]
    question_terms: tuple[str, ...]
    terms_addressed: tuple[str, ...]

    @property
    def coverage(self) -> float | None:
        return round(len(self.terms_addressed) / len(self.question_terms), 2) if self.question_terms else None


def find_hedges(sentences: list[str]) -> list[Hedge]:
    return [Hedge(m.group(1).lower(), i) for i, s in enumerate(sentences) for m in _HEDGE.finditer(s)]


def repeated_phrases(text: str, sizes: tuple[int, ...] = (4, 3), min_count: int = 3) -> list[tuple[str, int]]:
    """Phrases of 3-4 words said at least `min_count` times (not counting phrases made only of small words)."""
    words = tokens(text)
    found: list[tuple[str, int]] = []
    covered: set[str] = set()
    for size in sizes:
        grams = Counter(" ".join(words[i: i + size]) for i in range(len(words) - size + 1))
        for gram, count in grams.most_common():
            if count < min_count:
                break
            if all(w in STOPWORDS for w in gram.split()) or any(gram in longer for longer in covered):
                continue
            found.append((gram, count))
            covered.add(gram)
    return found[:5]


def analyze_language(question_text: str, answer_text: str, sentences: list[str]) -> LanguageCheck:
    surface: dict[str, str] = {}
    for token in tokens(question_text):
        surface.setdefault(stem(token), token)
    terms = [surface.get(t, t) for t in content_terms(question_text)]
    answer_stems = {stem(t) for t in tokens(answer_text)}
    return LanguageCheck(
        hedges=tuple(find_hedges(sentences)),
        repeated_phrases=tuple(repeated_phrases(answer_text)),
        question_terms=tuple(terms),
        terms_addressed=tuple(t for t in terms if stem(t) in answer_stems),
    )
