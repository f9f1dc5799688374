"""Can a candidate trust the coaching? Relevance, the overall score and the audio checks, on real material from
../shared/eval (read by path, never copied).

Prints and saves (bench/results/eval_coaching.json, sections kept from earlier runs when only some are run):

- relevance: the published answers their sources call strong, each given to its own question, against off-topic
  answers: the read-speech transcripts of ../shared/eval/speech (single clips of 8 words or more, and whole answers of
  60-150 words joined from consecutive clips of one source) given to every question of the built-in guide; and,
  reported apart, real answers given to another source's question. AUC and score ranges for each feature alone and
  for the combinations (ablation). And the theme check: how many answers, to their own question and to every
  question of another source, have no word of the theme their question names. The feature weights are set by hand
  and the threshold was chosen on these same examples: every figure here is a development figure.
- overall: the overall score of the strong answers (as timed transcripts at 140 words a minute, every sentence
  followed by a 0.4 s pause), of the weak ones with a question (which caps held them down) and of the off-topic
  answers through the whole analysis (the gate at work).
- audio: the same through the audio path: strong answers spoken by espeak and real read speech, transcribed by the
  default model and analysed with their audio.
- recover: on those long espeak answers, the first pass alone against the transcript with the speech it gave no
  words decoded again (words recovered, word error rate before and after, re-decode time); recover_base: the same
  with the `base` model ("Transcribe again").
- level: the speech level of the real clips, and how the word error rate of the default model changes as real clips
  are played quieter (the quiet-recording warning's level comes from this).
- unheard: real speech that the transcript lacks (one real clip transcribed, another real clip appended after it
  untranscribed) is found, and nothing is reported on the whole clips as transcribed.
- fillers: the filler counter on Rev16 (from eval_analysis), and how often Rev's cleaners removed a sentence-opening
  "So" (why it is not counted).

    .venv/bin/python bench/eval_coaching.py [relevance] [overall] [audio] [recover] [recover_base] [level] [unheard] [fillers]
"""

from __future__ import annotations

import csv
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import BENCH_DIR, EVAL_SPEECH, manifest, save  # noqa: E402

EVAL = EVAL_SPEECH.parent
RATE = 16000
WPM = 140.0


def star_rows() -> list[dict]:
    rows = [json.loads(line) for name in ("star-train", "star-dev") for line in open(EVAL / f"{name}.jsonl")]
    return [r for r in rows if r.get("question") and r.get("answer")]


def source_of(row: dict) -> str:
    url = row.get("source_url") or ""
    return url.split("/")[2] if url.count("/") >= 2 else url


def guide_questions():
    from voicemock.interview.guides import find_guide
    from voicemock.interview.plan import plan_questions

    guide = find_guide()
    return guide, list(plan_questions(guide, [q.id for q, _ in guide.all_questions()]).questions)


def story_round(guide):
    """The guide's round with the most behavioural questions: the round a published behavioural answer is given to,
    so that the round feature can be measured for answers and off-topic speech alike."""
    return max(guide.rounds, key=lambda r: sum(q.kind == "behavioral" for q in r.questions))


def published_question(row: dict, rnd=None):
    from dataclasses import replace

    from voicemock.interview.plan import adhoc_question

    planned = adhoc_question(row["question"], kind="behavioral")
    return replace(planned, round=rnd) if rnd is not None else planned


def speech_texts() -> dict[str, list[str]]:
    """Off-topic 'answers' from real read speech: single clips of 8+ words, and consecutive clips of one source
    joined to 60-150 words."""
    rows = manifest()
    single = [r["transcript"].strip() for r in rows if len(r["transcript"].split()) >= 8]
    joined: list[str] = []
    by_source: dict[str, list[str]] = {}
    for r in rows:
        by_source.setdefault(r["file"].split("/")[0], []).append(r["transcript"].strip())
    for texts in by_source.values():
        current: list[str] = []
        for text in texts:
            current.append(text)
            if sum(len(t.split()) for t in current) >= 60:
                joined.append(" ".join(current))
                current = []
        if current and sum(len(t.split()) for t in current) >= 40:
            joined.append(" ".join(current))
    return {"single_clips": single, "joined_answers": [j for j in joined if len(j.split()) <= 150] + [
        " ".join(j.split()[:150]) for j in joined if len(j.split()) > 150]}


