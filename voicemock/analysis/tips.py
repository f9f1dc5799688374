"""Scores per dimension and the advice that would raise them most, tied to the round's reasons for rejection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..plan import PlannedQuestion
from .timing import PACE_BAND_WPM

if TYPE_CHECKING:
    from .scorecard import Scorecard, Tip


from ..format import clock  # noqa: E402  (one m:ss format on every surface)


def _clamp(value: float) -> float:
    return round(max(0.0, min(100.0, value)), 1)


def length_score(card: Scorecard) -> float | None:
    d, b = card.duration_s, card.budget
    if d is None:
        return None
    if d < b["min_s"]:
        return _clamp(100 * d / b["min_s"])
    on_target_end = (b["target_s"] + b["max_s"]) / 2
    if d <= on_target_end:
        return 100.0
    if d <= b["max_s"]:
        return _clamp(100 - 30 * (d - on_target_end) / max(1.0, b["max_s"] - on_target_end))
    return _clamp(70 - 100 * (d - b["max_s"]) / b["max_s"])


def dimension_scores(card: Scorecard) -> dict[str, float]:
    scores: dict[str, float] = {}
    length = length_score(card)
    if length is not None:
        scores["length"] = length
    if card.wpm is not None:
        low, high = PACE_BAND_WPM
        off = max(0.0, low - card.wpm, card.wpm - high)
        scores["pacing"] = _clamp(100 - 2.5 * off)
    if card.duration_s is not None and card.speech_s is not None and card.speaking_s:
        long_pauses = sum(1 for p in card.pauses if p["long"])
        silence_share = 1 - card.speech_s / card.speaking_s
        scores["pauses"] = _clamp(100 - 15 * long_pauses - max(0.0, silence_share - 0.3) * 150)
    if card.fillers_per_min is not None:
        scores["fillers"] = _clamp(100 - 12 * max(0.0, card.fillers_per_min - 2))
    else:
        words = max(1, len(card.transcript["text"].split()))
        scores["fillers"] = _clamp(100 - 1200 * max(0.0, len(card.fillers) / words - 0.015))
    if card.star is not None:
        star = card.star
        penalty = 25 * len(star["missing"]) + 10 * len(star["thin"])
        penalty += 0 if star["ends_on_result"] else 10
        penalty += 0 if star["result_quantified"] or "result" in star["missing"] else 10
        scores["structure"] = _clamp(100 - penalty)
    elif card.structure is not None:
        scores["structure"] = card.structure["score"]
    lang = card.language
    coverage = lang["coverage"] if lang["coverage"] is not None else 1.0
    scores["language"] = _clamp(100 * (0.6 + 0.4 * coverage) - 6 * len(lang["hedges"]) - 8 * len(lang["repeated_phrases"]))
    if card.pitch and card.pitch.get("spread_semitones") is not None:
        spread = card.pitch["spread_semitones"]
        scores["delivery"] = _clamp(100 if spread >= 3 else 70 + 30 * (spread - 2) if spread >= 2 else 40 + 30 * (spread / 2))
    return scores


_REJECTION_WORDS = {
    "structure": ("example", "concrete", "specific", "vision", "articulate", "problem-solving", "strategic", "depth"),
    "length": ("communication", "concise", "articulate", "explaining"),
    "pacing": ("communication", "explaining", "presence", "articulate"),
    "fillers": ("communication", "presence", "articulate"),
    "pauses": ("communication", "presence"),
    "language": ("communication", "presence", "alignment", "vision"),
    "delivery": ("presence", "inspire", "communication"),
}


def rejection_reason_for(dimension: str, question: PlannedQuestion) -> str | None:
    if question.round is None:
        return None
    for reason in question.round.rejection_reasons:
        if any(word in reason.lower() for word in _REJECTION_WORDS.get(dimension, ())):
            return reason
    return None


def choose_tips(card: Scorecard, question: PlannedQuestion, count: int = 3) -> list[Tip]:
    from .scorecard import Tip

    scores = card.scores
    tips: list[Tip] = []

    def add(dimension: str, weight: float, text: str, at_s: float | None = None, sentence: str | None = None):
        deficit = 100 - scores.get(dimension, 100)
        if deficit <= 0 and weight < 1.0:
            return
        reason = rejection_reason_for(dimension, question)
        tips.append(Tip(dimension, round(deficit * weight + weight, 1), text, at_s, sentence, reason))

    b = card.budget
    if b["verdict"] == "too_short":
        add("length", 1.2, f"Your answer lasted {clock(card.duration_s)}, under the {clock(b['min_s'])} minimum: add a "
                           f"concrete example and what came of it, aiming for about {clock(b['target_s'])}.")
    elif b["verdict"] in ("long", "over_limit"):
        add("length", 1.2 if b["verdict"] == "over_limit" else 0.8,
            f"Your answer ran {clock(card.duration_s)} against a target of {clock(b['target_s'])} (max {clock(b['max_s'])}): "
            "trim the set-up to two sentences and keep the detail for follow-up questions.", at_s=b["target_s"])
    star = card.star
    if star is not None:
        names = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result"}
        if "result" in star["missing"]:
            add("structure", 1.5, "Your story has no Result: end by saying what changed because of what you did, "
                                  "with a number if you can (time saved, %, customers, money).")
        elif not star["result_quantified"]:
            part = next((p for p in star["parts"] if p["part"] == "result"), None)
            add("structure", 1.0, "Quantify the Result: replace 'it went well' with a measurable outcome.",
                at_s=part["start"] if part else None, sentence=part["text"][:160] if part else None)
        for missing in star["missing"]:
            if missing != "result":
                add("structure", 1.0, f"The {names[missing]} is missing: "
                    + {"situation": "open with one or two sentences of context (where, when, what was at stake).",
                       "task": "say what you were responsible for, in one sentence, before what you did.",
                       "action": "spend most of the answer on the steps you personally took."}[missing])
        if "action" in star["thin"]:
            add("structure", 1.0, "The Action part is thin: most of a STAR answer should be what you did, step by step.")
        if star["action_we"] > star["action_i"] and star["action_we"] >= 3:
            part = next((p for p in star["parts"] if p["part"] == "action"), None)
            add("structure", 0.8, f"In the Action part you said 'we' {star['action_we']} times and 'I' {star['action_i']} "
                                  "times: interviewers assess you, so say what you did.",
                at_s=part["start"] if part else None)
    if card.structure is not None and card.structure["missing"]:
        missing = ", ".join(card.structure["missing"])
        add("structure", 1.2, f"For a {card.structure['kind'].replace('_', ' ')} answer, cover: {missing}.")
    if card.round_focus and card.round_focus["missed"]:
        add("structure", 0.5, "Show what this round looks for: " + "; ".join(card.round_focus["missed"][:2]) + ".")
    if card.pace.get("flag") in ("too_fast", "too_slow"):
        fastest = max(card.pace["timeline"], key=lambda w: w["wpm"], default=None)
        slowest = min(card.pace["timeline"], key=lambda w: w["wpm"], default=None)
        if card.pace["flag"] == "too_fast":
            where = f", fastest from {clock(fastest['start'])}" if fastest else ""
            add("pacing", 1.0, f"You spoke at {card.wpm:.0f} words a minute, above the {PACE_BAND_WPM[1]:.0f} that is easy "
                               f"to follow{where}: slow down and let key points land.",
                at_s=fastest["start"] if fastest else None)
        else:
            add("pacing", 1.0, f"You spoke at {card.wpm:.0f} words a minute, below {PACE_BAND_WPM[0]:.0f}: tighten your "
                               "sentences and keep momentum.", at_s=slowest["start"] if slowest else None)
    long_pauses = [p for p in card.pauses if p["long"]]
    if long_pauses:
        worst = max(long_pauses, key=lambda p: p["duration"])
        add("pauses", 1.0, f"{len(long_pauses)} long pause(s); the longest, {worst['duration']:.1f} s at "
                           f"{clock(worst['start'])}. A short pause is fine; for longer thinking say 'let me think' "
                           "and structure aloud.", at_s=worst["start"])
    if card.fillers:
        counts: dict[str, int] = {}
        for f in card.fillers:
            counts[f["word"]] = counts.get(f["word"], 0) + 1
        top = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
        listed = ", ".join(f"'{w}' x{c}" for w, c in top)
        rate = f" ({card.fillers_per_min:.1f} a minute)" if card.fillers_per_min is not None else ""
        add("fillers", 1.0, f"Fillers: {listed}{rate}. Replace them with a silent pause.", at_s=card.fillers[0].get("start"))
    if card.language["hedges"]:
        hedge = card.language["hedges"][0]
        sentence = next((s["text"] for s in card.sentences if s["index"] == hedge["sentence"]), None)
        add("language", 0.7, f"Hedging ('{hedge['phrase']}', {len(card.language['hedges'])} in all) sounds unsure: state "
                             "what you did and decided.", sentence=sentence)
    if card.language["coverage"] is not None and card.language["coverage"] < 0.5:
        missed = [t for t in card.language["question_terms"] if t not in card.language["terms_addressed"]][:3]
        add("language", 0.8, f"Answer the question asked: key terms not addressed: {', '.join(missed)}.")
    if card.pitch and card.pitch.get("monotone"):
        add("delivery", 0.8, f"Your pitch varied by only {card.pitch['spread_semitones']:.1f} semitones: stress key words "
                             "and results to sound engaged.")
    tips.sort(key=lambda t: -t.impact)
    return tips[:count]
