"""Small display helpers shared by the pages. Presentation only: every number comes from the core.

Any text from a guide, a transcript or the user that goes into HTML passes through `esc` (html.escape).
"""

from __future__ import annotations

import base64
import hashlib
import html
from pathlib import Path
from typing import Any, Callable, Iterable

import streamlit as st

from voicemock import format as fmt
from voicemock.analysis.example import example_told
from voicemock.analysis.fillers import count_note
from voicemock.analysis.render import star_flags
from voicemock.analysis.scorecard import upgrade
from voicemock.errors import VoicemockError
from voicemock.sessions.progress import MISSING, number, records, section

KIND_LABELS = fmt.KIND_LABELS

STYLE = """
<style>
.vm-card {border: 1px solid #dfe4ee; border-radius: 10px; padding: 1.1rem 1.3rem; background: #f8fafd;
          margin-bottom: 0.8rem;}
.vm-card .vm-eyebrow {font-size: 0.8rem; color: #5b6474; text-transform: uppercase; letter-spacing: .04em;}
.vm-card .vm-question {font-size: 1.35rem; line-height: 1.45; color: #1c2330; margin: .35rem 0 .25rem 0;}
.vm-chip {display: inline-block; font-size: .78rem; padding: .1rem .55rem; border-radius: 999px;
          background: #e6edf8; color: #2457a6; margin-right: .3rem;}
</style>
"""


def esc(text: Any) -> str:
    return html.escape(str(text if text is not None else ""), quote=True)


def inject_style() -> None:
    st.html(STYLE)


clock = fmt.clock  # the one m:ss format (voicemock/format.py), rounded down like the live clock
kind_label = fmt.kind


def show_error(error: BaseException) -> None:
    """A person-facing error: the one-line message, never a traceback."""
    if isinstance(error, VoicemockError):
        st.error(str(error), icon=":material/error:")
    else:  # not expected; still one line
        st.error(f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else 'unexpected error'}",
                 icon=":material/error:")


def guarded(action: Callable[[], Any]) -> tuple[bool, Any]:
    """Run a core action; on a VoicemockError show its line and return (False, None)."""
    try:
        return True, action()
    except VoicemockError as error:
        show_error(error)
        return False, None


def question_card(eyebrow: str, text: str, chips: Iterable[str] = ()) -> None:
    unique: dict[str, str] = {}
    for chip in chips:
        if chip:
            unique.setdefault(str(chip).casefold(), str(chip))
    chips_html = "".join(f'<span class="vm-chip">{esc(c)}</span>' for c in unique.values())
    st.html(
        f'<div class="vm-card"><div class="vm-eyebrow">{esc(eyebrow)}</div>'
        f'<div class="vm-question">{esc(text)}</div><div>{chips_html}</div></div>'
    )


def bullet_list(items: Iterable[str]) -> str:
    return "\n".join(f"- {md_text(i)}" for i in items)


def md_text(text: str) -> str:
    """Plain text shown through st.markdown without markdown surprises (*, _, #, [ ], $ ...)."""
    out = str(text)
    for ch in "\\`*_{}[]()#+-!|<>$~":
        out = out.replace(ch, "\\" + ch)
    return out


# --------------------------------------------------------------------------- the spoken question


def question_player(wav: Path, autoplay: bool, css_class: str = "vm-question-audio") -> None:
    """The spoken question as a plain <audio> element that starts by itself on its first showing.

    Not st.audio(autoplay=True): that records "already autoplayed" while its component renders, and on a busy machine
    the element was seen to mount with autoplay already off. Nor the autoplay attribute alone: inserted as HTML on a
    busy machine, Chromium sometimes loaded the sound and never started it, though play() was allowed. So the
    attribute plus a fixed script that calls play() once the sound can play, unless it has already started. The WAV
    is a data URL; the same HTML on a rerun leaves the element (and its playback) alone.
    """
    data = base64.b64encode(Path(wav).read_bytes()).decode("ascii")
    element_id = "vm-q-" + hashlib.sha1(data.encode("ascii")).hexdigest()[:12]
    if not autoplay:
        st.html(f'<audio class="{css_class}" controls preload="auto" style="width:100%" src="data:audio/wav;base64,{data}"></audio>')
        return
    st.html(
        f'<audio id="{element_id}" class="{css_class}" controls autoplay preload="auto" style="width:100%" '
        f'src="data:audio/wav;base64,{data}"></audio>'
        + _START_ONCE.replace("ELEMENT_ID", element_id),
        unsafe_allow_javascript=True,
    )