def auc(pos: list[float], neg: list[float]) -> float | None:
    if not pos or not neg:
        return None
    neg_sorted = np.sort(np.asarray(neg))
    wins = 0.0
    for p in pos:
        lower = np.searchsorted(neg_sorted, p, side="left")
        upper = np.searchsorted(neg_sorted, p, side="right")
        wins += lower + 0.5 * (upper - lower)
    return round(wins / (len(pos) * len(neg)), 4)


def _range(values: list[float]) -> dict:
    if not values:
        return {}
    a = np.asarray(values)
    return {"n": len(values), "min": round(float(a.min()), 3), "p5": round(float(np.percentile(a, 5)), 3),
            "median": round(float(np.median(a)), 3), "p95": round(float(np.percentile(a, 95)), 3),
            "max": round(float(a.max()), 3)}


def relevance_figures() -> dict:
    from voicemock.analysis.relevance import (OFF_TOPIC_BELOW, WEAK_BELOW, combine, kind_coverage,
                                              question_term_coverage, round_coverage, theme_heard)
    from voicemock.analysis.text import tokens

    guide, questions = guide_questions()
    rnd = story_round(guide)
    rows = star_rows()
    strong = [r for r in rows if r.get("quality") == "strong"]

    def features(question, text, variants=True, related=True):
        words = tokens(text)
        return {"question": question_term_coverage(question.text, words, variants, related, text if related else "")[0],
                "round": round_coverage(text, question), "kind": kind_coverage(question.kind, words)}

    positives = [features(published_question(r, rnd), r["answer"]) for r in strong]
    # The ablation gives off-topic speech only to the guide's questions that belong to a round, so that the round
    # feature is measured on both sides; the gate figures below use every question.
    in_rounds = [q for q in questions if q.round is not None]
    offtopic = {name: [features(q, t) for t in texts for q in in_rounds] for name, texts in speech_texts().items()}
    offtopic_all = {name: [features(q, t) for t in texts for q in questions] for name, texts in speech_texts().items()}
    rng = random.Random(11)
    other_question = []
    for r in strong:
        others = [o for o in rows if source_of(o) != source_of(r) and o["question"].strip().lower() != r["question"].strip().lower()]
        other_question.append(features(published_question(rng.choice(others), rnd), r["answer"]))
    combos = [("question",), ("round",), ("kind",), ("question", "round"), ("question", "kind"), ("round", "kind"),
              ("question", "round", "kind")]
    ablation = []
    for use in combos:
        pos = [combine(f, use) for f in positives]
        entry = {"features": "+".join(use), "strong_on_topic": _range(pos)}
        for name, feats in offtopic.items():
            neg = [combine(f, use) for f in feats]
            entry[f"auc_vs_{name}"] = auc(pos, neg)
            entry[name] = _range(neg)
        other = [combine(f, use) for f in other_question]
        entry["auc_vs_other_question"] = auc(pos, other)
        entry["other_question"] = _range(other)
        ablation.append(entry)
    # Variants and related words: the question feature alone, without each.
    term_ablation = []
    for variants, related in ((False, False), (True, False), (True, True)):
        # A question with no topic words (only how to answer: "a challenging problem you solved") has no such feature.
        pos = [features(published_question(r, rnd), r["answer"], variants, related)["question"] for r in strong]
        neg = [features(q, t, variants, related)["question"] for t in speech_texts()["joined_answers"] for q in questions]
        other = [features(published_question(rng.choice([o for o in rows if source_of(o) != source_of(r)]), rnd),
                          r["answer"], variants, related)["question"] for r in strong]
        pos, neg, other = ([x for x in xs if x is not None] for xs in (pos, neg, other))
        term_ablation.append({"variants": variants, "related_words": related, "auc_vs_joined_answers": auc(pos, neg),
                              "auc_vs_other_question": auc(pos, other),
                              "strong_with_no_term": sum(1 for p in pos if not p)})
    full = [combine(f) for f in positives]
    gate = {"threshold": OFF_TOPIC_BELOW,
            "strong_flagged_off_topic": sum(1 for s in full if s < OFF_TOPIC_BELOW), "strong": len(full)}
    for name, feats in offtopic_all.items():
        scores = [combine(f) for f in feats]
        gate[f"{name}_passed_as_on_topic"] = sum(1 for s in scores if s >= OFF_TOPIC_BELOW)
        gate[name] = len(scores)
    # The published answers no source judges, and the weak ones, each to its own question: real answers written for
    # those questions (the unjudged ones should pass; a weak one may be a non-answer such as "I can't think of one").
    for quality in ("unjudged", "weak"):
        own = [r for r in rows if (r.get("quality") if r.get("quality") in ("strong", "weak") else "unjudged") == quality]
        flagged = [r["id"] for r in own if combine(features(published_question(r, rnd), r["answer"])) < OFF_TOPIC_BELOW]
        gate[f"{quality}_flagged_off_topic"] = flagged
        gate[quality] = len(own)
    other = [combine(f) for f in other_question]
    gate["other_question_flagged_off_topic"] = sum(1 for s in other if s < OFF_TOPIC_BELOW)
    gate["other_question"] = len(other)
    gate["weak_tip_below"] = WEAK_BELOW
    gate["strong_given_the_tie_to_the_question_tip"] = sum(1 for s in full if OFF_TOPIC_BELOW <= s < WEAK_BELOW)
    gate["other_question_given_the_tie_to_the_question_tip"] = sum(1 for s in other if OFF_TOPIC_BELOW <= s < WEAK_BELOW)
    # The theme check: a question that names a theme ("feedback", "conflict", "failed") answered with no word of it
    # or a related one. Each published answer to its own question, and to every question of another source.
    theme = {}
    for quality in ("strong", "unjudged", "weak"):
        own = [r for r in rows if (r.get("quality") if r.get("quality") in ("strong", "weak") else "unjudged") == quality]
        heard = [(r["id"], theme_heard(published_question(r, rnd).text, tokens(r["answer"]), r["answer"])) for r in own]
        theme[f"{quality}_own_question_theme_unheard"] = [i for i, h in heard if h is False]
        theme[f"{quality}_own_question_with_a_theme"] = sum(1 for _, h in heard if h is not None)
    pairs = [theme_heard(published_question(o, rnd).text, tokens(r["answer"]), r["answer"]) for r in rows for o in rows
             if source_of(o) != source_of(r) and o["question"].strip().lower() != r["question"].strip().lower()]
    theme["other_question_theme_unheard"] = sum(1 for h in pairs if h is False)
    theme["other_question_with_a_theme"] = sum(1 for h in pairs if h is not None)
    gate["theme"] = theme
    return {"strong_answers": len(strong), "sources": len({source_of(r) for r in strong}),
            "guide_questions": len(questions), "guide_questions_in_rounds": len(in_rounds),
            "round_for_published_answers": rnd.name,
            "ablation": ablation, "question_terms": term_ablation, "gate": gate,
            "note": "development figures: weights set by hand, threshold chosen on these examples"}


