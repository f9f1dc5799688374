"""The marked-up transcript player: click a sentence to play the recording from there.

A small self-contained HTML/JS component (st.components.v1.html) holding the recording as a data URL. Every piece of
transcript text is escaped with html.escape; the only script is the fixed one below. The marks (fillers, hedges, long
pauses, STAR parts) all come from the analysis JSON; this module only lays them out.
"""

from __future__ import annotations

import base64
import html
from typing import Any

import streamlit.components.v1 as components

STAR_COLOURS = {"situation": "#dbe8fb", "task": "#fbeed0", "action": "#d9f0e0", "result": "#f4dcef"}
_SENTENCE_END = (".", "?", "!")
_NEAR = 0.06  # seconds: a filler/hedge mark belongs to the word that starts this close to it

_CSS = """
body {font-family: "Source Sans Pro", -apple-system, "Segoe UI", sans-serif; color: #1c2330; margin: 0; font-size: 15px;}
audio {width: 100%; margin-bottom: .5rem;}
.legend {font-size: 12px; color: #5b6474; margin-bottom: .45rem;}
.legend span {margin-right: .8rem; white-space: nowrap;}
.text {line-height: 1.9;}
.s {cursor: pointer; border-radius: 4px; padding: 1px 0;}
.s:hover {outline: 1px solid #9db4dc;}
.s.playing {outline: 2px solid #2457a6;}
.w.now {text-decoration: underline; text-decoration-thickness: 2px; text-decoration-color: #2457a6;}
.filler {color: #b3261e; font-weight: 600; background: #fde7e5; border-radius: 3px; padding: 0 2px;}
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


def _marks(items: list[dict[str, Any]] | None) -> list[float]:
    return [float(i.get("start", -1)) for i in items or [] if isinstance(i, dict)]


def _part_at(parts: list[dict[str, Any]], t: float) -> str | None:
    for p in parts:
        if float(p.get("start", 0)) - 0.01 <= t <= float(p.get("end", 0)) + 0.01:
            return str(p.get("part"))
    return None


def sentences(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped into sentences (a word ending in . ? ! closes one)."""
    out: list[list[dict[str, Any]]] = [[]]
    for w in words:
        out[-1].append(w)
        if str(w.get("word", "")).strip().endswith(_SENTENCE_END):
            out.append([])
    return [s for s in out if s]


def transcript_html(card: dict[str, Any], audio: bytes, mime: str = "audio/wav") -> str:
    """The component's HTML: the audio player, a legend, and the transcript with escaped, clickable sentences."""
    transcript = card.get("transcript") or {}
    words = [w for w in transcript.get("words") or [] if isinstance(w, dict)]
    fillers = _marks(card.get("fillers"))
    hedges = _marks(card.get("hedges"))
    pauses = sorted(
        (float(p.get("start", 0)), float(p.get("end", 0))) for p in card.get("pauses") or [] if isinstance(p, dict)
    )
    parts = list((card.get("star") or {}).get("parts") or [])

    body: list[str] = []
    if not words:
        body.append(f'<span class="s" data-start="0" data-end="1e9">{html.escape(transcript.get("text") or "(no speech heard)")}</span>')
    pause_i = 0
    for sentence in sentences(words):
        start, end = float(sentence[0]["start"]), float(sentence[-1]["end"])
        tokens: list[str] = []
        for w in sentence:
            ws, we = float(w.get("start", 0)), float(w.get("end", 0))
            while pause_i < len(pauses) and pauses[pause_i][0] <= ws:
                ps, pe = pauses[pause_i]
                tokens.append(f'<span class="pause" title="a long pause">pause {pe - ps:.1f} s</span> ')
                pause_i += 1
            classes = ["w"]
            if any(abs(ws - f) <= _NEAR for f in fillers):
                classes.append("filler")
            if any(abs(ws - h) <= _NEAR for h in hedges):
                classes.append("hedge")
            part = _part_at(parts, (ws + we) / 2)
            style = f' style="background:{STAR_COLOURS[part]}"' if part in STAR_COLOURS and "filler" not in classes else ""
            tokens.append(
                f'<span class="{" ".join(classes)}" data-start="{ws:.2f}" data-end="{we:.2f}"{style}>'
                f'{html.escape(str(w.get("word", "")).strip())} </span>'
            )
        body.append(f'<span class="s" data-start="{start:.2f}" data-end="{end:.2f}" title="play from {start:.1f} s">'
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
    text = (card.get("transcript") or {}).get("text") or ""
    lines = max(1, (len(text) + 12 * len(card.get("pauses") or [])) // 120 + 1)
    components.html(transcript_html(card, audio, mime), height=min(100 + 30 * lines, 640), scrolling=True)

