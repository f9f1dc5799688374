"""Scores per dimension, the overall score with its caps, and the advice that would raise the score most, each tip with
the evidence it rests on (the moment or the sentence it is about), tied to the round's reasons for rejection.

The overall score is the mean of the dimensions that could be scored, then capped:
- an answer that does not address the question (relevance under its gate) is capped at `OFF_TOPIC_CAP`, and so is
  an answer to a question that asks for a specific time ("Tell me about a time...") that tells none
  (`example.find_example`): it does not answer what was asked either; an answer to a question that asks for no time
  that tells no example and names nothing concrete is capped at `INCOMPLETE_CAP` (`nothing_concrete`);
- an answer under half its minimum length is capped at `TOO_SHORT_CAP`;
- a story that the STAR check calls incomplete (a part missing, or a part flagged as without its substance: an
  Action with no step, a Result with no outcome or a vague one, a story with no specifics; `StarAnalysis.complete`)
  is capped at `INCOMPLETE_CAP`. A story without its Action is not a good answer, however
  fluent: before this cap, a 45-second complaint about a product manager with no step the speaker took scored 96,
  with "The Action was not clear" as its only tip. The cap is under 70, where strong answers on the question score
  (`bench/eval_coaching.py overall`), and over the off-topic cap: the answer is on the question, but not yet an
  answer an interviewer would pass. Its tips, the ones that say what is missing, come first. The same cap holds an
  answer of another kind (strategy, motivation, system design) that covers fewer than half the parts its checklist
  asks for (`structure.check_structure`): "Prioritization is really about communication... Good teams adapt
  quickly" covers none of a strategy answer's four, and scored 74. So does the answer to a follow-up that does not
  give what the probe asked for ("What was the outcome?" answered "It went well, everyone was happy"). And a story
  told to a question that asks for a
  trade-off (kind `technical_decision`) with nothing weighed against anything is capped there too: a migration
  story with no alternative in it scored 90 as an answer to "Describe a time you had to make a significant technical
  trade-off".
When part of the speech was not transcribed, the dimensions read from the words are not scored (listed in
`unreliable`) and there is no overall: a score from part of an answer would mislead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..format import STAR_LABELS as STAR_NAMES
from ..format import clock  # one m:ss format on every surface
from ..format import kind as kind_label
from ..interview.plan import PlannedQuestion
from .example import Example, asks_for_example, example_told, find_example
from .fillers import count_note
from .heard import CONTENT_DIMENSIONS, unheard_message
from .relevance import WEAK_BELOW, people_term, theme_words
from .specifics import concrete_details
from .structure import FOLLOW_UP_KIND, TRADE_OFF, TRADE_OFF_KIND, topic_roots
from .text import root, tokens
from .timing import PACE_BAND_WPM

if TYPE_CHECKING:
    from .scorecard import Scorecard, Tip

OFF_TOPIC_CAP = 40.0
TOO_SHORT_CAP = 50.0
INCOMPLETE_CAP = 60.0
THEME_UNHEARD_SCORE = 50.0  # the relevance dimension of an answer that never touches the theme its question names


# What to say about a step the answer only looked like, by `StructureStep.note`.
_NEAR_MISS_TIPS = {
    "disguised": "That weakness is a strength in disguise, the answer interviewers hear most: name one that has cost "
                 "you something, and say what you do about it.",
    "denied": "Saying you have no real weakness reads as not knowing yourself: name one that has cost you something, "
              "and say what you do about it.",
}


def _clamp(value: float) -> float:
    return round(max(0.0, min(100.0, value)), 1)


def _clip(text: str, length: int = 110) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def quote(text: str | None, at_s: float | None = None, lead: str = "At") -> str:
    """Evidence in one form: "At 0:42: 'we just kind of fixed it'" (or just the quote when there is no time)."""
    if not text:
        return f"{lead} {clock(at_s)}" if at_s is not None else ""
    return f"{lead} {clock(at_s)}: '{_clip(text)}'" if at_s is not None else f"'{_clip(text)}'"


# --------------------------------------------------------------------------- scores


def length_score(card: Scorecard) -> float | None:
    d, b = card.duration_s, card.budget
    if d is None or not b.get("min_s"):
        return None
    if d < b["min_s"]:
        return _clamp(100 * d / b["min_s"])
    on_target_end = (b["target_s"] + b["max_s"]) / 2
    if d <= on_target_end:
        return 100.0
    if d <= b["max_s"]:
        return _clamp(100 - 30 * (d - on_target_end) / max(1.0, b["max_s"] - on_target_end))
    return _clamp(70 - 100 * (d - b["max_s"]) / b["max_s"])


def star_structure_score(star: dict) -> float:
    """The STAR labeller's own structure score when it gives one; else from the parts missing and thin."""
    if isinstance(star.get("score"), (int, float)):
        return _clamp(float(star["score"]))
    penalty = 25 * len(star.get("missing") or ()) + 10 * len(star.get("thin") or ())
    penalty += 0 if star.get("ends_on_result", True) else 10
    penalty += 0 if star.get("result_quantified", True) or "result" in (star.get("missing") or ()) else 10
    return _clamp(100 - penalty)