def timed_transcript(text: str, wpm: float = WPM):
    from voicemock.analysis.paced import paced_transcript

    return paced_transcript(text, wpm)


def overall_figures() -> dict:
    from voicemock.analysis import analyze

    guide, questions = guide_questions()
    rows = star_rows()
    strong = [r for r in rows if r.get("quality") == "strong"]
    on_topic = []
    for r in strong:
        question = published_question(r)
        card = analyze(timed_transcript(r["answer"]), question)
        on_topic.append({"words": len(r["answer"].split()), "overall": card.overall,
                         "in_budget": card.duration_s >= question.budget.min_s,
                         "caps": [c["reason"] for c in card.caps]})
    in_budget = [c["overall"] for c in on_topic if c["in_budget"] and c["overall"] is not None]
    # The answers their sources call weak, each to its own question: what the overall score makes of them.
    weak = []
    for r in [r for r in rows if r.get("quality") == "weak"]:
        question = published_question(r)
        card = analyze(timed_transcript(r["answer"]), question)
        weak.append({"overall": card.overall, "caps": [c["reason"] for c in card.caps],
                     "first_tip": card.tip_details[0]["text"][:60] if card.tip_details else None})
    off = []
    for text in speech_texts()["joined_answers"]:
        for q in questions:
            card = analyze(timed_transcript(text), q)
            if card.overall is not None:
                off.append({"overall": card.overall, "first_tip": card.tip_details[0]["dimension"] if card.tip_details else None,
                            "capped_off_topic": any(c["reason"] == "off_topic" for c in card.caps)})
    offs = [o["overall"] for o in off]
    return {
        "strong_answers": len(on_topic),
        "strong_reaching_min_length_at_140_wpm": len(in_budget),
        "strong_in_budget_overall": _range(in_budget),
        "strong_in_budget_at_least_70": sum(1 for s in in_budget if s >= 70),
        "strong_all_overall": _range([c["overall"] for c in on_topic if c["overall"] is not None]),
        "strong_short_overall": _range([c["overall"] for c in on_topic if not c["in_budget"] and c["overall"] is not None]),
        "strong_capped": sum(1 for c in on_topic if c["caps"]),
        "strong_capped_for_no_example": sum(1 for c in on_topic if "no_example" in c["caps"]),
        "weak_answers": len(weak),
        "weak_scored": len([w for w in weak if w["overall"] is not None]),
        "weak_overall": _range([w["overall"] for w in weak if w["overall"] is not None]),
        "weak_over_50": sum(1 for w in weak if w["overall"] is not None and w["overall"] > 50),
        "weak_caps": {reason: sum(reason in w["caps"] for w in weak)
                      for reason in ("off_topic", "no_example", "incomplete", "too_short")},
        "off_topic_answers": len(off),
        "off_topic_overall": _range(offs),
        "off_topic_over_40": sum(1 for s in offs if s > 40),
        "off_topic_first_tip_relevance": sum(1 for o in off if o["first_tip"] == "relevance"),
        "cross_validated": overall_cross_validated(),
    }


