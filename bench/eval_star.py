"""STAR labelling and part detection, cross-validated by leaving one source out at a time (../shared/eval, by path).

For each source with labelled answers, the whole model (sentence model, its regularisation chosen by inner grouped
cross-validation, temperature, presence models) is fitted again without that source, exactly as
`scripts/fit_star.py` fits the shipped one, and then judged on that source's answers only. Answers from sources with
no labelled answer are judged by the model fitted on all labelled answers (their source never trained it).

Prints and saves bench/results/eval_star.json:
- sentence accuracy: labels shown to the person (`analyze_star().labels`) against the sources' own S/T/A/R labels,
  over the sentences a label covers; pooled, and per source (macro); and pooled with Situation and Task counted as
  one setting, as the analysis reports them;
- "missing" per part, precision and recall, over the labelled answers as published and versions with one labelled
  part left out (truth: the part has no labelled sentence left); and for the setting (situation and task as one),
  over those and the versions with both left out;
- strong answers that come out complete (no part missing and no part flagged by `star.substance_flags`), weak
  answers flagged (a part missing or flagged): `StarAnalysis.complete` and its negation, one operating point (present
  at probability >= 0.5, task folded into the situation);
- the AUC of the structure score (`StarAnalysis.score`), strong against weak;
- in source: for each source with 10 or more labelled answers, the sentence accuracy when the model has seen the
  source's other answers (5 folds within it), i.e. how far that source's own labels can be learned at all.

`--spoken` does the same on spoken versions: each answer synthesized with espeak-ng (voicemock's Speaker), transcribed
with the default model (tiny.en), split into sentences with their times the way the app does, analysed; transcribed
sentences take the reference label of the words they align to. Transcripts are cached under .cache/eval_star/.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import BENCH_DIR, EVAL_SPEECH, save  # noqa: E402

EVAL = EVAL_SPEECH.parent
CACHE = BENCH_DIR.parent / ".cache" / "eval_star"


def _as_setting(label: str | None) -> str | None:
    """Situation and Task as one setting, as the analysis reports them (a second accuracy, not the target's)."""
    return "setting" if label in ("situation", "task") else label


def _auc(strong: list[float], weak: list[float]) -> float | None:
    pairs = [(a > b) + 0.5 * (a == b) for a in strong for b in weak]
    return round(sum(pairs) / len(pairs), 3) if pairs else None


def _fit_key(answers) -> str:
    """What the fitted models depend on: the data and the fitting and feature code (not the decision rules)."""
    import hashlib
    import inspect

    from voicemock.analysis import star, star_features, star_fit

    digest = hashlib.sha256(star_fit.data_digest(EVAL).encode())
    for code in (inspect.getsource(star_features), inspect.getsource(star_fit), inspect.getsource(star.StarModel),
                 inspect.getsource(star.presence_features), inspect.getsource(star.best_path_score),
                 inspect.getsource(star.viterbi)):
        digest.update(code.encode())
    return digest.hexdigest()[:16]


def loso_models(answers, log=print) -> dict:
    """source -> the model fitted without it (None -> fitted on every labelled answer). Cached under .cache/ by
    the data and the code they depend on, so changing a decision rule does not refit."""
    from voicemock.analysis.star import StarModel
    from voicemock.analysis.star_fit import fit

    path = CACHE / f"models-{_fit_key(answers)}.json"
    if path.is_file():
        cached = json.loads(path.read_text())
        return {(None if k == "" else k): StarModel(v) for k, v in cached.items()}
    fitted = {"": fit(answers)}
    for source in sorted({a.source for a in answers if a.labelled}):
        started = time.perf_counter()
        fitted[source] = fit([a for a in answers if a.source != source])
        log(f"  fitted without {source} ({time.perf_counter() - started:.0f} s)")
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(fitted))
    return {(None if k == "" else k): StarModel(v) for k, v in fitted.items()}


def model_for(models: dict, answer):
    return models.get(answer.source, models[None])


