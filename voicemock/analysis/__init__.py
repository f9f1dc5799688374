"""Answer analysis: pure functions from (transcript, question, audio) to a Scorecard. No UI code."""

from __future__ import annotations

from dataclasses import asdict

import numpy as np

from ..format import clock
from ..interview.plan import PlannedQuestion
from ..speech.transcript import Transcript
from .fillers import find_fillers
from .heard import audio_check
from .language import analyze_language
from .pitch import pitch_stats
from .relevance import assess_relevance
from .scorecard import FORMAT_VERSION, Scorecard, Tip, upgrade
from .star import analyze_star
from .structure import FOLLOW_UP_KIND, answer_kind, check_structure, looks_for_coverage
from .text import STOPWORDS, sentences_with_times, tokens
from .timing import LONG_PAUSE_S, PACE_BAND_WPM, PACE_SOURCE, length_verdict, measure_timing, pace_flag
from .tips import choose_tips, dimension_scores, overall_score, unscored_dimensions

__all__ = ["analyze", "Scorecard", "Tip", "format_scorecard", "upgrade", "FORMAT_VERSION"]

STAR_KINDS = ("behavioral", "technical_decision")
MIN_WORDS = 8
MIN_WORDS_FOLLOW_UP = 4  # "Pages dropped to one a week." answers "What was the outcome?" in full


def _english_enough(text: str, language: str) -> bool:
    if language and language not in ("en", ""):
        return False
    words = tokens(text)
    if len(words) < 8:
        return True
    return sum(1 for w in words if w in STOPWORDS) / len(words) >= 0.15


def analyze(transcript: Transcript, question: PlannedQuestion, samples: np.ndarray | None = None,
            sample_rate: int = 16000) -> Scorecard:
    words = transcript.words
    text = transcript.text.strip()
    timing = measure_timing(words, samples, sample_rate, transcript.duration or None) if (samples is not None or words) else None
    sentences = sentences_with_times(text, words)
    sentence_texts = [s.text for s in sentences]
    fillers = find_fillers(text, words if words else None)
    counted = [w for w in tokens(text)]
    verdict, message = "ok", ""
    if not text or not transcript.speech_found:
        verdict, message = "no_speech", "No speech was heard in this answer: check the microphone and answer aloud, then retry."
    elif len(counted) < (MIN_WORDS_FOLLOW_UP if question.kind == FOLLOW_UP_KIND else MIN_WORDS):
        verdict, message = "too_little", (f"Only {len(counted)} word(s) were heard: give a full answer (aim for about "
                                          f"{clock(question.budget.target_s)}, at most {clock(question.budget.max_s)}) "
                                          "and retry.")
    elif not _english_enough(text, transcript.language):
        verdict, message = "not_english", "This answer does not look like English: voicemock coaches English answers; answer in English and retry."

    kind = answer_kind(question.kind, question.text)  # the checklist it is held to (a STAR story, or another)
    star = analyze_star(sentences) if kind in STAR_KINDS and verdict == "ok" else None
    # The one verdict on STAR parts: a sentence is coloured only with a part judged present (a folded part, told
    # within another part's sentence, leaves that sentence its host's colour).
    star_doc = _star_dict(star)
    part_of = {i: p["part"] for p in (star_doc["parts"] if star_doc else ()) if not p.get("folded_into")
               for i in p["sentences"]}
    structure = check_structure(kind, sentence_texts, question) if kind not in STAR_KINDS and verdict == "ok" else None
    language = analyze_language(question.text, text, sentence_texts)
    pitch = pitch_stats(samples, sample_rate) if samples is not None and samples.size and verdict == "ok" else None

    duration = timing.duration_s if timing else None
    budget = question.budget
    budget_verdict = length_verdict(duration, budget) if duration is not None and verdict == "ok" else None
    minutes = (timing.speaking_s / 60.0) if timing and timing.speaking_s else None
    pauses = [
        {"start": p.start, "end": p.end, "duration": round(p.duration, 2), "long": p.duration >= LONG_PAUSE_S}
        for p in (timing.pauses if timing else [])
    ]
    card = Scorecard(
        verdict=verdict,
        message=message,
        question=question.to_dict(),
        transcript={
            "text": text,
            "words": [{"word": w.word.strip(), "start": round(float(w.start), 2), "end": round(float(w.end), 2),
                       "probability": round(float(w.probability), 3)} for w in words],
            "model": transcript.model,
            "language": transcript.language,
        },
        duration_s=duration,
        speaking_s=timing.speaking_s if timing else None,
        speech_s=timing.speech_s if timing else None,
        first_word_s=timing.first_word_s if timing else None,
        wpm=timing.wpm if timing else None,
        articulation_wpm=timing.articulation_wpm if timing else None,
        pace={
            "band_wpm": list(PACE_BAND_WPM),
            "source": PACE_SOURCE,
            "flag": pace_flag(timing.wpm if timing else None),
            "timeline": timing.timeline if timing else [],
        },
        pauses=pauses,
        longest_pause_s=max((p["duration"] for p in pauses), default=None),
        fillers=[{"word": f.word, "start": f.start, "index": f.index} for f in fillers],
        fillers_per_min=round(len(fillers) / minutes, 2) if minutes else None,
        star=star_doc,
        structure=_structure_dict(structure),
        language={
            "hedges": [asdict(h) for h in language.hedges],
            "repeated_phrases": [{"phrase": p, "count": c} for p, c in language.repeated_phrases],
            "question_terms": list(language.question_terms),
            "terms_addressed": list(language.terms_addressed),
            "coverage": language.coverage,
        },
        pitch=asdict(pitch) if pitch else None,
        budget={**budget.to_dict(), "verdict": budget_verdict},
        scores={},
        sentences=[{"index": s.index, "text": s.text, "start": s.start, "end": s.end,
                    "part": part_of.get(s.index)} for s in sentences],
    )
    follow_up = question.kind == FOLLOW_UP_KIND  # one part of a story: checked for what the probe asked, not its words
    if verdict == "ok" and question.round is not None and not follow_up:
        coverage, missed = looks_for_coverage(text, question)
        card.round_focus = {"coverage": coverage, "missed": list(missed)} if coverage is not None else None
    if verdict == "ok":
        opening = (sentences[0].text, sentences[0].start) if sentences else None
        rel = None if follow_up else assess_relevance(question, text, opening)
        card.relevance = None if rel is None else {"score": rel.score, "on_topic": rel.on_topic, "features": rel.features,
                          "weights": rel.weights, "question_terms": list(rel.question_terms),
                          "terms_heard": list(rel.terms_heard), "related_heard": list(rel.related_heard),
                          "evidence": rel.evidence, "theme_terms": list(rel.theme_terms),
                          "theme_heard": rel.theme_heard}
        card.audio_check = audio_check(words, samples, sample_rate)
        card.unreliable = unscored_dimensions(card)
        card.scores = dimension_scores(card)
        card.overall, card.caps = overall_score(card)
        card.tip_details = [asdict(t) for t in choose_tips(card, question)]
    else:
        card.tip_details = [asdict(Tip("answer", 100.0, message, evidence=_bad_input_evidence(verdict, text, duration)))]
    return card