def overall_cross_validated() -> dict:
    """The overall score with the STAR model that never saw the answer's source (bench/eval_star.py's models): the
    published strong and weak answers, and the labelled answers with their Action or Result sentences taken out
    (what the incomplete-story cap is for: a story without its Action should not score as a good answer)."""
    from voicemock.analysis import analyze
    from voicemock.analysis import star as star_module
    from voicemock.analysis.star_fit import load_answers

    from bench.eval_star import loso_models, model_for

    answers = load_answers(EVAL)
    models = loso_models(answers, log=lambda *_: None)
    shipped = star_module.load_model

    def card(answer, sentences):
        star_module.load_model = lambda: model_for(models, answer)
        try:
            return analyze(timed_transcript(" ".join(sentences)), published_question({"question": answer.question}))
        finally:
            star_module.load_model = shipped

    out: dict = {}
    for quality in ("strong", "weak"):
        cards = [(a, card(a, a.sentences)) for a in answers if a.quality == quality and a.question]
        in_budget = [c for a, c in cards if c.duration_s >= c.budget["min_s"] and c.overall is not None]
        out[quality] = {
            "answers": len(cards), "in_budget": len(in_budget),
            "in_budget_overall": _range([c.overall for c in in_budget]),
            "in_budget_at_least_70": sum(c.overall >= 70 for c in in_budget),
            "capped_incomplete": [a.id for a, c in cards if any(x["reason"] == "incomplete" for x in c.caps)],
            "overall_all": _range([c.overall for _, c in cards if c.overall is not None]),
        }
    labelled = [a for a in answers if a.labelled]
    out["published_labelled_capped_incomplete"] = sum(
        any(x["reason"] == "incomplete" for x in card(a, a.sentences).caps) for a in labelled)
    out["published_labelled"] = len(labelled)
    for part in ("action", "result"):
        cut = [(a, [s for s, g in zip(a.sentences, a.gold) if g != part]) for a in labelled if part in a.gold]
        cards = [card(a, kept) for a, kept in cut if kept]
        out[f"without_{part}"] = {
            "answers": len(cards),
            "capped_incomplete": sum(any(x["reason"] == "incomplete" for x in c.caps) for c in cards),
            "overall": _range([c.overall for c in cards if c.overall is not None]),
            "at_most_60": sum(c.overall is not None and c.overall <= 60 for c in cards),
        }
    return out