def dimension_scores(card: Scorecard) -> dict[str, float]:
    """0-100 per dimension, leaving out the dimensions in `card.unreliable`."""
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
        scores["structure"] = star_structure_score(card.star)
    elif card.structure is not None:
        scores["structure"] = card.structure["score"]
    lang = card.language
    scores["language"] = _clamp(100 - 6 * len(lang["hedges"]) - 8 * len(lang["repeated_phrases"]))
    if card.relevance is not None:
        scores["relevance"] = _clamp(100 * min(1.0, card.relevance["score"] / 0.7))
        if card.relevance.get("theme_heard") is False:  # its people and work heard, not what it asks about
            scores["relevance"] = min(scores["relevance"], THEME_UNHEARD_SCORE)
    if card.pitch and card.pitch.get("spread_semitones") is not None:
        spread = card.pitch["spread_semitones"]
        scores["delivery"] = _clamp(100 if spread >= 3 else 70 + 30 * (spread - 2) if spread >= 2 else 40 + 30 * (spread / 2))
    return {k: v for k, v in scores.items() if k not in card.unreliable}


def overall_score(card: Scorecard) -> tuple[float | None, list[dict]]:
    """The mean of the scored dimensions, capped; the caps that applied (each with its reason, limit and text)."""
    if not card.scores or card.unreliable:
        return None, []
    overall = sum(card.scores.values()) / len(card.scores)
    caps = []
    if card.relevance is not None and not card.relevance["on_topic"]:
        caps.append({"reason": "off_topic", "limit": OFF_TOPIC_CAP,
                     "text": f"capped at {OFF_TOPIC_CAP:.0f}: the answer does not address the question"})
    if _no_example_asked_for(card):
        caps.append({"reason": "no_example", "limit": OFF_TOPIC_CAP,
                     "text": f"capped at {OFF_TOPIC_CAP:.0f}: the question asks for a time you did it, and the answer "
                             "tells none"})
    if nothing_concrete(card):
        caps.append({"reason": "nothing_concrete", "limit": INCOMPLETE_CAP,
                     "text": f"capped at {INCOMPLETE_CAP:.0f}: the answer tells no example and names nothing concrete "
                             "(no number, name or date)"})
    lacking = incomplete_story(card) or checklist_short(card)
    if lacking:
        caps.append({"reason": "incomplete", "limit": INCOMPLETE_CAP,
                     "text": f"capped at {INCOMPLETE_CAP:.0f}: {lacking}"})
    if trade_off_unheard(card):
        caps.append({"reason": "no_trade_off", "limit": INCOMPLETE_CAP,
                     "text": f"capped at {INCOMPLETE_CAP:.0f}: the question asks for a trade-off, and none was heard"})
    b = card.budget
    if card.duration_s is not None and b.get("min_s") and card.duration_s < b["min_s"] / 2:
        caps.append({"reason": "too_short", "limit": TOO_SHORT_CAP,
                     "text": f"capped at {TOO_SHORT_CAP:.0f}: under half the {clock(b['min_s'])} minimum length"})
    caps.sort(key=lambda cap: cap["limit"])  # the one that holds the score first: every surface lists them so
    for cap in caps:
        overall = min(overall, cap["limit"])
    return round(overall, 1), caps