def _missing_counts(cases) -> dict:
    """cases: (parts left out, truth present set, analysis) -> per part precision/recall of "missing" and of
    "confident_missing", and the same for the setting (situation and task judged as one: missing when neither is)."""
    from voicemock.analysis.star import PARTS, PRESENCE_GROUPS

    def absent(part, found) -> bool:
        return not set(PRESENCE_GROUPS.get(part, (part,))) & set(found)

    out = {}
    for part in PARTS + ("setting",):
        # Per part: the answers as published and with one part left out; the setting: also with the whole setting out.
        chosen = [(truth, star) for dropped, truth, star in cases if len(dropped) <= 1 or part == "setting"]
        for field in ("missing", "confident_missing"):
            told = [(truth, absent(part, {p for p in PARTS if p not in getattr(star, field)})) for truth, star in chosen]
            tp = sum(absent(part, truth) and said for truth, said in told)
            fp = sum(not absent(part, truth) and said for truth, said in told)
            fn = sum(absent(part, truth) and not said for truth, said in told)
            out.setdefault(part, {})[field] = {
                "truly_missing": tp + fn, "reported": tp + fp, "right": tp,
                "precision": round(tp / (tp + fp), 3) if tp + fp else None,
                "recall": round(tp / (tp + fn), 3) if tp + fn else None}
    return out


def _quality(results: list[tuple]) -> dict:
    """results: (answer, analysis) for strong/weak answers. Complete = no part missing and no part flagged
    (`StarAnalysis.complete`); flagged = the opposite, so the two figures are one operating point."""
    strong = [(a, s) for a, s in results if a.quality == "strong"]
    weak = [(a, s) for a, s in results if a.quality == "weak"]
    return {
        "strong_answers": len(strong), "weak_answers": len(weak),
        "strong_complete": sum(s.complete for _, s in strong),
        "strong_complete_share": round(sum(s.complete for _, s in strong) / len(strong), 3),
        "weak_flagged": sum(not s.complete for _, s in weak),
        "weak_flagged_share": round(sum(not s.complete for _, s in weak) / len(weak), 3),
        "weak_flagged_by_missing_only": sum(bool(s.missing) for _, s in weak),
        "strong_complete_by_missing_only": sum(not s.missing for _, s in strong),
        "strong_told_missing": {a.id: list(s.missing) for a, s in strong if s.missing},
        "strong_flagged": {a.id: [f.part for f in s.flags] for a, s in strong if s.flags},
        "weak_flagged_only_by_a_check": {a.id: [f.part for f in s.flags] for a, s in weak if s.flags and not s.missing},
        "weak_not_flagged": [a.id for a, s in weak if s.complete],
        "strong_task_folded": sum(any(p.part == "task" and p.folded_into for p in s.parts) for _, s in strong),
        # No specific time told (analysis/example.py): every part missing. The weak count is a development figure.
        "strong_no_example": [a.id for a, s in strong if not s.example],
        "weak_no_example": [a.id for a, s in weak if not s.example],
        # The tip "The Action part is thin" (StarAnalysis.thin).
        "strong_action_thin": [a.id for a, s in strong if "action" in s.thin],
        "weak_action_thin": [a.id for a, s in weak if "action" in s.thin],
        "score_auc_strong_over_weak": _auc([s.score for _, s in strong], [s.score for _, s in weak]),
        "mean_score": {"strong": round(float(np.mean([s.score for _, s in strong])), 1),
                       "weak": round(float(np.mean([s.score for _, s in weak])), 1)},
    }


def _operating_points(marked, models) -> dict:
    """Strong complete and weak flagged if the presence threshold were other than the shipped 0.5 (descriptive only:
    the shipped threshold was set before measuring, and these figures did not choose it)."""
    from voicemock.analysis import star as star_module

    shipped = star_module.PRESENT_AT
    out = {}
    try:
        for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
            star_module.PRESENT_AT = threshold
            results = [(a, _analyse(model_for(models, a), a.sentences)) for a in marked]
            strong = [s for a, s in results if a.quality == "strong"]
            weak = [s for a, s in results if a.quality == "weak"]
            out[str(threshold)] = {"strong_complete": f"{sum(s.complete for s in strong)}/{len(strong)}",
                                   "weak_flagged": f"{sum(not s.complete for s in weak)}/{len(weak)}"}
    finally:
        star_module.PRESENT_AT = shipped
    return out