def spoken_strong_answers(limit: int):
    """The strong published answers of 230+ words, spoken by espeak-ng at 150 words a minute (cached under .cache/):
    the long answers both the audio path and the re-decode figures are measured on, as (row, samples)."""
    from voicemock.speech.audio import load_audio
    from voicemock.speech.tts import Speaker

    cache = BENCH_DIR.parent / ".cache" / "tts"
    cache.mkdir(parents=True, exist_ok=True)
    speaker = Speaker(rate=150, cache=cache, timeout_s=300)
    strong = [r for r in star_rows() if r.get("quality") == "strong" and len(r["answer"].split()) >= 230][:limit]
    for r in strong:
        yield r, load_audio(speaker.speak(r["answer"]))


def audio_figures(limit: int = 14) -> dict:
    """The audio path: strong published answers spoken by espeak (150 words a minute; espeak is flat, so the delivery
    score is low) and real read speech (whole clips joined, 30-60 s), transcribed by the default model and analysed
    with their audio, against their own question / every fifth guide question."""
    from voicemock.analysis import analyze
    from voicemock.speech.transcribe import Transcriber

    from bench.common import answer_with_reference

    transcriber = Transcriber()
    spoken = []
    for r, samples in spoken_strong_answers(limit):
        transcript = transcriber.transcribe(samples)
        card = analyze(transcript, published_question(r), samples)
        spoken.append({"id": r["id"], "seconds": round(samples.size / RATE, 1), "words": len(r["answer"].split()),
                       "words_heard": len(transcript.words), "unheard": (card.audio_check or {}).get("unheard"),
                       "overall": card.overall, "on_topic": (card.relevance or {}).get("on_topic"),
                       "caps": [c["reason"] for c in card.caps], "unreliable": card.unreliable,
                       "scores": card.scores})
    _, questions = guide_questions()
    off = []
    for seconds in (30, 45, 60):
        samples, _ = answer_with_reference(seconds)
        transcript = transcriber.transcribe(samples)
        for q in questions[::5]:
            card = analyze(transcript, q, samples)
            off.append({"seconds": seconds, "question": q.id, "overall": card.overall,
                        "first_tip": card.tip_details[0]["dimension"] if card.tip_details else None})
    overall = [s["overall"] for s in spoken if s["overall"] is not None]
    return {"strong_spoken": len(spoken), "strong_overall": _range(overall),
            "strong_at_least_70": sum(1 for o in overall if o >= 70),
            "strong_flagged_off_topic": sum(1 for s in spoken if s["on_topic"] is False),
            "strong_unscored": sum(1 for s in spoken if s["overall"] is None),
            "strong_detail": spoken,
            "read_speech_answers": len(off), "read_speech_overall": _range([o["overall"] for o in off if o["overall"] is not None]),
            "read_speech_over_40": sum(1 for o in off if o["overall"] is not None and o["overall"] > 40),
            "read_speech_first_tip_relevance": sum(1 for o in off if o["first_tip"] == "relevance")}