def _bad_input_evidence(verdict: str, text: str, duration: float | None) -> str:
    length = f" in {duration:.0f} s of recording" if duration else ""
    if verdict == "no_speech":
        return f"No words were transcribed{length}"
    clipped = text if len(text) <= 90 else text[:89].rstrip() + "…"
    return f"Heard{length}: '{clipped}'"


def _star_dict(star) -> dict | None:
    """`parts` lists only the parts judged present; `missing` the others: the one field every surface reads."""
    if star is None:
        return None
    return {
        "parts": [{"part": p.part, "text": p.text, "start": p.start, "end": p.end, "share": p.share,
                   "sentences": list(p.sentences), "probability": p.probability, "evidence": p.evidence,
                   "folded_into": p.folded_into} for p in star.parts],
        "labels": list(star.labels),
        "missing": list(star.missing),
        "presence": dict(star.presence),
        "confident_missing": list(star.confident_missing),
        "score": star.score,
        "thin": list(star.thin),
        "flags": [{"part": f.part, "reason": f.reason, "evidence": f.evidence, "sentence": f.sentence,
                   "start": f.start} for f in star.flags],
        "complete": star.complete,
        "action_i": star.action_i,
        "action_we": star.action_we,
        "result_quantified": star.result_quantified,
        "ends_on_result": star.ends_on_result,
        "example": {"told": star.example, "sentence": star.example_sentence},
    }


def _structure_dict(check) -> dict | None:
    if check is None:
        return None
    return {
        "kind": check.kind,
        "steps": [{"name": s.name, "covered": s.covered, "first_sentence": s.first_sentence, "near_miss": s.near_miss,
                   "note": s.note}
                  for s in check.steps],
        "missing": list(check.missing),
        "looks_for_coverage": check.looks_for_coverage,
        "looks_for_missed": list(check.looks_for_missed),
        "score": round(check.score, 1),
    }


def format_scorecard(card: Scorecard):
    from .render import render_scorecard

    return render_scorecard(card)