_START_ONCE = """<script>
(() => {
  const audio = document.getElementById("ELEMENT_ID");
  if (!audio) return;
  let started = false;
  audio.addEventListener("play", () => { started = true; });
  const start = () => { if (!started && audio.paused) { started = true; audio.play().catch(() => {}); } };
  if (audio.readyState >= 3) start(); else audio.addEventListener("canplay", start, {once: true});
})();
</script>"""


# --------------------------------------------------------------------------- scorecard

STAR_COLOURS = {"situation": "#dbe8fb", "task": "#fbeed0", "action": "#d9f0e0", "result": "#f4dcef"}


def scorecard_metrics(card: dict[str, Any]) -> None:
    """The row of numbers: length against budget, words per minute, long pauses, fillers."""
    card = upgrade(card)  # any older or damaged document, in the current shape
    budget = section(card.get("budget"))
    duration = number(card.get("duration_s"))
    speaking = number(card.get("speaking_s"))
    verdict = budget.get("verdict") if isinstance(budget.get("verdict"), str) else ""
    fillers = records(card.get("fillers"))
    pauses = [p for p in records(card.get("pauses")) if p.get("long", True)]
    per_minute = number(card.get("fillers_per_min"))

    c = st.columns(4)
    c[0].metric(
        "Answer length",
        clock(duration),
        delta=fmt.verdict(verdict).capitalize() if verdict else None,
        delta_color="normal" if verdict == "on_target" else "inverse",
        delta_arrow="off",
        help=f"Target {clock(budget.get('target_s'))}, good range {fmt.clock_range(budget.get('min_s'), budget.get('max_s'))}",
        border=True,
    )
    c[1].metric("Pace (wpm)", fmt.number(card.get("wpm")), help=_pace_help(card), border=True)
    c[2].metric("Long pauses", len(pauses), help=f"Speaking {clock(speaking)} of {clock(duration)}", border=True)
    if "fillers" in _strings(card.get("unreliable")):
        c[3].metric("Fillers", MISSING, help="Not counted: part of the speech was not transcribed.", border=True)
    else:
        c[3].metric("Fillers", len(fillers),
                    delta=f"{fmt.number(per_minute, 1)} per minute" if per_minute is not None else None,
                    delta_color="off", delta_arrow="off", help=count_note(len(fillers)) + ".", border=True)


def scorecard(card: dict[str, Any], transcript_expander: bool = True) -> None:
    """The scorecard of one answer: the overall score and its breakdown, length against budget, pace, pauses,
    fillers, structure, top tips with their evidence, round focus."""
    card = upgrade(card)  # any older or damaged document, in the current shape
    transcript = section(card.get("transcript"))
    scorecard_metrics(card)
    scorecard_notes(card)
    coaching(card)
    if transcript_expander:
        with st.expander("Transcript"):
            st.markdown(md_text(transcript.get("text") or "(no speech)"))


def scorecard_notes(card: dict[str, Any]) -> None:
    """Why an answer was not scored, what the analysis could not hear, and the overall score with its breakdown."""
    if card.get("verdict", "ok") != "ok":
        st.warning(card.get("message") or "This answer could not be scored: record it again.",
                   icon=":material/hearing_disabled:")
    for warning in audio_warnings(card):
        st.warning(warning, icon=":material/hearing_disabled:")
    if card.get("verdict", "ok") == "ok":
        overall_breakdown(card)


