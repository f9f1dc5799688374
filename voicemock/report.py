"""Exports of a session (Markdown, one self-contained HTML file, JSON) and of transcripts (TXT, SRT, WebVTT).

Every piece of user or model text that lands in HTML (or Markdown, which may carry HTML) goes through html.escape.
"""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass
from typing import Any

from .errors import VoicemockError
from .progress import LONG_PAUSE_S, MISSING, is_long_pause, number, records, section
from .store import AnswerRecord, DamagedFileError, Store, plan_to_dict
from .summary import summarize_sitting
from .transcript import Transcript, Word

SESSION_FORMATS = ("md", "html", "json", "txt")
TRANSCRIPT_FORMATS = ("txt", "srt", "vtt")
CUE_MAX_S = 7.0
CUE_MAX_CHARS = 84
LINE_CHARS = 42
CUE_GAP_S = 1.0
AUDIO_TYPES = {".wav": "audio/wav", ".webm": "audio/webm", ".ogg": "audio/ogg", ".oga": "audio/ogg",
               ".opus": "audio/ogg", ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".mp4": "audio/mp4",
               ".flac": "audio/flac", ".aac": "audio/aac"}


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
    by_position = {q.position: q for q in plan.questions}
    summary = summarize_sitting(plan, [(by_position[v.record.position], v.analysis) for v in views if v.analysis])
    return {
        "format": 1,
        "session": {"id": session.id, "title": session.title, "guide": session.guide,
                    "guide_title": session.guide_title, "mode": session.mode, "description": session.description,
                    "created_at": session.created_at},
        "plan": plan_to_dict(plan),
        "summary": summary.to_dict(),
        "answers": [_answer_dict(v) for v in views],
    }


def _answer_dict(view: AnswerView) -> dict[str, Any]:
    a = view.record
    return {"id": a.id, "position": a.position, "attempt": a.attempt, "question_id": a.question_id,
            "question": a.question_text, "kind": a.kind, "source": a.source, "original_name": a.original_name,
            "created_at": a.created_at, "status": a.status, "model": a.model, "audio_file": a.audio_path.name,
            "problem": view.problem, "transcript": view.transcript.to_dict() if view.transcript else None,
            "analysis": view.analysis}


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


def _tokens_html(tokens: list[Token]) -> str:
    parts = []
    for t in tokens:
        if t.pause_s is not None:
            parts.append(f'<span class="pause" title="long pause">[pause {t.pause_s:.1f} s]</span>')
        elif t.filler:
            parts.append(f'<mark class="filler" title="filler">{esc(t.text)}</mark>')
        else:
            parts.append(esc(t.text))
    return " ".join(parts)


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


def _md(text: Any) -> str:
    """User text in Markdown: HTML-escaped (Markdown renderers pass raw HTML through) and emphasis neutralised."""
    return html.escape(str(text), quote=False).replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")


# --------------------------------------------------------------------------- formats


def _fmt(value: Any, unit: str = "", digits: int = 0) -> str:
    value = number(value)
    return MISSING if value is None else f"{value:.{digits}f}{unit}"


def _texts(value: Any) -> list[str]:
    """The strings of a list read from a stored document (tips, missing parts): nulls and non-strings left out."""
    return [v for v in value if isinstance(v, str) and v] if isinstance(value, list) else []


def _facts(analysis: dict[str, Any]) -> list[tuple[str, str]]:
    budget = section(analysis.get("budget"))
    star = section(analysis.get("star"))
    found = [str(p.get("part") or MISSING) for p in records(star.get("parts"))]
    missing = _texts(star.get("missing"))
    return [
        ("Length", f"{_fmt(analysis.get('duration_s'), ' s')} (target {_fmt(budget.get('target_s'), ' s')},"
                   f" {budget.get('verdict') or MISSING})"),
        ("Pace", _fmt(analysis.get("wpm"), " words/min")),
        ("Fillers", str(len(records(analysis.get("fillers"))))),
        ("Long pauses", str(sum(1 for p in records(analysis.get("pauses")) if is_long_pause(p)))),
        ("STAR", (", ".join(found) + (f" (missing: {', '.join(missing)})" if missing else "")) or MISSING
         if star else MISSING),
    ]


