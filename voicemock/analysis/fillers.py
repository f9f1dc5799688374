"""Filler words: the sounds (um, uh, er, ah, hmm) and the phrases used as fillers, not their ordinary uses.

One filler is one use, however many words it has: "you know" and "I mean" count once. A "So" that opens a sentence
is not counted: Rev's transcript cleaners removed only 257 of 1,130 sentence-opening "so"s in the Rev16 podcasts
(bench/eval_coaching.py, fillers), so it is mostly a connective ("So we shipped it"), not a filler. A comma-set "Well,"
that opens a sentence is counted. "Basically" and "literally" always count; "actually" only when set off as a
discourse marker ("Actually, we...", "it was, actually, fine"), not when it carries meaning ("the bug was actually in
the cache"). Rev's cleaners keep nearly all three (they removed 6 of 175 "actually", 0 of 40 "basically", 4 of 37
"literally"), so counting them is a coaching choice, not a measured one.

Whisper leaves many fillers out of its transcripts (README: WER table), so every count is a lower bound, and every
surface that shows the count says so with `count_note()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..speech.transcript import Word

SOUND_FILLERS = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "ahh", "hmm", "hm", "mm", "mhm"})
_DETERMINERS = frozenset({"a", "the", "what", "this", "that", "some", "any", "every", "one", "which", "no", "another"})
_LIKE_VERBS = frozenset({"i", "you", "we", "they", "would", "to", "don't", "didn't", "do", "does", "really", "also",
                         "looks", "look", "looked", "seems", "seemed", "sounds", "sounded", "feel", "felt", "just",
                         "much", "things", "something", "anything", "nothing", "people", "more", "most"})
_YOU_KNOW_OBJECTS = frozenset({"that", "what", "how", "the", "a", "about", "why", "when", "where", "who", "if", "it",
                               "him", "her", "them", "this", "your", "my", "whether"})

_MEAN_OBJECTS = frozenset({"what", "it", "to", "that", "you", "business", "no", "well", "this", "them", "him", "her"})


@dataclass(frozen=True)
class Filler:
    word: str
    index: int  # token index in the answer
    start: float | None = None


@dataclass(frozen=True)
class Token:
    text: str
    pause_before: bool  # sentence start, or punctuation just before
    comma_after: bool
    start: float | None = None


_PIECES = re.compile(r"[A-Za-z0-9'’]+(?:-[A-Za-z0-9'’]+)*|[,.;:!?—]+|(?<=\s)-(?=\s)")


def tokens_from_text(text: str, start: float | None = None) -> list[Token]:
    pieces = _PIECES.findall(text)
    out: list[Token] = []
    for i, piece in enumerate(pieces):
        if not piece[0].isalnum():
            continue
        before = i == 0 or not pieces[i - 1][0].isalnum()
        after = i + 1 < len(pieces) and pieces[i + 1][0] in ",—-;"
        out.append(Token(piece.lower().replace("’", "'"), before, after, start))
    return out


def tokens_from_words(words: list[Word]) -> list[Token]:
    """Tokens of a timed transcript; punctuation glued to Whisper's words marks the breaks."""
    out: list[Token] = []
    ended = True
    for word in words:
        raw = word.word.strip()
        pieces = tokens_from_text(raw, round(float(word.start), 2))
        for j, token in enumerate(pieces):
            out.append(Token(token.text, ended if j == 0 else token.pause_before, token.comma_after, token.start))
        if pieces:
            ended = raw.endswith((".", "?", "!", ",", ";", ":", "—"))
    return out


def find_fillers(text: str = "", words: list[Word] | None = None) -> list[Filler]:
    """Filler uses, in order, with times when timed words are given. 'I like Python' is no filler; 'it was, like,
    huge' is."""
    spans = tokens_from_words(words) if words else tokens_from_text(text)
    return fillers_in(spans)


def fillers_in(spans: list[Token]) -> list[Filler]:
    words = [t.text for t in spans]
    found: list[Filler] = []
    i = 0
    while i < len(words):
        word, pause_before, comma_after = spans[i].text, spans[i].pause_before, spans[i].comma_after
        prev = words[i - 1] if i > 0 else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        after_next = words[i + 2] if i + 2 < len(words) else ""
        phrase = None
        if word in SOUND_FILLERS:
            phrase = word
        elif word == "like" and (comma_after or (pause_before and i > 0)) and prev not in _LIKE_VERBS:
            phrase = "like"
        elif word == "you" and nxt == "know" and (spans[i + 1].comma_after or not after_next or after_next not in _YOU_KNOW_OBJECTS) \
                and prev not in {"do", "did", "don't", "if", "as", "would", "will", "let", "so", "didn't", "now"}:
            phrase = "you know"
        elif word == "i" and nxt == "mean" and prev not in {"what", "that"} and (spans[i + 1].comma_after or (
                pause_before and after_next not in _MEAN_OBJECTS)):
            phrase = "i mean"
        elif word in {"sort", "kind"} and nxt == "of" and prev not in _DETERMINERS and after_next not in {"thing", "things", "person", "people", "like"}:
            phrase = f"{word} of"
        elif word in {"basically", "literally"} or (word == "actually" and (pause_before or comma_after)):
            phrase = word
        elif word == "well" and pause_before and comma_after:
            phrase = word
        if phrase:
            found.append(Filler(phrase, i, spans[i].start))
            i += len(phrase.split())
        else:
            i += 1
    return found


def count_note(count: int) -> str:
    """The filler count as every surface shows it: one sentence saying it is a lower bound."""
    noun = "filler" if count == 1 else "fillers"
    return f"{count} {noun} heard (Whisper leaves some out of its transcripts, so there may be more)"