def incomplete_story(card: Scorecard) -> str:
    """What a story that tells an example lacks, in words for the cap ("the story has no clear Action", "the Action
    has no step you took yourself"); "" when its STAR verdict is complete, or there is no STAR analysis or example."""
    star = card.star
    if star is None or not example_told(star):
        return ""
    missing = [m for m in star.get("missing") or () if m in STAR_NAMES]
    said = ["the story has no clear " + " or ".join(STAR_NAMES[m] for m in missing)] if missing else []
    for flag in star.get("flags") or ():
        if isinstance(flag, dict) and flag.get("part") in STAR_NAMES and flag["part"] not in missing \
                and isinstance(flag.get("reason"), str):
            said.append(f"the {STAR_NAMES[flag['part']]} has {flag['reason'].split(':')[0]}")
    return "; ".join(said)


def checklist_short(card: Scorecard) -> str:
    """For an answer checked against its kind's checklist (not a STAR story): what it lacks when it covers fewer than
    half the parts ("the answer covers 1 of the 4 parts of a strategy answer"), or, for the answer to a follow-up, when
    it does not give what the probe asked for; else ""."""
    check = card.structure
    if check is None or not check.get("kind") or not check.get("steps"):
        return ""
    covered = sum(bool(step.get("covered")) for step in check["steps"])
    if 2 * covered >= len(check["steps"]):
        return ""
    if check["kind"] == FOLLOW_UP_KIND:  # one step: what the probe asked for
        return f"the follow-up asked you to {check['steps'][0]['name']}, and the answer does not"
    return f"the answer covers {covered} of the {len(check['steps'])} parts of a {kind_label(check['kind']).lower()} answer"


def trade_off_unheard(card: Scorecard) -> bool:
    """A story told to a question that asks for a trade-off (kind `technical_decision`) with nothing weighed against
    anything (`structure.TRADE_OFF`: "rather than", "two options", "chose X over Y", "but it would take...")."""
    kind = card.question.get("kind") if isinstance(card.question, dict) else None
    text = card.transcript.get("text") if isinstance(card.transcript, dict) else None
    return (kind == TRADE_OFF_KIND and card.star is not None and example_told(card.star) and isinstance(text, str)
            and not TRADE_OFF.search(text))


# The checklist kinds whose answers need something of the speaker's own to mean anything: a principle with no example
# and no fact is "I always align with the business", a motivation with none is "Coursera is a great company", a
# career with none is "I have a lot of experience managing teams".
CONCRETE_KINDS = ("strategy", "motivation", "career_summary", "vision")
# What the tip for such an answer asks for, by kind (others: one real example).
_CONCRETE_ASKS = {
    "motivation": "Make it yours: name what draws you to this company (a product, a course, a fact you know) and one "
                  "thing from your own work that ties you to this role.",
    "career_summary": "Make it concrete: your role now, how many years and people, and one result with a number.",
    "vision": "Make it concrete: name the bets you would make to get there, and how you would know they worked (a "
              "metric, a number).",
}


def nothing_concrete(card: Scorecard) -> bool:
    """An answer that tells no example and names nothing concrete (`specifics.concrete_details`: no number, name or
    date beyond the question's own words), where the question does not ask for one time (that has its own cap):
    - a STAR answer to a question that does not ask for one time ("How do you approach giving difficult feedback?");
    - a strategy, motivation or career-summary answer (`CONCRETE_KINDS`): "I think prioritization is really about
      understanding what matters most... communication is key" scored 86, "Coursera is a great company and I really
      love learning" 94, "I have a lot of experience managing teams. I'm a people-first manager..." 71 (as a story,
      before career summaries had their own checklist). A career with its numbers ("I've led three teams, of four, nine
      and fourteen engineers") tells no single time either, and is not capped."""
    question = card.question.get("text") if isinstance(card.question, dict) else None
    text = card.transcript.get("text") if isinstance(card.transcript, dict) else None
    if not isinstance(text, str):
        return False
    asked = {root(t) for t in tokens(question or "")}
    if any(root(detail) not in asked for detail in concrete_details(text)):
        return False
    if card.star is not None:
        return not example_told(card.star) and not asks_for_example(question or "")
    kind = card.structure.get("kind") if isinstance(card.structure, dict) else None
    return kind in CONCRETE_KINDS and not _told_example(card).told