def recover_figures(limit: int = 14, model: str | None = None) -> dict:
    """The long espeak answers of `audio` (the same 14, the same cached speech): the first pass alone against the
    first pass with speech that got no words decoded again (Transcriber.recover_unheard), as words heard, word error
    rate against the published answer, what heard.py still reports, and the re-decode's time."""
    from voicemock.analysis.heard import unheard_stretches
    from voicemock.speech.textnorm import word_errors
    from voicemock.speech.transcribe import Transcriber, build_transcript

    transcriber = Transcriber(model)
    detail = []
    for r, samples in spoken_strong_answers(limit):
        duration = samples.size / RATE
        tick = time.perf_counter()
        segments, notes = transcriber.first_pass(samples)
        tock = time.perf_counter()
        recovered, more = transcriber.recover_unheard(samples, segments)
        done = time.perf_counter()
        before = build_transcript(segments, duration, transcriber.model_name, notes)
        after = build_transcript(recovered, duration, transcriber.model_name, notes + more)
        wrong_before, wrong_after = word_errors(r["answer"], before.text), word_errors(r["answer"], after.text)
        detail.append({"id": r["id"], "seconds": round(duration, 1), "words": len(r["answer"].split()),
                       "words_before": len(before.words), "words_after": len(after.words),
                       "wer_before_pct": round(100 * wrong_before.errors / max(1, wrong_before.reference_words), 1),
                       "wer_after_pct": round(100 * wrong_after.errors / max(1, wrong_after.reference_words), 1),
                       "unheard_before": unheard_stretches(before.words, samples),
                       "unheard_after": unheard_stretches(after.words, samples),
                       "notes": more, "first_pass_s": round(tock - tick, 1), "redecode_s": round(done - tock, 1)})
        print(json.dumps(detail[-1]), flush=True)
    lost = [d for d in detail if d["unheard_before"]]

    def pooled(rows, key):
        words = sum(d["words"] for d in rows)
        return round(sum(d[key] * d["words"] for d in rows) / max(1, words), 1)

    return {"model": transcriber.model_name, "answers": len(detail), "lost_speech_first_pass": len(lost),
            "still_unheard_after": sum(1 for d in detail if d["unheard_after"]),
            "redecoded": sum(1 for d in detail if d["notes"]),
            "words_recovered": sum(d["words_after"] - d["words_before"] for d in detail),
            "wer_lost_before_pct": pooled(lost, "wer_before_pct"), "wer_lost_after_pct": pooled(lost, "wer_after_pct"),
            "wer_all_before_pct": pooled(detail, "wer_before_pct"), "wer_all_after_pct": pooled(detail, "wer_after_pct"),
            "first_pass_s": round(sum(d["first_pass_s"] for d in detail), 1),
            "redecode_s": round(sum(d["redecode_s"] for d in detail), 1), "detail": detail}


def level_figures(clips_per_source: int = 3, levels=(-20, -35, -45, -55, -65, -75)) -> dict:
    """Speech level (median dBFS of the frames the energy detector calls speech) of every real clip; then real clips
    scaled to given speech levels (and written as 16-bit, as a microphone would) through the default model."""
    import io

    from voicemock.analysis.heard import speech_level_db
    from voicemock.speech.audio import load_audio, write_wav
    from voicemock.speech.textnorm import word_errors
    from voicemock.speech.transcribe import Transcriber

    rows = manifest()
    measured: dict[str, list[float]] = {}
    for r in rows:
        level = speech_level_db(load_audio(EVAL_SPEECH / r["file"]))
        if level is not None:
            measured.setdefault(r["file"].split("/")[0], []).append(level)
    every = [v for vs in measured.values() for v in vs]
    chosen = []
    for source in measured:
        longer = sorted((r for r in rows if r["file"].startswith(source + "/") and float(r["duration_s"]) >= 4.0),
                        key=lambda r: -float(r["duration_s"]))
        chosen += longer[:clips_per_source]
    transcriber = Transcriber()
    curve = []
    tmp = BENCH_DIR.parent / ".cache" / "level.wav"
    tmp.parent.mkdir(exist_ok=True)
    for target in levels:
        errors = words = 0
        for r in chosen:
            clip = load_audio(EVAL_SPEECH / r["file"])
            level = speech_level_db(clip)
            scaled = np.clip(clip * 10 ** ((target - level) / 20), -1, 1).astype(np.float32)
            write_wav(tmp, scaled)
            counts = word_errors(r["transcript"], transcriber.transcribe(tmp).text)
            errors += counts.errors
            words += counts.reference_words
        curve.append({"speech_level_dbfs": target, "wer_pct": round(100 * errors / max(1, words), 1)})
    return {"clips": len(every), "by_source": {k: _range(v) for k, v in measured.items()}, "all": _range(every),
            "wer_by_level": curve, "clips_in_curve": len(chosen), "reference_words": words}