def _questions(data: dict[str, Any]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    answers = data["answers"]
    return [(q, [a for a in answers if a["position"] == q["position"]]) for q in data["plan"]["questions"]]


def to_session_txt(data: dict[str, Any]) -> str:
    lines = [data["session"]["title"], ""]
    for question, answers in _questions(data):
        for a in answers:
            lines.append(f"Q{question['position']} (attempt {a['attempt']}): {question['text']}")
            text = (a["transcript"] or {}).get("text") or a["problem"] or "(no speech found)"
            lines += [text.strip(), ""]
    return "\n".join(lines)


def to_markdown(data: dict[str, Any]) -> str:
    s = data["session"]
    summary = data["summary"]
    out = [f"# {_md(s['title'])}", "",
           f"{_md(s['guide_title'] or s['guide'])} · {_md(s['description'])} · {_md(s['created_at'])}", "",
           f"Answered {summary['answered']} of {summary['asked']} questions, {summary['spoken_s']:.0f} s spoken."]
    if summary.get("weakest_dimension"):
        out.append(f"Weakest dimension: {_md(summary['weakest_dimension'])}.")
    for question, answers in _questions(data):
        out += ["", f"## Q{question['position']}. {_md(question['text'])}", "",
                f"*{_md(question.get('round_name') or 'No round')} · {_md(question['kind'])}"
                f" · target {question['budget']['target_s']:.0f} s*"]
        if not answers:
            out += ["", "Not answered."]
        for a in answers:
            out += ["", f"### Attempt {a['attempt']} ({_md(a['created_at'])}, {_md(a['audio_file'])})", ""]
            if a["problem"]:
                out += [f"> {_md(a['problem'])}", ""]
            transcript = Transcript.from_dict(a["transcript"]) if a["transcript"] else None
            out.append(_tokens_md(marked_tokens(transcript, a["analysis"])) or "*(no speech found)*")
            if a["analysis"]:
                out += ["", "| | |", "|---|---|"]
                out += [f"| {name} | {_md(value)} |" for name, value in _facts(a["analysis"])]
                out += [f"| score: {_md(k)} | {_fmt(v)} |" for k, v in section(a["analysis"].get("scores")).items()]
                out += [""] + [f"- {_md(tip)}" for tip in _texts(a["analysis"].get("tips"))]
    return "\n".join(out).rstrip() + "\n"


_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{margin-bottom:.2rem}.meta{color:#666}section{border-top:1px solid #ddd;margin-top:2rem}
.attempt{background:#f7f7f9;border-radius:8px;padding:1rem;margin:1rem 0}
mark.filler{background:#ffe08a;border-radius:3px;padding:0 2px}
.pause{color:#b3261e;font-size:.85em;white-space:nowrap}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.2rem .6rem;text-align:left}
.problem{color:#b3261e}audio{width:100%}
"""


def _audio_tag(record: AnswerRecord | None) -> str:
    if record is None or not record.audio_path.is_file():
        return '<p class="problem">The recording is missing.</p>'
    kind = AUDIO_TYPES.get(record.audio_path.suffix.lower(), "application/octet-stream")
    payload = base64.b64encode(record.audio_path.read_bytes()).decode("ascii")
    return f'<audio controls preload="none" src="data:{kind};base64,{payload}"></audio>'


def _answer_html(a: dict[str, Any], record: AnswerRecord | None) -> str:
    parts = [f'<div class="attempt"><h3>Attempt {a["attempt"]} <small class="meta">{esc(a["created_at"])}</small></h3>',
             _audio_tag(record)]
    if a["problem"]:
        parts.append(f'<p class="problem">{esc(a["problem"])}</p>')
    transcript = Transcript.from_dict(a["transcript"]) if a["transcript"] else None
    parts.append(f'<p class="transcript">{_tokens_html(marked_tokens(transcript, a["analysis"])) or "<em>(no speech found)</em>"}</p>')
    if a["analysis"]:
        rows = [f"<tr><th>{esc(n)}</th><td>{esc(v)}</td></tr>" for n, v in _facts(a["analysis"])]
        rows += [f"<tr><th>score: {esc(k)}</th><td>{esc(_fmt(v))}</td></tr>"
                 for k, v in section(a["analysis"].get("scores")).items()]
        parts.append("<table>" + "".join(rows) + "</table>")
        tips = _texts(a["analysis"].get("tips"))
        if tips:
            parts.append("<ul>" + "".join(f"<li>{esc(t)}</li>" for t in tips) + "</ul>")
    return "".join(parts) + "</div>"


def to_html(data: dict[str, Any], records: dict[int, AnswerRecord]) -> str:
    s, summary = data["session"], data["summary"]
    body = [f"<h1>{esc(s['title'])}</h1>",
            f'<p class="meta">{esc(s["guide_title"] or s["guide"])} · {esc(s["description"])} · {esc(s["created_at"])}</p>',
            f"<p>Answered {summary['answered']} of {summary['asked']} questions, {summary['spoken_s']:.0f} s spoken."
            + (f" Weakest dimension: {esc(summary['weakest_dimension'])}." if summary.get("weakest_dimension") else "")
            + "</p>",
            '<p class="meta">Fillers are <mark class="filler">marked</mark>; long pauses show as '
            f'<span class="pause">[pause]</span> (at least {LONG_PAUSE_S:.0f} s).</p>']
    for question, answers in _questions(data):
        body.append(f"<section><h2>Q{question['position']}. {esc(question['text'])}</h2>"
                    f'<p class="meta">{esc(question.get("round_name") or "No round")} · {esc(question["kind"])}'
                    f" · target {question['budget']['target_s']:.0f} s</p>")
        body.append("".join(_answer_html(a, records.get(a["id"])) for a in answers) or "<p>Not answered.</p>")
        body.append("</section>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{esc(s['title'])}</title>"
            f"<style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