def _told_example(card: Scorecard) -> Example:
    """Whether an answer checked against a checklist tells a specific time (as a STAR answer's own check does)."""
    return find_example([s.get("text") or "" for s in card.sentences])


def _no_example_asked_for(card: Scorecard) -> bool:
    """A STAR answer that tells no specific time, to a question that asks for one."""
    question = card.question.get("text") if isinstance(card.question, dict) else None
    return card.star is not None and not example_told(card.star) and asks_for_example(question or "")


# --------------------------------------------------------------------------- evidence helpers


def _sentence_at(card: Scorecard, at_s: float | None) -> dict | None:
    if at_s is None:
        return None
    timed = [s for s in card.sentences if s.get("start") is not None and s.get("end") is not None]
    inside = next((s for s in timed if s["start"] - 0.05 <= at_s <= s["end"] + 0.05), None)
    if inside:
        return inside
    before = [s for s in timed if s["end"] <= at_s]
    return before[-1] if before else (timed[0] if timed else None)


def _sentence_evidence(sentence: dict | None, lead: str = "At") -> str:
    if not sentence:
        return ""
    return quote(sentence.get("text"), sentence.get("start"), lead)


def filler_snippet(card: Scorecard, filler: dict) -> str:
    """A few words around a filler, quoted with its time."""
    words = card.transcript.get("words") or []
    start = filler.get("start")
    if start is not None and words:
        i = min(range(len(words)), key=lambda k: abs(float(words[k]["start"]) - float(start)))
        span = " ".join(str(w["word"]).strip() for w in words[max(0, i - 3): i + 5])
        return quote(span, float(start))
    index = filler.get("index")
    if isinstance(index, int):
        from .fillers import tokens_from_text

        tokens = [t.text for t in tokens_from_text(card.transcript.get("text") or "")]
        return quote(" ".join(tokens[max(0, index - 3): index + 5]))
    return ""


# --------------------------------------------------------------------------- tips