def unheard_figures() -> dict:
    from voicemock.analysis.heard import unheard_stretches
    from voicemock.speech.audio import load_audio
    from voicemock.speech.transcribe import Transcriber

    rows = sorted((r for r in manifest() if float(r["duration_s"]) >= 5.0), key=lambda r: r["file"])
    transcriber = Transcriber()
    rng = random.Random(5)
    found = false_alarms = cases = 0
    detail = []
    for r in rng.sample(rows, min(12, len(rows))):
        clip = load_audio(EVAL_SPEECH / r["file"])
        transcript = transcriber.transcribe(clip)
        whole = unheard_stretches(transcript.words, clip)
        false_alarms += bool(whole)
        appended = rng.choice([o for o in rows if o["file"] != r["file"]])
        other = load_audio(EVAL_SPEECH / appended["file"])
        gap = np.zeros(int(0.6 * RATE), np.float32)
        joined = np.concatenate([clip, gap, other])
        missing = unheard_stretches(transcript.words, joined)
        expected = len(other) / RATE
        cases += 1
        found += bool(missing) and expected >= 3.0
        detail.append({"clip": r["file"], "appended": appended["file"], "appended_s": round(expected, 1),
                       "reported_s": round(sum(e - s for s, e in missing), 1), "on_whole_clip": len(whole)})
    return {"clips": cases, "appended_speech_found": found, "false_alarms_on_whole_clips": false_alarms, "detail": detail}


def filler_figures() -> dict:
    from bench.eval_analysis import _nlp_tokens, _removed_by_cleaning
    from bench.eval_analysis import filler_figures as rev16_figures

    folder = EVAL_SPEECH / "text_only_disfluency" / "rev16"
    opening_so = {"with_comma": [0, 0], "without_comma": [0, 0]}  # [removed by cleaning, all]
    for path in sorted((folder / "verbatim").glob("*.nlp")):
        verbatim = _nlp_tokens(path)
        removed = _removed_by_cleaning([t.text for t in verbatim], [t.text for t in _nlp_tokens(folder / "nonverbatim" / path.name)])
        for i, token in enumerate(verbatim):
            if token.text == "so" and token.pause_before:
                key = "with_comma" if token.comma_after else "without_comma"
                opening_so[key][0] += i in removed
                opening_so[key][1] += 1
    return {"rev16": rev16_figures(),
            "sentence_opening_so_removed_by_cleaning": {k: {"removed": v[0], "of": v[1]} for k, v in opening_so.items()}}


SECTIONS = {"relevance": relevance_figures, "overall": overall_figures, "audio": audio_figures,
            "recover": recover_figures, "recover_base": lambda: recover_figures(model="base"), "level": level_figures,
            "unheard": unheard_figures, "fillers": filler_figures}


def main(argv: list[str]) -> None:
    wanted = [a for a in argv if a in SECTIONS] or list(SECTIONS)
    path = BENCH_DIR / "results" / "eval_coaching.json"
    results = json.loads(path.read_text()) if path.is_file() else {}
    for name in wanted:
        started = time.perf_counter()
        results[name] = SECTIONS[name]()
        results[name]["seconds"] = round(time.perf_counter() - started, 1)
        print(f"{name}: {json.dumps(results[name], indent=1)}")
    save("eval_coaching", results)


if __name__ == "__main__":
    main(sys.argv[1:])
