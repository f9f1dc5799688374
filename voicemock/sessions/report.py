"""Exports of a session (Markdown, one self-contained HTML file, JSON) and of transcripts (TXT, SRT, WebVTT).

Every piece of user or model text that lands in HTML (or Markdown, which may carry HTML) goes through html.escape.
"""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass
from typing import Any

from ..errors import VoicemockError
from ..format import (answered, clock, description, dimension, kind, percent, score, star_part, verdict, when, wpm)
from ..format import number as decimal
from ..interview.guides import guide_label
from ..speech.transcript import Transcript, Word
from .progress import MISSING, is_long_pause, number, records, section
from .store import AnswerRecord, DamagedFileError, Store, plan_to_dict
from .summary import summarize_session

SESSION_FORMATS = ("md", "html", "json", "txt")
TRANSCRIPT_FORMATS = ("txt", "srt", "vtt")
CUE_MAX_S = 7.0
CUE_MAX_CHARS = 84
LINE_CHARS = 42
CUE_GAP_S = 1.0


class ExportError(VoicemockError):
    pass


def esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


# --------------------------------------------------------------------------- subtitles


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def cues(transcript: Transcript) -> list[Cue]:
    """Subtitle cues: from word timings when there are any (short, readable cues), else one per segment."""
    words = transcript.words
    if not words:
        return [Cue(s.start, s.end, s.text.strip()) for s in transcript.segments if s.text.strip()]
    found: list[Cue] = []
    group: list[Word] = []
    for word in words:
        if group and _breaks(group, word):
            found.append(_cue(group))
            group = []
        group.append(word)
    if group:
        found.append(_cue(group))
    return found


def _breaks(group: list[Word], word: Word) -> bool:
    text = _join(group + [word])
    return (word.start - group[-1].end > CUE_GAP_S or word.end - group[0].start > CUE_MAX_S
            or len(text) > CUE_MAX_CHARS or group[-1].word.rstrip().endswith((".", "?", "!")) and len(_join(group)) > 30)


def _join(words: list[Word]) -> str:
    return "".join(w.word for w in words).strip() if any(w.word.startswith(" ") for w in words) else " ".join(
        w.word.strip() for w in words)


def _cue(group: list[Word]) -> Cue:
    return Cue(group[0].start, max(group[-1].end, group[0].start + 0.2), _join(group))


def _wrap(text: str) -> str:
    """Two balanced lines when a cue is longer than one subtitle line."""
    if len(text) <= LINE_CHARS:
        return text
    middle = len(text) // 2
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1:]


def _stamp(seconds: float, separator: str) -> str:
    millis = max(0, int(round(seconds * 1000)))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def to_srt(transcript: Transcript) -> str:
    blocks = [f"{n}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{_wrap(c.text)}\n"
              for n, c in enumerate(cues(transcript), start=1)]
    return "\n".join(blocks)


