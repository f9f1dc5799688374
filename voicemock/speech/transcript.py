"""The timed transcript that flows from speech recognition into analysis and storage."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

# Where a typed answer's lines are items of their own: a line that opens with a bullet or a number ("- ", "* ", "• ",
# "2. ", "3) "), or a blank line between paragraphs. Other line breaks are spaces (a hard-wrapped paragraph is one
# text). Whisper's transcripts have no line breaks.
_LINE_ITEM = re.compile(r"(?:\n[ \t]*)+(?:[-*\u2022\u2013]|\d{1,2}[.)])[ \t]+|\n[ \t]*\n\s*")


def typed_text(text: str) -> str:
    """Typed or pasted text on one line, each item of a list or paragraph ending a sentence: "- fixed the build\n-
    wrote tests" is "Fixed the build. Wrote tests." (one run-on sentence before). Text of one item keeps its words and
    punctuation as they are, with its whitespace collapsed."""
    items = [" ".join(item.split()) for item in _LINE_ITEM.split("\n" + text)]
    items = [item for item in items if item]
    if len(items) <= 1:
        return items[0] if items else ""
    items = [item[0].upper() + item[1:] for item in items]  # a sentence starts with a capital, as the splitter expects
    return " ".join(item if item[-1] in ".!?" else item + "." for item in items)


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float
    probability: float = 1.0


@dataclass(frozen=True)
class Segment:
    text: str
    start: float
    end: float
    words: tuple[Word, ...] = ()


@dataclass
class Transcript:
    """What was said, when. Times are seconds from the start of the recording."""

    text: str
    segments: list[Segment] = field(default_factory=list)
    duration: float = 0.0
    language: str = "en"
    model: str = ""
    speech_found: bool = True
    notes: list[str] = field(default_factory=list)

    @property
    def words(self) -> list[Word]:
        return [word for segment in self.segments for word in segment.words]

    @property
    def has_timing(self) -> bool:
        return bool(self.segments) and any(segment.words for segment in self.segments)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["words"] = [asdict(word) for word in self.words]
        return data

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        segments = [
            Segment(
                text=str(seg["text"]),
                start=float(seg["start"]),
                end=float(seg["end"]),
                words=tuple(Word(**{k: float(v) if k != "word" else str(v) for k, v in w.items()}) for w in seg.get("words", ())),
            )
            for seg in data.get("segments", [])
        ]
        return cls(
            text=str(data.get("text", "")),
            segments=segments,
            duration=float(data.get("duration", 0.0)),
            language=str(data.get("language", "en")),
            model=str(data.get("model", "")),
            speech_found=bool(data.get("speech_found", True)),
            notes=list(data.get("notes", [])),
        )

    @classmethod
    def from_json(cls, text: str) -> Transcript:
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_text(cls, text: str) -> Transcript:
        """A transcript with no timing, for analysing typed or pasted answers."""
        clean = typed_text(text)
        return cls(text=clean, segments=[], duration=0.0, model="text", speech_found=bool(clean))