def top_tips(card: dict[str, Any], count: int = 3) -> None:
    """The tips that matter most, each with its evidence and the round's common reason for rejection it relates to."""
    details = [t for t in records(card.get("tip_details")) if isinstance(t.get("text"), str) and t.get("text")]
    if not details and isinstance(card.get("tips"), list):
        details = [{"text": t} for t in card["tips"] if isinstance(t, str) and t]
    st.markdown("**Top tips**")
    if not details:
        st.markdown(fmt.NO_TIPS)
        return
    for i, tip in enumerate(details[:count], start=1):
        where = f" (at {clock(tip['at_s'])})" if number(tip.get("at_s")) is not None else ""
        st.markdown(f"{i}. {md_text(tip['text'])}{where}")
        evidence = tip.get("evidence")
        if isinstance(evidence, str) and evidence:
            st.caption(f"Evidence: {md_text(evidence)}")
        if isinstance(tip.get("rejection_reason"), str) and tip["rejection_reason"]:
            st.caption(f":material/flag: Common reason for rejection in this round: {md_text(tip['rejection_reason'])}")


def round_focus(card: dict[str, Any]) -> None:
    """How much of what the round's interviewers look for the answer touched, and what it left out."""
    focus = card.get("round_focus")
    if not isinstance(focus, dict) or number(focus.get("coverage")) is None:
        return
    st.markdown(f"**Round focus** · {fmt.percent(focus.get('coverage'))} of what this round looks for")
    missed = [m for m in focus.get("missed") if isinstance(m, str) and m] if isinstance(focus.get("missed"), list) else []
    if missed:
        st.caption("Not heard: " + "; ".join(md_text(m) for m in missed[:4]))


def audio_warnings(card: dict[str, Any]) -> list[str]:
    """Speech that was not transcribed, a very quiet recording: the lines the core writes for them."""
    from voicemock.analysis.heard import quiet_message, unheard_message

    check = card.get("audio_check") if isinstance(card.get("audio_check"), dict) else None
    return [m for m in (unheard_message(check), quiet_message(check)) if m]


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str) and v] if isinstance(value, list) else []


def overall_breakdown(card: dict[str, Any]) -> None:
    """The overall score, what capped it, and the score of each dimension: the numbers the terminal shows."""
    overall = number(card.get("overall"))
    scores = {str(k): number(v) for k, v in section(card.get("scores")).items() if number(v) is not None}
    unreliable = _strings(card.get("unreliable"))
    left, right = st.columns([1, 3], vertical_alignment="center")
    left.metric("Overall", fmt.score(overall),
                help="The mean of the dimension scores, capped as noted." if overall is not None
                else "Not scored: part of the speech was not transcribed." if unreliable else None, border=True)
    if scores:  # the breakdown as small chips that wrap, so no label is cut at any window width
        right.html('<div style="display:grid; grid-template-columns:repeat(auto-fill, minmax(92px, 1fr)); gap:.4rem;">'
                   + "".join(dimension_chip(name, value) for name, value in scores.items()) + "</div>")
    for cap in records(card.get("caps")):
        if isinstance(cap.get("text"), str) and cap["text"]:
            st.caption(f"Overall {md_text(cap['text'])}.")
    if unreliable:
        st.caption("Not scored (part of the speech was not transcribed): "
                   + md_text(", ".join(fmt.dimension(u).lower() for u in unreliable)) + ".")


def dimension_chip(name: str, value: float) -> str:
    """One dimension's score: its label above the number, coloured like the terminal's (green, amber, red)."""
    colour = "#15803d" if value >= 80 else "#b45309" if value >= 60 else "#b91c1c"
    return ('<div class="vm-dim" style="border:1px solid #e3e7ee; border-radius:8px; padding:.3rem .5rem;">'
            f'<div class="vm-dim-name" style="font-size:.75rem; color:#5b6474;">{esc(fmt.dimension(name))}</div>'
            f'<div class="vm-dim-value" style="font-size:1.25rem; font-weight:600; color:{colour};">{value:.0f}</div></div>')


