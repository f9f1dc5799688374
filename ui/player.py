"""The marked-up transcript player: click a sentence to play the recording from there.

A small self-contained HTML/JS page in an iframe (st.iframe) holding the recording as a data URL. Every piece of
transcript text is escaped with html.escape; the only script is the fixed one below. The marks (fillers, hedges, long
pauses, STAR parts) all come from the analysis JSON; this module only lays them out.
"""

from __future__ import annotations

import base64
import html
from typing import Any

import streamlit as st

from voicemock.progress import number, records, section

STAR_COLOURS = {"situation": "#dbe8fb", "task": "#fbeed0", "action": "#d9f0e0", "result": "#f4dcef"}
_SENTENCE_END = (".", "?", "!")
_NEAR = 0.06  # seconds: a filler/hedge mark belongs to the word that starts this close to it

_CSS = """
body {font-family: "Source Sans Pro", -apple-system, "Segoe UI", sans-serif; color: #1c2330; margin: 0; font-size: 15px;}
audio {width: 100%; margin-bottom: .5rem;}
.legend {font-size: 12px; color: #5b6474; margin-bottom: .45rem;}
.legend span {margin-right: .8rem; white-space: nowrap;}
.text {line-height: 1.9;}
.s {cursor: pointer; border-radius: 4px; padding: 2px 0; box-decoration-break: clone; -webkit-box-decoration-break: clone;}
.s:hover {outline: 1px solid #9db4dc;}
.s.playing {outline: 2px solid #2457a6;}
.w.now {text-decoration: underline; text-decoration-thickness: 2px; text-decoration-color: #2457a6;}
.filler {color: #b3261e; font-weight: 600; text-decoration: line-through; text-decoration-color: #e0a39e;}
.hedge {border-bottom: 2px dotted #c77700;}
.pause {display: inline-block; font-size: 11px; color: #5b6474; background: #eef1f6; border-radius: 999px;
        padding: 0 6px; margin: 0 3px; vertical-align: 1px;}
.swatch {display: inline-block; width: 10px; height: 10px; border-radius: 2px; vertical-align: -1px; margin-right: 3px;}
"""

_SCRIPT = """
const audio = document.getElementById("vm-audio");
const sentences = Array.from(document.querySelectorAll(".s"));
const words = Array.from(document.querySelectorAll(".w"));
sentences.forEach(s => s.addEventListener("click", () => {
  audio.currentTime = parseFloat(s.dataset.start);
  audio.play();
}));
audio.addEventListener("timeupdate", () => {
  const t = audio.currentTime;
  sentences.forEach(s => s.classList.toggle("playing", !audio.paused && t >= +s.dataset.start && t < +s.dataset.end));
  words.forEach(w => w.classList.toggle("now", !audio.paused && t >= +w.dataset.start && t < +w.dataset.end));
});
"""


def _marks(items: Any) -> list[float]:
    return [number(i.get("start")) for i in records(items) if number(i.get("start")) is not None]


def _timed_words(items: Any) -> list[dict[str, Any]]:
    """The transcript's words, each with a start and an end: a word stored without times (an older or damaged file)
    takes the end of the word before it."""
    words, last = [], 0.0
    for w in records(items):
        start = number(w.get("start"))
        start = last if start is None else start
        end = number(w.get("end"))
        end = start if end is None else end
        words.append({**w, "start": start, "end": end})
        last = end
    return words


def _plain(text: str) -> str:
    return "".join(ch for ch in str(text).casefold() if ch.isalnum() or ch == "'")


def sentences(words: list[dict[str, Any]], timed: list[dict[str, Any]] | None = None) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Words grouped into the analysis's sentences (by time); without them, a word ending in . ? ! closes one."""
    spans = [{**s, "start": number(s.get("start")), "end": number(s.get("end"))} for s in records(timed)
             if number(s.get("start")) is not None and number(s.get("end")) is not None]
    if spans:
        groups: list[tuple[dict[str, Any], list[dict[str, Any]]]] = [(s, []) for s in spans]
        for w in words:
            mid = (float(w.get("start", 0)) + float(w.get("end", 0))) / 2
            best = min(range(len(spans)), key=lambda i: 0 if spans[i]["start"] <= mid <= spans[i]["end"]
                       else min(abs(mid - spans[i]["start"]), abs(mid - spans[i]["end"])))
            groups[best][1].append(w)
        return [(s, ws) for s, ws in groups if ws]
    out: list[list[dict[str, Any]]] = [[]]
    for w in words:
        out[-1].append(w)
        if str(w.get("word", "")).strip().endswith(_SENTENCE_END):
            out.append([])
    return [({"part": None}, ws) for ws in out if ws]