def text_figures(answers, models) -> dict:
    from voicemock.analysis.star import PARTS
    from voicemock.analysis.star_fit import variants

    right = total = right_setting = 0
    per_source: dict[str, list[int]] = {}
    cases, published = [], []
    for answer in [a for a in answers if a.labelled]:
        model = model_for(models, answer)
        star = _analyse(model, answer.sentences)
        for want, got in zip(answer.gold, _per_sentence(answer.sentences, star)):
            if want:
                total += 1
                right += want == got
                right_setting += _as_setting(want) == _as_setting(got)
                per_source.setdefault(answer.source, [0, 0])[0] += want == got
                per_source[answer.source][1] += 1
        for sentences, present, dropped in variants(answer):
            if len(dropped) <= 1 or dropped == ("situation", "task"):  # one part, or the whole setting, left out
                cases.append((dropped, present, star if not dropped else _analyse(model, sentences)))
            if not dropped:
                published.append((present, star))
    marked = [a for a in answers if a.quality in ("strong", "weak")]
    quality = _quality([(a, _analyse(model_for(models, a), a.sentences)) for a in marked])
    unjudged = [a for a in answers if a.quality not in ("strong", "weak")]
    quality["published_unjudged_no_example"] = [a.id for a in unjudged
                                                if not _analyse(model_for(models, a), a.sentences).example]
    quality["published_unjudged"] = len(unjudged)
    quality["other_operating_points"] = _operating_points(marked, models)
    return {
        "labelled_answers": sum(a.labelled for a in answers),
        "labelled_sources": len(per_source),
        "sentences": total,
        "sentence_accuracy": round(right / total, 3),
        "sentence_accuracy_setting_as_one": round(right_setting / total, 3),
        "sentence_accuracy_macro_by_source": round(float(np.mean([r / t for r, t in per_source.values()])), 3),
        "sentence_accuracy_by_source": {s: f"{r}/{t}" for s, (r, t) in sorted(per_source.items())},
        "missing_cases": sum(len(dropped) <= 1 for dropped, _, _ in cases),
        "missing_cases_setting": len(cases),
        "published_answers": len(published),
        "wrongly_missing_on_published_answers": {
            part: sum(part in truth and part in star.missing for truth, star in published) for part in PARTS},
        "flagged_on_published_answers": {
            part: sum(any(f.part == part for f in star.flags) for _, star in published) for part in PARTS},
        "missing": _missing_counts(cases),
        **quality,
    }


def in_source_figures(answers, min_answers: int = 10, folds: int = 5) -> dict:
    """How far each large source's own labels can be learned: its answers in `folds` folds, each judged by a model
    fitted on every other source and the source's other folds (so the model has seen how this source labels). Far
    under the cross-validated figure means the source's labels disagree with the others; far under 100% means they
    disagree with themselves."""
    from voicemock.analysis.star import StarModel
    from voicemock.analysis.star_fit import fit

    counts = Counter(a.source for a in answers if a.labelled)
    out = {}
    for source in sorted(s for s, n in counts.items() if n >= min_answers):
        own = [a for a in answers if a.labelled and a.source == source]
        rest = [a for a in answers if not (a.labelled and a.source == source)]
        right = total = 0
        for k in range(folds):
            model = StarModel(fit(rest + [a for i, a in enumerate(own) if i % folds != k]))
            for answer in own[k::folds]:
                for want, got in zip(answer.gold, _per_sentence(answer.sentences, _analyse(model, answer.sentences))):
                    if want:
                        total += 1
                        right += want == got
        out[source] = {"answers": len(own), "sentences": total, "accuracy": round(right / total, 3)}
    return out


def _analyse(model, sentences):
    """The analysis of an answer given as its sentences, the way the app splits typed text."""
    from voicemock.analysis.star import analyze_star
    from voicemock.analysis.text import sentences_with_times

    return analyze_star(sentences_with_times(" ".join(sentences), []), model)


def _per_sentence(sentences, star) -> list[str | None]:
    """The analysis's label of each published sentence. The analysis cuts a run-on sentence into clauses
    (`text.split_run_on`, 19 of the 1,590 published sentences): such a sentence takes the label of its longest clause."""
    from voicemock.analysis.text import sentences_with_times, split_sentences, tokens

    text = " ".join(sentences)
    if len(split_sentences(text)) != len(sentences):  # joining and splitting again must keep the sentences
        raise RuntimeError("sentence split changed")
    units = sentences_with_times(text, [])
    ends = np.cumsum([len(tokens(s)) for s in sentences])
    best: list[tuple[int, str | None]] = [(-1, None)] * len(sentences)
    for unit, label in zip(units, star.labels):
        i = int(np.searchsorted(ends, unit.first_word, side="right"))
        if unit.word_count > best[i][0]:
            best[i] = (unit.word_count, label)
    return [label for _, label in best]