def _pace_help(card: dict[str, Any]) -> str:
    band = section(card.get("pace")).get("band_wpm")
    if isinstance(band, (list, tuple)) and len(band) == 2 and all(number(b) is not None for b in band):
        return f"A clear interview pace is {band[0]:.0f}–{band[1]:.0f} words per minute."
    return "Words per minute over the whole answer."


def coaching(card: dict[str, Any]) -> None:
    """STAR or structure and the round focus on the left, the top tips on the right: the live scorecard and Review."""
    left, right = st.columns([3, 2], gap="large")
    with left:
        structure(card)
        round_focus(card)
    with right:
        top_tips(card)


def structure(card: dict[str, Any]) -> None:
    """STAR parts for a story question (from star.parts / star.missing), or the structure checklist for the others."""
    star = section(card.get("star"))
    parts = records(star.get("parts"))
    checklist = section(card.get("structure"))
    if star and (parts or star.get("missing")):
        st.markdown("**STAR structure**")
        if not example_told(star):
            st.caption("No specific example was told: no time, place or past event was heard, so there is no "
                       "Situation, Task, Action or Result to find.")
        found: dict[str, dict[str, Any]] = {}
        for p in parts:
            found.setdefault(p.get("part"), p)
        weak = {f["part"]: f["reason"] for f in star_flags(star)}
        cards = []
        for name in ("situation", "task", "action", "result"):
            part = found.get(name)
            if part and name in weak:
                cards.append(
                    f'<div style="background:{STAR_COLOURS[name]}; border-radius:8px; padding:.5rem .7rem; '
                    'border:2px solid #d97706;">'
                    f'<div style="font-weight:600;">! {esc(fmt.star_part(name))}</div>'
                    f'<div style="font-size:.75rem; color:#92400e;">{esc(weak[name].split(":")[0])}</div>'
                    f'<div style="font-size:.85rem; color:#3a4252;">{esc(_clip(part.get("text") or "", 110))}</div></div>'
                )
            elif part:
                host = part.get("folded_into")
                share = (f"told within the {fmt.star_part(host)}" if isinstance(host, str) and host else
                         fmt.percent(part.get("share")) + " of the answer" if number(part.get("share")) is not None else "")
                cards.append(
                    f'<div style="background:{STAR_COLOURS[name]}; border-radius:8px; padding:.5rem .7rem;">'
                    f'<div style="font-weight:600;">✓ {esc(fmt.star_part(name))}</div>'
                    f'<div style="font-size:.75rem; color:#5b6474;">{esc(share)}</div>'
                    f'<div style="font-size:.85rem; color:#3a4252;">{esc(_clip(part.get("text") or "", 110))}</div></div>'
                )
            else:
                cards.append(
                    '<div style="border:1px dashed #c5ccd8; border-radius:8px; padding:.5rem .7rem;">'
                    f'<div style="font-weight:600; color:#8a93a3;">✗ {esc(fmt.star_part(name))}</div>'
                    '<div style="font-size:.85rem; color:#8a93a3;">not heard</div></div>'
                )
        # Two by two, so each part's text has room at any window width.
        st.html('<div style="display:grid; grid-template-columns:repeat(2, minmax(0, 1fr)); gap:.6rem;">'
                + "".join(cards) + "</div>")
    elif records(checklist.get("steps")):
        kind = checklist.get("kind") if isinstance(checklist.get("kind"), str) else ""
        st.markdown(f"**What a good {md_text(kind_label(kind).lower()) + ' ' if kind else ''}answer covers**")
        for step in records(checklist.get("steps")):
            mark = ":green[:material/check_circle:]" if step.get("covered") else ":gray[:material/radio_button_unchecked:]"
            name = str(step.get("name") or MISSING)
            st.markdown(f"{mark} {md_text(name[:1].upper() + name[1:])}")
    else:
        st.caption("No structure check for this answer.")




def _clip(text: str, length: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
