"""Text helpers for analysis: words, sentences, and where each sentence sits in the recording."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..speech.transcript import Word, typed_text

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
    clean = typed_text(text)
    if not clean:
        return []
    return [p.strip() for p in _SENTENCE_END.split(clean) if p.strip()]


# A "sentence" longer than this is a run-on: a transcript or typed answer with few full stops ("so last year our
# rotation was burning people out and my manager asked me to fix it so what I did was ..."). It is cut into clauses
# before the analysis reads it, so that one sentence does not have to be situation, action and result at once.
# Written sentences are rarely this long: 19 of the 1,590 sentences of the published answers in ../shared/eval.
RUN_ON_WORDS = 40
MIN_CLAUSE_WORDS = 8  # a clause is cut off only when it, and what is left after it, has at least this many words
# Words that open a new clause of a story, and so where a run-on may be cut (also after a comma).
_CLAUSE_OPENERS = frozenset({"and", "so", "but", "then", "after", "afterwards", "eventually", "finally", "ultimately"})


def split_run_on(sentence: str) -> list[str]:
    """A sentence of more than RUN_ON_WORDS words cut into clauses: before "and", "so", "but", "then"... or after a
    comma, each clause at least MIN_CLAUSE_WORDS words long. Shorter sentences come back whole. The pieces keep every
    word of the sentence, in order."""
    raw = sentence.split()
    if len(tokens(sentence)) <= RUN_ON_WORDS:
        return [sentence]
    counts = [len(tokens(w)) for w in raw]
    pieces, start, in_piece, left = [], 0, 0, sum(counts)
    for i, word in enumerate(raw):
        if i > start and in_piece >= MIN_CLAUSE_WORDS and left >= MIN_CLAUSE_WORDS and (
                raw[i - 1].endswith(",") or word.lower().strip(",.;:") in _CLAUSE_OPENERS):
            pieces.append(" ".join(raw[start:i]))
            start, in_piece = i, 0
        in_piece += counts[i]
        left -= counts[i]
    pieces.append(" ".join(raw[start:]))
    return pieces


def sentences_with_times(text: str, words: list[Word]) -> list[Sentence]:
    """Sentences of the text (a run-on cut into clauses, `split_run_on`); with timed words, each sentence gets the
    start and end of its words."""
    out: list[Sentence] = []
    cursor = 0
    units = [piece for sentence in split_sentences(text) for piece in split_run_on(sentence)]
    for index, sentence in enumerate(units):
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
    """A rough suffix stripper, enough to match "strengths" with "strength". A word ending in "ss" keeps it, so
    "weakness" and "weaknesses" (and process, business, success) meet; before, "weakness" lost its last "s"."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ers", "ed", "es", "er", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not (suffix == "s" and word.endswith("ss")):
            return word[: -len(suffix)]
    return word


# Forms that the suffix stemmer cannot bring back to one base: irregular verbs, and the words of a theme that
# interview questions and answers write in different forms ("management" and "manager").
_WORD_FORMS = {
    "led": "lead", "leading": "lead", "leader": "lead", "leaders": "lead", "leadership": "lead",
    "made": "make", "chose": "choose", "chosen": "choose", "choice": "choose", "built": "build", "ran": "run",
    "taught": "teach", "brought": "bring", "fought": "fight", "grew": "grow", "grown": "grow", "growth": "grow",
    "hired": "hire", "hiring": "hire", "spoke": "speak", "thought": "think", "sought": "seek", "gave": "give",
    "decided": "decision", "decide": "decision", "decisions": "decision", "prioritized": "prioriti",
    "prioritised": "prioriti", "prioritize": "prioriti", "prioritise": "prioriti", "priorities": "prioriti",
    "priority": "prioriti", "prioritization": "prioriti", "prioritizing": "prioriti", "managed": "manag",
    "managing": "manag", "manage": "manag", "manager": "manag", "managers": "manag", "management": "manag",
    "failed": "fail", "failure": "fail", "failures": "fail", "failing": "fail", "mistakes": "mistake",
    "motivated": "motivat", "motivate": "motivat", "motivation": "motivat", "motivating": "motivat",
    "influenced": "influenc", "influence": "influenc", "influencing": "influenc", "scaled": "scale",
    "scaling": "scale", "scalable": "scale", "disagreed": "disagree", "disagreement": "disagree",
    "disagreements": "disagree", "conflicts": "conflict", "conflicting": "conflict", "mentored": "mentor",
    "mentoring": "mentor", "mentorship": "mentor", "underperforming": "underperform", "underperformance": "underperform",
    "fixed": "fix", "fixing": "fix", "engineers": "engineer", "engineering": "engineer",
}


def root(word: str) -> str:
    """One form for the variants of a word: irregular forms first, then the suffix stemmer, then a final "e" off, so
    that "challenge" and "challenging", "solve" and "solved", "issue" and "issues" meet."""
    word = word.lower().strip("'")
    word = word[:-2] if word.endswith("'s") else word  # "Coursera's" is "Coursera"
    base = _WORD_FORMS.get(word) or stem(word)
    return base[:-1] if len(base) > 4 and base.endswith("e") else base


def content_terms(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for token in tokens(text):
        if token not in STOPWORDS and len(token) > 2 and not token.isdigit():
            seen.setdefault(stem(token), None)
    return list(seen)