def _transcript(answer, speaker, transcriber):
    from voicemock.speech.transcript import Transcript

    path = CACHE / f"{answer.id}.json"
    if path.is_file():
        return Transcript.from_dict(json.loads(path.read_text()))
    wav = speaker.speak(" ".join(answer.sentences))
    transcript = transcriber.transcribe(wav)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(transcript.to_dict()))
    return transcript


def _spoken_gold(answer, transcript_sentences) -> list[str | None]:
    """Each transcribed sentence takes the reference label most of its aligned words carry."""
    from voicemock.analysis.text import tokens

    ref_words, ref_labels = [], []
    for sentence, label in zip(answer.sentences, answer.gold):
        for word in tokens(sentence):
            ref_words.append(word.strip("'.,"))
            ref_labels.append(label)
    hyp_words, hyp_sentence = [], []
    for sentence in transcript_sentences:
        for word in tokens(sentence.text):
            hyp_words.append(word.strip("'.,"))
            hyp_sentence.append(sentence.index)
    votes: list[Counter] = [Counter() for _ in transcript_sentences]
    for block in SequenceMatcher(None, ref_words, hyp_words, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            label = ref_labels[block.a + k]
            if label:
                votes[hyp_sentence[block.b + k]][label] += 1
    return [v.most_common(1)[0][0] if v else None for v in votes]


def spoken_figures(answers, models, limit: int | None = None) -> dict:
    from voicemock.analysis.star import PARTS, analyze_star
    from voicemock.analysis.text import sentences_with_times
    from voicemock.speech.transcribe import Transcriber
    from voicemock.speech.tts import Speaker

    (CACHE / "wav").mkdir(parents=True, exist_ok=True)
    speaker = Speaker(cache=CACHE / "wav", timeout_s=120.0)
    transcriber = Transcriber()
    chosen = [a for a in answers if a.labelled or a.quality in ("strong", "weak")][:limit]
    right = total = right_setting = 0
    heard_sentences = ref_sentences = 0
    cases, quality = [], []
    for answer in chosen:
        transcript = _transcript(answer, speaker, transcriber)
        sentences = sentences_with_times(transcript.text, transcript.words)
        star = analyze_star(sentences, model_for(models, answer))
        if answer.quality in ("strong", "weak"):
            quality.append((answer, star))
        if answer.labelled:
            heard_sentences += len(sentences)
            ref_sentences += len(answer.sentences)
            for want, got in zip(_spoken_gold(answer, sentences), star.labels):
                if want:
                    total += 1
                    right += want == got
                    right_setting += _as_setting(want) == _as_setting(got)
            cases.append((answer.parts | {g for g in answer.gold if g}, star))
    return {
        "answers_spoken": len(chosen),
        "transcribed_sentences": heard_sentences, "reference_sentences": ref_sentences,
        "sentences": total,
        "sentence_accuracy": round(right / total, 3) if total else None,
        "sentence_accuracy_setting_as_one": round(right_setting / total, 3) if total else None,
        # The published answers have (nearly) every part, so on them only wrongly called-missing parts can be counted:
        "published_answers": len(cases),
        "wrongly_missing_on_published_answers": {
            part: sum(part in truth and part in star.missing for truth, star in cases) for part in PARTS},
        **_quality(quality),
    }


def main() -> None:
    from voicemock.analysis.star_fit import load_answers

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spoken", action="store_true", help="also the spoken path (espeak-ng + tiny.en, cached)")
    parser.add_argument("--limit", type=int, default=None, help="spoken path: only the first N answers")
    args = parser.parse_args()
    started = time.perf_counter()
    answers = load_answers(EVAL)
    models = loso_models(answers)
    results = {"text": text_figures(answers, models)}
    print("text:", json.dumps(results["text"], indent=1))
    results["in_source"] = in_source_figures(answers)
    print("in source:", json.dumps(results["in_source"], indent=1))
    if args.spoken:
        results["spoken"] = spoken_figures(answers, models, args.limit)
        print("spoken:", json.dumps(results["spoken"], indent=1))
    else:
        previous = BENCH_DIR / "results" / "eval_star.json"
        if previous.is_file():
            kept = json.loads(previous.read_text()).get("spoken")
            if kept:
                results["spoken"] = kept
    results["seconds"] = round(time.perf_counter() - started, 1)
    save("eval_star", results)


if __name__ == "__main__":
    main()