_REJECTION_WORDS = {
    "structure": ("example", "concrete", "specific", "vision", "articulate", "problem-solving", "strategic", "depth"),
    "relevance": ("example", "specific", "concrete", "articulate", "alignment"),
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


def rejection_reason_about(item: str, question: PlannedQuestion) -> str | None:
    """The round's reason for rejection that shares the most topic words with one of its criteria ("Basic understanding
    of management principles" with "Poor understanding of people management principles"); None when none shares one."""
    if question.round is None:
        return None
    words = topic_roots(item)
    shared = [(len(words & topic_roots(reason)), -i, reason) for i, reason in enumerate(question.round.rejection_reasons)]
    best = max(shared, default=(0, 0, None))
    return best[2] if best[0] else None


def _star_part(star: dict, name: str) -> dict | None:
    return next((p for p in star.get("parts") or () if p.get("part") == name), None)


def _missing_part_evidence(card: Scorecard, star: dict, missing: str) -> str:
    """Where the missing part would have been: the sentence that stands in its place."""
    timed = card.sentences
    if not timed:
        return ""
    if missing == "situation":
        return _sentence_evidence(timed[0], "The answer opens at")
    if missing == "result":
        return _sentence_evidence(timed[-1], "The answer ends at")
    later = [p for p in star.get("parts") or () if list(STAR_NAMES).index(p.get("part", "result")) > list(STAR_NAMES).index(missing)]
    if later and later[0].get("sentences"):
        first = later[0]["sentences"][0]
        sentence = next((s for s in timed if s.get("index") == first), None)
        return _sentence_evidence(sentence, f"Straight to the {STAR_NAMES[later[0]['part']]} at")
    return _sentence_evidence(timed[-1], "The answer ends at")


def choose_tips(card: Scorecard, question: PlannedQuestion, count: int = 3) -> list[Tip]:
    """The pinned tips first (speech not heard, an answer off the question, far too short), then the rest by impact."""
    from .scorecard import Tip

    scores = card.scores
    pinned: list[Tip] = []
    leading: list[Tip] = []  # the tips that say why the overall is capped for an incomplete story, after the pinned
    tips: list[Tip] = []
    incomplete = any(cap.get("reason") == "incomplete" for cap in card.caps)

    def add(dimension: str, weight: float, text: str, evidence: str, at_s: float | None = None,
            sentence: str | None = None, cap_reason: bool = False, about: str | None = None):
        if dimension in card.unreliable:
            return
        deficit = 100 - scores.get(dimension, 100)
        if deficit <= 0 and weight < 1.0 and not cap_reason:
            return
        reason = rejection_reason_for(dimension, question) if about is None else rejection_reason_about(about, question)
        (leading if cap_reason else tips).append(
            Tip(dimension, round(deficit * weight + weight, 1), text, at_s, sentence, reason, evidence))

    check = card.audio_check or {}
    message = unheard_message(check)
    if message:
        first = check["unheard"][0]
        stretch = f"From {clock(first['start'])} to {clock(first['end'])}" + (
            f" (and {len(check['unheard']) - 1} more stretch(es))" if len(check["unheard"]) > 1 else "")
        pinned.append(Tip("audio", 100.0, message, first["start"], None, None,
                          stretch + ": speech in the recording, no words in the transcript"))
    relevance = card.relevance
    if relevance is not None and not relevance["on_topic"] and "relevance" not in card.unreliable:
        opening = card.sentences[0] if card.sentences else None
        pinned.append(Tip("relevance", 100.0, "This answer does not seem to address the question asked: answer "
                          f"'{_clip(question.text, 90)}' with an example of your own.",
                          opening.get("start") if opening else None, opening.get("text") if opening else None,
                          rejection_reason_for("relevance", question), relevance.get("evidence") or ""))
    b = card.budget
    last = card.sentences[-1] if card.sentences else None
    if b.get("verdict") == "too_short":
        half = card.duration_s is not None and card.duration_s < b["min_s"] / 2
        text = (f"Your answer lasted {clock(card.duration_s)}, under half the {clock(b['min_s'])} minimum: give a "
                f"full answer with a concrete example and what came of it, aiming for about {clock(b['target_s'])}."
                if half else
                f"Your answer lasted {clock(card.duration_s)}, under the {clock(b['min_s'])} minimum: add a "
                f"concrete example and what came of it, aiming for about {clock(b['target_s'])}.")
        evidence = (quote(last.get("text"), last.get("end"), "The last words end at") if last and last.get("end") is not None
                    else _sentence_evidence(last, "The last sentence starts at") or f"It ends at {clock(card.duration_s)}")
        if half:
            pinned.append(Tip("length", 100.0, text, card.duration_s, None, rejection_reason_for("length", question), evidence))
        else:
            add("length", 1.2, text, evidence)
    elif b.get("verdict") in ("long", "over_limit"):
        at_target = _sentence_at(card, b["target_s"])
        add("length", 1.2 if b["verdict"] == "over_limit" else 0.8,
            f"Your answer ran {clock(card.duration_s)} against a target of {clock(b['target_s'])} (max {clock(b['max_s'])}): "
            "trim the set-up to two sentences and keep the detail for follow-up questions.",
            _sentence_evidence(at_target, "At the target time you were at") or f"At {clock(b['target_s'])}",
            at_s=b["target_s"])
    star = card.star
    if star is not None and not example_told(star):
        # No story, so no part of one: one tip for the whole structure instead of one per missing part.
        at = star["example"].get("sentence", 0) if isinstance(star.get("example"), dict) else 0
        sentence = next((s for s in card.sentences if s.get("index") == at),
                        card.sentences[0] if card.sentences else None)
        evidence = "No event in the past and no time or place of one was heard" + (
            "; " + quote(sentence.get("text"), sentence.get("start"), "at") if sentence and sentence.get("text") else "")
        if _no_example_asked_for(card):
            pinned.append(Tip("structure", 100.0, "This answer tells no specific example, and the question asks for one: "
                              "tell one real time, where you were, what you did and what came of it.",
                              sentence.get("start") if sentence else None, sentence.get("text") if sentence else None,
                              rejection_reason_for("structure", question), evidence))
        else:
            add("structure", 1.5, "Back this answer with one real example: a time you did it, what you did and what "
                                  "came of it.", evidence, at_s=sentence.get("start") if sentence else None,
                sentence=_clip(sentence["text"], 160) if sentence and sentence.get("text") else None,
                cap_reason=any(cap.get("reason") == "nothing_concrete" for cap in card.caps))
    elif star is None and any(cap.get("reason") == "nothing_concrete" for cap in card.caps):
        at = _told_example(card).sentence
        sentence = next((s for s in card.sentences if s.get("index") == at), card.sentences[0] if card.sentences else None)
        evidence = "No example, number, name or date was heard" + (
            "; " + quote(sentence.get("text"), sentence.get("start"), "at") if sentence and sentence.get("text") else "")
        text = _CONCRETE_ASKS.get(card.structure.get("kind"),
                                  "Back this answer with one real example: a time you did it, what you did and what "
                                  "came of it.")
        add("structure", 1.5, text, evidence, at_s=sentence.get("start") if sentence else None,
            sentence=_clip(sentence["text"], 160) if sentence and sentence.get("text") else None, cap_reason=True,
            about=question.text if card.structure.get("kind") == "motivation" else None)
    if star is not None and example_told(star):
        # "Is missing" only for what is safe to probe: the labeller's confident verdicts when it gives them. A part
        # judged absent with less confidence (shown as not heard on the cards) gets a softer "was not clear".
        absent = [m for m in star.get("missing") or () if m in STAR_NAMES]
        sure = [m for m in star.get("confident_missing") or () if m in absent] if star.get("presence") else absent
        if "result" in absent:
            if "result" in sure:
                add("structure", 1.5, "Your story has no Result: end by saying what changed because of what you did, "
                                      "with a number if you can (time saved, %, customers, money).",
                    _missing_part_evidence(card, star, "result"), cap_reason=incomplete)
            else:
                add("structure", 1.0, "The Result was not clear: end by saying plainly what changed because of what "
                                      "you did, with a number if you can.",
                    _missing_part_evidence(card, star, "result"), cap_reason=incomplete)
        elif not star.get("result_quantified", True) and not any(
                isinstance(f, dict) and f.get("part") == "result" for f in star.get("flags") or ()):
            # (A flagged Result gets its own tip, which asks for what changed.)
            part = _star_part(star, "result")
            if part:
                add("structure", 1.0, "Put a number on the Result if you can: how much time, money, errors or people it "
                                      "changed, or how many others took it up.",
                    quote(part["text"], part.get("start")), at_s=part.get("start"), sentence=_clip(part["text"], 160))
        advice = {"situation": "open with one or two sentences of context (where, when, what was at stake).",
                  "task": "say what you were responsible for, in one sentence, before what you did.",
                  "action": "spend most of the answer on the steps you personally took."}
        if "situation" in absent and "task" in absent:  # one setting (see analysis/star.py): one tip for both
            add("structure", 0.8, "The Situation and Task were not clear: open with one or two sentences of context "
                                  "(where, when, what was at stake) and what you were responsible for.",
                _missing_part_evidence(card, star, "situation"), cap_reason=incomplete)
        for missing in absent:
            if missing == "result" or (missing in ("situation", "task") and {"situation", "task"} <= set(absent)):
                continue
            if missing in sure:
                add("structure", 1.0, f"The {STAR_NAMES[missing]} is missing: " + advice[missing],
                    _missing_part_evidence(card, star, missing), cap_reason=incomplete)
            else:
                add("structure", 0.6, f"The {STAR_NAMES[missing]} was not clear: " + advice[missing],
                    _missing_part_evidence(card, star, missing), cap_reason=incomplete)
        flagged = set()
        for flag in star.get("flags") or ():
            if not isinstance(flag, dict) or flag.get("part") not in STAR_NAMES or not isinstance(flag.get("reason"), str):
                continue
            flagged.add(flag["part"])
            add("structure", 1.0, f"The {STAR_NAMES[flag['part']]} has {flag['reason']}.",
                quote(flag.get("evidence"), flag.get("start")), at_s=flag.get("start"),
                sentence=_clip(flag["evidence"], 160) if isinstance(flag.get("evidence"), str) else None,
                cap_reason=incomplete)
        if any(cap.get("reason") == "no_trade_off" for cap in card.caps):
            add("structure", 1.2, "This question asks for a trade-off: say what you weighed against what, what you "
                                  "chose, and what you gave up.",
                "No option weighed against another was heard; " + (
                    _sentence_evidence(card.sentences[0], "the answer opens at") if card.sentences else "no sentence"),
                cap_reason=True)
        action = _star_part(star, "action")
        if "action" in (star.get("thin") or ()) and action:
            add("structure", 1.0, "The Action part is thin: most of a STAR answer should be what you did, step by step.",
                f"The Action is {action.get('share', 0) * 100:.0f}% of the answer: " + quote(action["text"], action.get("start")),
                at_s=action.get("start"))
        we, me = star.get("action_we", 0) or 0, star.get("action_i", 0) or 0
        if action and we > me and we >= 3 and "action" not in flagged:  # a flagged Action already says so
            add("structure", 0.8, f"In the Action part you said 'we' {we} times and 'I' {me} times: interviewers assess "
                                  "you, so say what you did.", quote(action["text"], action.get("start")),
                at_s=action.get("start"))
    if card.structure is not None:
        # A step that something in the answer only looked like: "I'm a perfectionist" as the weakness.
        for step in card.structure["steps"]:
            at = step.get("near_miss")
            near = next((s for s in card.sentences if s.get("index") == at), None) if not step.get("covered") else None
            if near and near.get("text") and step.get("note") in _NEAR_MISS_TIPS:
                add("structure", 1.3, _NEAR_MISS_TIPS[step["note"]],
                    quote(near["text"], near.get("start")), at_s=near.get("start"), sentence=_clip(near["text"], 160),
                    cap_reason=any(cap.get("reason") == "incomplete" for cap in card.caps))
    if card.structure is not None and card.structure["missing"]:
        missing = ", ".join(card.structure["missing"])
        n = len(card.sentences)
        text = (f"The follow-up asked you to {missing}: answer that first." if card.structure["kind"] == "follow_up"
                else f"For a {kind_label(card.structure['kind']).lower()} answer, cover: {missing}.")
        add("structure", 1.2, text,
            f"Not heard in any of the {n} sentence(s); " + (_sentence_evidence(card.sentences[0], "the answer opens at")
                                                            if card.sentences else "no sentence was heard"),
            cap_reason=any(cap.get("reason") == "incomplete" for cap in card.caps))
    # The round focus gives a tip only when the answer touches none of the round's topics: one answer is not meant to
    # cover a whole round. Given to the people-management round, 41 of the 42 strong published answers miss one of its
    # topics or more and 2 touch none; 5 of the 7 weak ones with a question touch none (development figures; a good
    # feedback story of mine touches 2 of its 9).
    focus = card.round_focus
    if focus and focus["missed"] and focus.get("coverage") == 0:
        add("structure", 0.5, "Tie the answer to what this round looks for: " + "; ".join(focus["missed"][:2]) + ".",
            f"The answer touches none of the {len(focus['missed'])} topics this round looks for; none of the words of "
            f"'{_clip(focus['missed'][0], 60)}' was heard", about=focus["missed"][0])
    if card.pace.get("flag") in ("too_fast", "too_slow") and card.wpm is not None:
        timeline = card.pace.get("timeline") or []
        if card.pace["flag"] == "too_fast":
            window = max(timeline, key=lambda w: w["wpm"], default=None)
            text = (f"You spoke at {card.wpm:.0f} words a minute, above the {PACE_BAND_WPM[1]:.0f} that is easy to "
                    "follow: slow down and let key points land.")
        else:
            window = min(timeline, key=lambda w: w["wpm"], default=None)
            text = (f"You spoke at {card.wpm:.0f} words a minute, below {PACE_BAND_WPM[0]:.0f}: tighten your "
                    "sentences and keep momentum.")
        evidence = (f"From {clock(window['start'])} to {clock(window['end'])}: {window['wpm']:.0f} words a minute"
                    if window else f"{card.wpm:.0f} words a minute over the whole answer")
        add("pacing", 1.0, text, evidence, at_s=window["start"] if window else None)
    long_pauses = [p for p in card.pauses if p["long"]]
    if long_pauses:
        worst = max(long_pauses, key=lambda p: p["duration"])
        before = _sentence_at(card, worst["start"])
        add("pauses", 1.0, f"{len(long_pauses)} long pause(s); the longest, {worst['duration']:.1f} s at "
                           f"{clock(worst['start'])}. A short pause is fine; for longer thinking say 'let me think' "
                           "and structure aloud.",
            f"At {clock(worst['start'])}: {worst['duration']:.1f} s of silence"
            + (f" after '{_clip(before['text'], 80)}'" if before else ""), at_s=worst["start"])
    if card.fillers:
        counts: dict[str, int] = {}
        for f in card.fillers:
            counts[f["word"]] = counts.get(f["word"], 0) + 1
        top = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
        listed = ", ".join(f"'{w}' x{c}" for w, c in top)
        rate = f", {card.fillers_per_min:.1f} a minute" if card.fillers_per_min is not None else ""
        add("fillers", 1.0, f"{count_note(len(card.fillers))} ({listed}{rate}). Replace them with a silent pause.",
            filler_snippet(card, card.fillers[0]), at_s=card.fillers[0].get("start"))
    if card.language["hedges"]:
        hedge = card.language["hedges"][0]
        sentence = next((s for s in card.sentences if s["index"] == hedge["sentence"]), None)
        add("language", 0.7, f"Hedging ('{hedge['phrase']}', {len(card.language['hedges'])} in all) sounds unsure: state "
                             "what you did and decided.", _sentence_evidence(sentence),
            at_s=sentence.get("start") if sentence else None, sentence=sentence["text"] if sentence else None)
    if card.language["repeated_phrases"]:
        phrase = card.language["repeated_phrases"][0]
        add("language", 0.5, f"You said '{phrase['phrase']}' {phrase['count']} times: vary the wording.",
            f"'{phrase['phrase']}' x{phrase['count']}")
    if relevance is not None and relevance["on_topic"] and relevance.get("theme_heard") is False:
        theme = next(iter(relevance.get("theme_terms") or ()), "")
        words = theme_words(theme) if theme else []
        add("relevance", 1.0, f"The question asks about '{theme}': say how this story is about it"
            + (f" (no '{theme}', {', '.join(repr(w) for w in words)} or the like was heard)." if words else "."),
            relevance.get("evidence") or "")
    elif relevance is not None and relevance["on_topic"] and relevance["score"] < WEAK_BELOW:
        # What it asks about, not whom: "name what it asks about (team, member)" is no advice for a feedback story.
        terms = [t for t in relevance.get("question_terms") or ()
                 if t not in (relevance.get("terms_heard") or ()) and not people_term(t)][:3]
        if terms:
            add("relevance", 0.8, f"Tie the answer to the question asked: name what it asks about ({', '.join(terms)}).",
                relevance.get("evidence") or "")
    if card.pitch and card.pitch.get("monotone"):
        add("delivery", 0.8, f"Your pitch varied by only {card.pitch['spread_semitones']:.1f} semitones: stress key words "
                             "and results to sound engaged.",
            f"Over the whole answer: {card.pitch['spread_semitones']:.1f} semitones of pitch range (lively speech: 3 or more)")
    leading.sort(key=lambda t: -t.impact)
    tips.sort(key=lambda t: -t.impact)
    return (pinned + leading + tips)[:count]


def unscored_dimensions(card: Scorecard) -> list[str]:
    """The dimensions not scored because part of the speech has no words in the transcript."""
    return list(CONTENT_DIMENSIONS) if (card.audio_check or {}).get("unheard") else []