def _hedge_words(sentence_words: list[dict[str, Any]], phrases: list[str]) -> set[int]:
    """Positions (in the sentence) of the words that spell one of the hedge phrases."""
    plain = [_plain(w.get("word", "")) for w in sentence_words]
    marked: set[int] = set()
    for phrase in phrases:
        target = [t for t in (_plain(x) for x in str(phrase).split()) if t]
        for i in range(len(plain) - len(target) + 1):
            if target and plain[i:i + len(target)] == target:
                marked.update(range(i, i + len(target)))
    return marked


def transcript_html(card: dict[str, Any], audio: bytes, mime: str = "audio/wav") -> str:
    """The component's HTML: the audio player, a legend, and the transcript with escaped, clickable sentences."""
    transcript = section(card.get("transcript"))
    words = _timed_words(transcript.get("words"))
    fillers = _marks(card.get("fillers"))
    hedges = records(section(card.get("language")).get("hedges"))
    pauses = sorted(
        (number(p.get("start")), number(p.get("end")))
        for p in records(card.get("pauses"))
        if p.get("long", True) and number(p.get("start")) is not None and number(p.get("end")) is not None
    )
    timed = records(card.get("sentences"))

    body: list[str] = []
    if not words:
        body.append(f'<span class="s" data-start="0" data-end="1e9">{html.escape(str(transcript.get("text") or "(no speech heard)"))}</span>')
    pause_i = 0
    for sentence, sentence_words in sentences(words, timed):
        start, end = float(sentence_words[0]["start"]), float(sentence_words[-1]["end"])
        part = sentence.get("part") if isinstance(sentence.get("part"), str) else None
        hedged = _hedge_words(sentence_words, [h.get("phrase") or "" for h in hedges
                                               if h.get("sentence") in (None, sentence.get("index"))])
        tokens: list[str] = []
        for i, w in enumerate(sentence_words):
            ws, we = float(w.get("start", 0)), float(w.get("end", 0))
            while pause_i < len(pauses) and pauses[pause_i][0] <= ws:
                ps, pe = pauses[pause_i]
                tokens.append(f'<span class="pause" title="a long pause">pause {pe - ps:.1f} s</span> ')
                pause_i += 1
            classes = ["w"]
            if any(abs(ws - f) <= _NEAR for f in fillers):
                classes.append("filler")
            if i in hedged:
                classes.append("hedge")
            tokens.append(
                f'<span class="{" ".join(classes)}" data-start="{ws:.2f}" data-end="{we:.2f}">'
                f'{html.escape(str(w.get("word", "")).strip())} </span>'
            )
        style = f' style="background:{STAR_COLOURS[part]}"' if part in STAR_COLOURS else ""
        title = f"{part.capitalize()} · play from {start:.1f} s" if part in STAR_COLOURS else f"play from {start:.1f} s"
        body.append(f'<span class="s" data-start="{start:.2f}" data-end="{end:.2f}" title="{html.escape(title)}"{style}>'
                    + "".join(tokens) + "</span>")
    for ps, pe in pauses[pause_i:]:
        body.append(f'<span class="pause">pause {pe - ps:.1f} s</span> ')

    legend = (
        '<div class="legend"><span>Click a sentence to play from there.</span>'
        '<span><span class="filler">um</span> filler</span>'
        '<span><span class="hedge">maybe</span> hedge</span>'
        '<span><span class="pause">pause 2.0 s</span> long pause</span>'
        + "".join(f'<span><span class="swatch" style="background:{c}"></span>{html.escape(n.capitalize())}</span>'
                  for n, c in STAR_COLOURS.items())
        + "</div>"
    )
    data_url = f"data:{html.escape(mime)};base64,{base64.b64encode(audio).decode('ascii')}"
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{_CSS}</style></head><body>"
        f'<audio id="vm-audio" controls preload="metadata" src="{data_url}"></audio>'
        f'{legend}<div class="text">{"".join(body)}</div>'
        f"<script>{_SCRIPT}</script></body></html>"
    )


def transcript_player(card: dict[str, Any], audio: bytes, mime: str = "audio/wav") -> None:
    st.iframe(transcript_html(card, audio, mime), height="content")