def _vtt_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(transcript: Transcript) -> str:
    blocks = [f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{_vtt_text(_wrap(c.text))}\n" for c in cues(transcript)]
    return "WEBVTT\n\n" + "\n".join(blocks)


def to_txt(transcript: Transcript) -> str:
    return (transcript.text.strip() + "\n") if transcript.text.strip() else ""


def transcript_export(transcript: Transcript, fmt: str) -> str:
    if fmt not in TRANSCRIPT_FORMATS:
        raise ExportError(f"transcripts export as {', '.join(TRANSCRIPT_FORMATS)}, not {fmt!r}")
    return {"txt": to_txt, "srt": to_srt, "vtt": to_vtt}[fmt](transcript)


# --------------------------------------------------------------------------- session data


@dataclass(frozen=True)
class AnswerView:
    record: AnswerRecord
    transcript: Transcript | None
    analysis: dict[str, Any] | None
    problem: str | None  # one line when its files are damaged or it was never processed


def answer_views(store: Store, session_id: str) -> list[AnswerView]:
    views = []
    for answer in store.answers(session_id):
        try:
            transcript, analysis = store.load_transcript(answer), store.load_analysis(answer)
            problem = None if analysis is not None else (answer.error or "not processed yet: run `voicemock repair`")
        except DamagedFileError as error:
            transcript, analysis, problem = None, None, str(error)
        views.append(AnswerView(answer, transcript, analysis, problem))
    return views


def session_data(store: Store, session_id: str) -> dict[str, Any]:
    session = store.get_session(session_id)
    plan = store.session_plan(session.id)
    views = answer_views(store, session.id)
    summary = summarize_session(store, session.id)  # best takes; follow-up answers are not takes
    return {
        "format": 1,
        "session": {"id": session.id, "title": session.title, "guide": session.guide,
                    "guide_title": session.guide_title, "mode": session.mode, "description": session.description,
                    "created_at": session.created_at,
                    "guide_label": session.guide_title or guide_label(session.guide, store.data)},
        "plan": plan_to_dict(plan),
        "summary": summary.to_dict(),
        "answers": [_answer_dict(v) for v in views],
    }


def answer_heading(a: dict[str, Any], answers: list[dict[str, Any]]) -> str:
    """"Answer", or "Attempt N" (N counts the question's takes; "best take" on the one that counts), or
    "Follow-up: <the interviewer's follow-up>" for the answer to a follow-up."""
    if a.get("follow_up"):
        return f"Follow-up: {a['follow_up']}"
    if sum(1 for x in answers if not x.get("follow_up")) < 2:
        return "Answer"
    return f"Attempt {take_number(a, answers)}" + (" (best take)" if a.get("best") else "")


def take_number(a: dict[str, Any], answers: list[dict[str, Any]]) -> int:
    """The answer's number among its question's takes (follow-up answers are not takes)."""
    takes = [x for x in answers if not x.get("follow_up")]
    return next((i for i, x in enumerate(takes, start=1) if x is a), a["attempt"])


def _answer_dict(view: AnswerView) -> dict[str, Any]:
    a = view.record
    return {"id": a.id, "position": a.position, "attempt": a.attempt, "question_id": a.question_id,
            "question": a.question_text, "kind": a.kind, "source": a.source, "original_name": a.original_name,
            "created_at": a.created_at, "status": a.status, "model": a.model, "audio_file": a.audio_path.name,
            "problem": view.problem, "transcript": view.transcript.to_dict() if view.transcript else None,
            "analysis": view.analysis, "best": a.best, "follow_up": a.probe, "follows": a.follows}


def export_session(store: Store, session_id: str, fmt: str) -> str:
    if fmt not in SESSION_FORMATS:
        raise ExportError(f"sessions export as {', '.join(SESSION_FORMATS)}, not {fmt!r}")
    data = session_data(store, session_id)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "txt":
        return to_session_txt(data)
    if fmt == "md":
        return to_markdown(data)
    return to_html(data, {v.record.id: v.record for v in answer_views(store, data["session"]["id"])})


# --------------------------------------------------------------------------- marked transcript


@dataclass(frozen=True)
class Token:
    text: str
    filler: bool = False
    pause_s: float | None = None  # a long pause (this token is the pause marker)


def marked_tokens(transcript: Transcript | None, analysis: dict[str, Any] | None) -> list[Token]:
    """The words in order, fillers flagged, long pauses inserted where they fall."""
    words = transcript.words if transcript else []
    if not words:
        text = (transcript.text if transcript else "") or section(section(analysis).get("transcript")).get("text") or ""
        return [Token(str(text))] if text else []
    analysis = section(analysis)
    filler_starts = [number(f.get("start")) for f in records(analysis.get("fillers")) if number(f.get("start")) is not None]
    pauses = sorted((number(p.get("start")), number(p.get("end"))) for p in records(analysis.get("pauses"))
                    if is_long_pause(p) and number(p.get("start")) is not None and number(p.get("end")) is not None)
    tokens: list[Token] = []
    for word in words:
        while pauses and pauses[0][0] <= word.start:
            start, end = pauses.pop(0)
            tokens.append(Token("", pause_s=round(end - start, 1)))
        tokens.append(Token(word.word.strip(), filler=any(abs(word.start - s) < 0.05 for s in filler_starts)))
    tokens.extend(Token("", pause_s=round(end - start, 1)) for start, end in pauses)
    return tokens


def _tokens_md(tokens: list[Token]) -> str:
    parts = []
    for t in tokens:
        if t.pause_s is not None:
            parts.append(f"*[pause {t.pause_s:.1f} s]*")
        elif t.filler:
            parts.append(f"**{_md(t.text)}**")
        else:
            parts.append(_md(t.text))
    return " ".join(parts)


_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _md(text: Any) -> str:
    """User text in Markdown, as a person reads it: raw HTML and emphasis neutralised with backslashes (no HTML
    entities: "People Management & Leadership" stays as written)."""
    out = str(text if text is not None else "")
    out = out.replace("\\", "\\\\")
    for ch in "*_`<>[]#|":
        out = out.replace(ch, "\\" + ch)
    return _ENTITY.sub(lambda m: "\\&" + m.group(0)[1:], out)


# --------------------------------------------------------------------------- the transcript with its marks

STAR_COLOURS = {"situation": "#dbe8fb", "task": "#fbeed0", "action": "#d9f0e0", "result": "#f4dcef"}
_SENTENCE_END = (".", "?", "!")
_NEAR = 0.06  # seconds: a filler/hedge mark belongs to the word that starts this close to it


def _plain(text: str) -> str:
    return "".join(ch for ch in str(text).casefold() if ch.isalnum() or ch == "'")


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


def sentence_groups(words: list[dict[str, Any]], timed: list[dict[str, Any]] | None = None
                    ) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
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


def marked_transcript_html(card: dict[str, Any]) -> str:
    """The transcript as escaped, clickable sentences (class "s", data-start/end), STAR parts as background colours,
    fillers, hedges and long pauses marked. Shared by the Review player and the HTML export."""
    transcript = section(card.get("transcript"))
    words = _timed_words(transcript.get("words"))
    fillers = [number(f.get("start")) for f in records(card.get("fillers")) if number(f.get("start")) is not None]
    hedges = records(section(card.get("language")).get("hedges"))
    pauses = sorted((number(p.get("start")), number(p.get("end"))) for p in records(card.get("pauses"))
                    if p.get("long", True) and number(p.get("start")) is not None and number(p.get("end")) is not None)
    timed = records(card.get("sentences"))

    body: list[str] = []
    if not words:
        body.append(f'<span class="s" data-start="0" data-end="1e9">{esc(transcript.get("text") or "(no speech heard)")}</span>')
    pause_i = 0
    for sentence, sentence_words in sentence_groups(words, timed):
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
            tokens.append(f'<span class="{" ".join(classes)}" data-start="{ws:.2f}" data-end="{we:.2f}">'
                          f'{esc(str(w.get("word", "")).strip())} </span>')
        style = f' style="background:{STAR_COLOURS[part]}"' if part in STAR_COLOURS else ""
        where = f"play from {clock(start)}"
        title = f"{star_part(part)} · {where}" if part in STAR_COLOURS else where
        body.append(f'<span class="s" data-start="{start:.2f}" data-end="{end:.2f}" title="{esc(title)}"{style}>'
                    + "".join(tokens) + "</span>")
    for ps, pe in pauses[pause_i:]:
        body.append(f'<span class="pause">pause {pe - ps:.1f} s</span> ')
    return "".join(body)


def legend_html() -> str:
    return ('<div class="legend"><span>Click a sentence to play from there.</span>'
            '<span><span class="filler">um</span> filler</span>'
            '<span><span class="hedge">maybe</span> hedge</span>'
            '<span><span class="pause">pause 2.0 s</span> long pause</span>'
            + "".join(f'<span><span class="swatch" style="background:{c}"></span>{esc(star_part(n))}</span>'
                      for n, c in STAR_COLOURS.items())
            + "</div>")


TRANSCRIPT_CSS = """
.legend {font-size: 12px; color: #5b6474; margin: .3rem 0 .45rem 0;}
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

# One fixed script: each block (".vm-answer") pairs its <audio> with its sentences. No user text is in it.
PLAYER_SCRIPT = """
document.querySelectorAll(".vm-answer").forEach(block => {
  const audio = block.querySelector("audio");
  if (!audio) return;
  const sentences = Array.from(block.querySelectorAll(".s"));
  const words = Array.from(block.querySelectorAll(".w"));
  sentences.forEach(s => s.addEventListener("click", () => {
    audio.currentTime = parseFloat(s.dataset.start);
    audio.play();
  }));
  audio.addEventListener("timeupdate", () => {
    const t = audio.currentTime;
    sentences.forEach(s => s.classList.toggle("playing", !audio.paused && t >= +s.dataset.start && t < +s.dataset.end));
    words.forEach(w => w.classList.toggle("now", !audio.paused && t >= +w.dataset.start && t < +w.dataset.end));
  });
});
"""


# --------------------------------------------------------------------------- what an answer came to, in words


def _length_line(analysis: dict[str, Any]) -> str:
    budget = section(analysis.get("budget"))
    if number(analysis.get("duration_s")) is None:
        return MISSING
    line = clock(analysis.get("duration_s"))
    if number(budget.get("target_s")) is not None:
        line += f" against a target of {clock(budget.get('target_s'))}"
    return line + (f" ({verdict(budget['verdict'])})" if isinstance(budget.get("verdict"), str) and budget["verdict"] else "")


def _texts(value: Any) -> list[str]:
    """The strings of a list read from a stored document (tips, missing parts): nulls and non-strings left out."""
    return [v for v in value if isinstance(v, str) and v] if isinstance(value, list) else []


def _structure_line(analysis: dict[str, Any]) -> tuple[str, str] | None:
    from ..analysis.render import checklist_line, star_line

    star = section(analysis.get("star"))
    if star and (records(star.get("parts")) or _texts(star.get("missing"))):
        return "STAR", star_line(star)  # the terminal's line: parts present and missing, read from one field
    structure = section(analysis.get("structure"))
    if records(structure.get("steps")):
        return "Structure", checklist_line({"steps": records(structure.get("steps"))})
    return None


def _facts(analysis: dict[str, Any]) -> list[tuple[str, str]]:
    """The answer's main figures as (name, words), in the formats every surface uses: warnings about speech not
    heard first, then the overall score with what capped it."""
    from ..analysis.fillers import count_note
    from ..analysis.heard import quiet_message, unheard_message

    long_pauses = sum(1 for p in records(analysis.get("pauses")) if is_long_pause(p))
    per_min = number(analysis.get("fillers_per_min"))
    unreliable = _texts(analysis.get("unreliable"))
    check = section(analysis.get("audio_check")) or None
    facts = [("Warning", m) for m in (unheard_message(check), quiet_message(check)) if m]
    value = number(analysis.get("overall"))
    caps = "; ".join(c["text"] for c in records(analysis.get("caps")) if isinstance(c.get("text"), str) and c["text"])
    if value is not None:
        facts.append(("Overall", score(value) + (f" ({caps})" if caps else "")))
    elif unreliable:
        facts.append(("Overall", "not scored: part of the speech was not transcribed"))
    fillers = len(records(analysis.get("fillers")))
    facts += [
        ("Length", _length_line(analysis)),
        ("Pace", wpm(analysis.get("wpm")) if "pacing" not in unreliable else "not scored"),
        ("Fillers", (count_note(fillers) + (f"; {decimal(per_min, 1)} per minute" if per_min is not None else ""))
         if "fillers" not in unreliable else "not counted"),
        ("Long pauses", str(long_pauses)),
    ]
    structure = _structure_line(analysis)
    if structure and "structure" not in unreliable:
        facts.append(structure)
    if unreliable:
        facts.append(("Not scored", ", ".join(dimension(u).lower() for u in unreliable)
                      + " (part of the speech was not transcribed)"))
    return facts


def _tips(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    details = [t for t in records(analysis.get("tip_details")) if isinstance(t.get("text"), str) and t.get("text")]
    return details or [{"text": t} for t in _texts(analysis.get("tips"))]


def _questions(data: dict[str, Any]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    answers = data["answers"]
    return [(q, [a for a in answers if a["position"] == q["position"]]) for q in data["plan"]["questions"]]


def _question_meta(question: dict[str, Any]) -> str:
    budget = question.get("budget") or {}
    return " · ".join(x for x in (question.get("round_name") or "", kind(question.get("kind")),
                                   f"target {clock(budget.get('target_s'))}") if x)


def _session_meta(s: dict[str, Any]) -> list[str]:
    """Guide, what the sitting was (unless the title says it already) and when, as a person reads them."""
    about = description(s["description"])
    return [x for x in (s.get("guide_label") or s["guide_title"] or "", about if about != s["title"] else "",
                        when(s["created_at"])) if x]


def _summary_line(summary: dict[str, Any]) -> str:
    line = f"{answered(summary['answered'], summary['asked'])}, {clock(summary['spoken_s'])} spoken."
    if summary.get("weakest_dimension"):
        line += f" Weakest dimension: {dimension(summary['weakest_dimension']).lower()}."
    return line


# --------------------------------------------------------------------------- formats


def to_session_txt(data: dict[str, Any]) -> str:
    lines = [data["session"]["title"], ""]
    for question, answers in _questions(data):
        for a in answers:
            label = answer_heading(a, answers) if a.get("follow_up") else f"attempt {take_number(a, answers)}"
            lines.append(f"Q{question['position']} ({label}): {question['text']}")
            text = (a["transcript"] or {}).get("text") or a["problem"] or "(no speech found)"
            lines += [text.strip(), ""]
    return "\n".join(lines)


def to_markdown(data: dict[str, Any]) -> str:
    """A report a person would send to a coach: what was asked, what was said (fillers in bold, long pauses in
    italics), how it went and what to work on."""
    s = data["session"]
    summary = data["summary"]
    meta = " · ".join(_md(x) for x in _session_meta(s))
    out = [f"# {_md(s['title'])}", "", meta, "", _md(_summary_line(summary)), "",
           "In the transcripts, fillers are in **bold** and long pauses in *italics*."]
    for question, answers in _questions(data):
        out += ["", f"## Q{question['position']}. {_md(question['text'])}", "", f"*{_md(_question_meta(question))}*"]
        if not answers:
            out += ["", "Not answered."]
        for a in answers:
            out += ["", f"### {_md(answer_heading(a, answers))} · {_md(when(a['created_at']))}", ""]
            if a["problem"]:
                out += [f"> {_md(a['problem'])}", ""]
            transcript = Transcript.from_dict(a["transcript"]) if a["transcript"] else None
            out.append(_tokens_md(marked_tokens(transcript, a["analysis"])) or "*(no speech found)*")
            if a["analysis"]:
                out += [""] + [f"- **{name}:** {_md(value)}" for name, value in _facts(a["analysis"])]
                tips = _tips(a["analysis"])[:3]
                if tips:
                    out += ["", "What to work on:", ""]
                    for i, tip in enumerate(tips, start=1):
                        out.append(f"{i}. {_md(tip['text'])}")
                        if isinstance(tip.get("evidence"), str) and tip["evidence"]:
                            out.append(f"   *Evidence: {_md(tip['evidence'])}*")
                        if isinstance(tip.get("rejection_reason"), str) and tip["rejection_reason"]:
                            out.append(f"   (a common reason for rejection in this round: {_md(tip['rejection_reason'])})")
    return "\n".join(out).rstrip() + "\n"


_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{margin-bottom:.2rem}.meta{color:#666}section{border-top:1px solid #ddd;margin-top:2rem}
.attempt{background:#f7f7f9;border-radius:8px;padding:1rem;margin:1rem 0}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.6rem 0}
.facts dt{font-weight:600}.facts dd{margin:0}
.tips li{margin:.2rem 0}.reason{color:#666;font-size:.9em}
.problem{color:#b3261e}audio{width:100%}.length{color:#666;font-size:.9em}
""" + TRANSCRIPT_CSS


def _audio_tag(record: AnswerRecord | None, seconds: float | None) -> str:
    """The recording compressed to Ogg Opus (PyAV), with its length shown before it is played."""
    from ..speech.audio import AudioError, opus_bytes

    if record is None or not record.audio_path.is_file():
        return '<p class="problem">The recording is missing.</p>'
    try:
        payload = base64.b64encode(opus_bytes(record.audio_path)).decode("ascii")
    except AudioError as error:
        return f'<p class="problem">{esc(error)}</p>'
    length = f'<div class="length">Recording, {esc(clock(seconds))}</div>' if seconds else ""
    return f'{length}<audio controls preload="metadata" src="data:audio/ogg;base64,{payload}"></audio>'


def _answer_html(a: dict[str, Any], record: AnswerRecord | None, answers: list[dict[str, Any]]) -> str:
    analysis = section(a["analysis"])
    heading = esc(answer_heading(a, answers))
    parts = [f'<div class="attempt vm-answer"><h3>{heading} <small class="meta">{esc(when(a["created_at"]))}</small></h3>',
             _audio_tag(record, number(analysis.get("duration_s")) or number(section(a["transcript"]).get("duration")))]
    if a["problem"]:
        parts.append(f'<p class="problem">{esc(a["problem"])}</p>')
    if analysis:
        parts.append(legend_html() + f'<div class="text">{marked_transcript_html(analysis)}</div>')
        parts.append('<dl class="facts">' + "".join(f"<dt>{esc(n)}</dt><dd>{esc(v)}</dd>" for n, v in _facts(analysis))
                     + "</dl>")
        tips = _tips(analysis)[:3]
        if tips:
            items = []
            for tip in tips:
                reason = (f'<br><span class="reason">A common reason for rejection in this round: '
                          f'{esc(tip["rejection_reason"])}</span>') if isinstance(tip.get("rejection_reason"), str) and tip["rejection_reason"] else ""
                evidence = (f'<br><em class="evidence">Evidence: {esc(tip["evidence"])}</em>'
                            if isinstance(tip.get("evidence"), str) and tip["evidence"] else "")
                items.append(f"<li>{esc(tip['text'])}{evidence}{reason}</li>")
            parts.append('<p><strong>What to work on</strong></p><ol class="tips">' + "".join(items) + "</ol>")
    else:
        transcript = Transcript.from_dict(a["transcript"]) if a["transcript"] else None
        text = transcript.text if transcript else ""
        parts.append(f'<p class="transcript">{esc(text) if text else "<em>(no speech found)</em>"}</p>')
    return "".join(parts) + "</div>"


def to_html(data: dict[str, Any], records: dict[int, AnswerRecord]) -> str:
    s, summary = data["session"], data["summary"]
    meta = " · ".join(esc(x) for x in _session_meta(s))
    body = [f"<h1>{esc(s['title'])}</h1>", f'<p class="meta">{meta}</p>', f"<p>{esc(_summary_line(summary))}</p>"]
    for question, answers in _questions(data):
        body.append(f"<section><h2>Q{question['position']}. {esc(question['text'])}</h2>"
                    f'<p class="meta">{esc(_question_meta(question))}</p>')
        body.append("".join(_answer_html(a, records.get(a["id"]), answers) for a in answers)
                    or "<p>Not answered.</p>")
        body.append("</section>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{esc(s['title'])}</title>"
            f"<style>{_CSS}</style></head><body>\n" + "\n".join(body)
            + f"\n<script>{PLAYER_SCRIPT}</script>\n</body></html>\n")
