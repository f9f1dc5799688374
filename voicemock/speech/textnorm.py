"""Text normalisation for word error rate: case, punctuation, hyphens, small numbers, common spellings."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
        "seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SPELLINGS = {"ok": "okay", "mr": "mister", "mrs": "missus", "dr": "doctor", "st": "saint", "percent": "percent",
              "%": "percent", "&": "and", "colour": "color", "favourite": "favorite", "centre": "center"}
_CONTRACTIONS = {"n't": " not", "'re": " are", "'ll": " will", "'ve": " have", "'m": " am", "'d": " would"}


def number_words(value: int) -> str:
    if value < 20:
        return _ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return _TENS[tens] + (f" {_ONES[ones]}" if ones else "")
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    if value < 10000 and value % 100 == 0:
        return f"{number_words(value // 100)} hundred"
    return " ".join(_ONES[int(d)] for d in str(value))


def normalize(text: str) -> str:
    """Lower case words only, numbers spelled out, so that 'Press 3.' and 'press three' compare equal."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"(\d),(\d{3})", r"\1\2", text)
    text = re.sub(r"(\d+)(st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"\d+", lambda m: f" {number_words(int(m.group()))} ", text)
    for short, full in _CONTRACTIONS.items():
        text = text.replace(short, full)
    text = text.replace("%", " percent ").replace("&", " and ")
    text = re.sub(r"[^a-z' ]+", " ", text).replace("'", "")
    return " ".join(_SPELLINGS.get(word, word) for word in text.split())


@dataclass(frozen=True)
class ErrorCounts:
    substitutions: int
    deletions: int
    insertions: int
    reference_words: int

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def wer(self) -> float:
        return self.errors / self.reference_words if self.reference_words else float(self.errors > 0)


def word_errors(reference: str, hypothesis: str) -> ErrorCounts:
    """Levenshtein alignment over normalised words."""
    ref, hyp = normalize(reference).split(), normalize(hypothesis).split()
    # each cell: (cost, substitutions, deletions, insertions)
    previous = [(j, 0, 0, j) for j in range(len(hyp) + 1)]
    for i, ref_word in enumerate(ref, start=1):
        current = [(i, 0, i, 0)]
        for j, hyp_word in enumerate(hyp, start=1):
            diagonal = previous[j - 1]
            same = ref_word == hyp_word
            options = [
                (diagonal[0] + (0 if same else 1), diagonal[1] + (0 if same else 1), diagonal[2], diagonal[3]),
                (previous[j][0] + 1, previous[j][1], previous[j][2] + 1, previous[j][3]),
                (current[j - 1][0] + 1, current[j - 1][1], current[j - 1][2], current[j - 1][3] + 1),
            ]
            current.append(min(options))
        previous = current
    _, subs, dels, ins = previous[-1]
    return ErrorCounts(subs, dels, ins, len(ref))


def wer(reference: str, hypothesis: str) -> float:
    return word_errors(reference, hypothesis).wer
