"""Accuracy of the answer analysis on real material from ../shared/eval (read by path, never copied).

Prints and saves (bench/results/eval_analysis.json):
- STAR: sentence-level accuracy on the published answers whose pages label S/T/A/R themselves, and missing-part
  detection on weak answers derived from them by removing one labelled part (plus no false 'missing' on the
  full answers).
- Pace: words per minute from the transcript against words per minute from the reference word count, over the
  same speaking time, on real read speech.
- Pauses: F1 for pauses of 1 s or more, with silences of known length inserted between real clips.
- Fillers: the text-level counter on Rev16 podcast transcripts, verbatim (with fillers) against cleaned.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import EVAL_SPEECH, manifest, save  # noqa: E402

EVAL = EVAL_SPEECH.parent
RATE = 16000


def star_figures() -> dict:
    from voicemock.analysis import analyze
    from voicemock.analysis.star import label_sentences
    from voicemock.analysis.text import split_sentences
    from voicemock.plan import adhoc_question
    from voicemock.transcript import Transcript

    rows = [json.loads(l) for l in (EVAL / "star-dev.jsonl").read_text().splitlines() if l.strip()]
    labelled = [r for r in rows if r.get("labels")]
    correct = total = 0
    for row in labelled:
        sentences = split_sentences(row["answer"])
        truth = []
        for sentence in sentences:
            part = next((l["part"].lower() for l in row["labels"] if sentence[:40] in l["text"] or l["text"][:40] in sentence), None)
            truth.append(part)
        for want, got in zip(truth, label_sentences(sentences)):
            if want:
                total += 1
                correct += want == got
    detected = cases = false_missing = 0
    for row in labelled:
        question = adhoc_question(row["question"])
        full = analyze(Transcript.from_text(row["answer"]), question)
        false_missing += len(full.star["missing"])
        for part in ("situation", "task", "action", "result"):
            drop = " ".join(l["text"] for l in row["labels"] if l["part"].lower() == part)
            kept = " ".join(s for s in split_sentences(row["answer"]) if s[:30] not in drop)
            card = analyze(Transcript.from_text(kept), question)
            cases += 1
            detected += part in card.star["missing"]
    return {
        "answers_labelled": len(labelled),
        "sentences": total,
        "sentence_accuracy": round(correct / total, 3),
        "missing_part_cases": cases,
        "missing_part_detection": round(detected / cases, 3),
        "false_missing_on_full_answers": false_missing,
    }


def pace_figures(transcriber) -> dict:
    from voicemock.analysis import analyze
    from voicemock.audio import load_audio
    from voicemock.plan import adhoc_question

    subsets = ("librispeech_test_clean", "fleurs_en", "librivox_pocketsphinx", "osr_harvard", "jfk")
    rows = [r for r in manifest() if r["file"].split("/")[0] in subsets]
    gap = np.zeros(int(0.5 * RATE), np.float32)
    answers = [rows[i: i + 4] for i in range(0, len(rows), 4)]  # answers of ~20-60 s from consecutive clips
    errors = []
    for group in answers:
        samples = np.concatenate([piece for row in group for piece in (load_audio(EVAL_SPEECH / row["file"]), gap)])
        card = analyze(transcriber.transcribe(samples), adhoc_question("Read aloud."), samples)
        if not card.wpm or not card.speaking_s:
            continue
        words = sum(len(row["transcript"].split()) for row in group)
        truth = words * 60 / card.speaking_s
        errors.append(abs(card.wpm - truth) / truth)
    return {
        "answers": len(errors),
        "wpm_error_median": round(float(np.median(errors)), 3),
        "wpm_error_mean": round(float(np.mean(errors)), 3),
        "answers_within_5pct": round(float(np.mean(np.array(errors) <= 0.05)), 3),
    }


def pause_figures(min_pause_s: float = 1.0, tolerance_s: float = 0.35) -> dict:
    from voicemock.audio import load_audio
    from voicemock.energy import find_pauses, speech_regions

    files = [r["file"] for r in manifest() if r["file"].startswith(("librispeech_test_clean", "fleurs_en", "librivox_pocketsphinx"))]
    rng = np.random.default_rng(7)
    tp = fp = fn = 0
    for trial in range(6):
        chosen = rng.choice(files, size=4, replace=False)
        pieces, truth, cursor = [], [], 0.0
        for i, name in enumerate(chosen):
            clip = load_audio(EVAL_SPEECH / name)
            regions = speech_regions(clip)
            clip = clip[int(regions[0][0] * RATE): int(regions[-1][1] * RATE)]
            clip = clip * (0.1 / max(1e-6, float(np.sqrt(np.mean(clip ** 2)))))  # -20 dBFS, as a set-up mic gives
            pieces.append(clip.astype(np.float32))
            cursor += clip.size / RATE
            if i < len(chosen) - 1:
                gap = float(rng.uniform(1.0, 3.0))
                pieces.append(np.zeros(int(gap * RATE), np.float32))
                truth.append((cursor, cursor + gap))
                cursor += gap
        audio = np.concatenate(pieces)
        audio = audio + rng.normal(0, 0.003, audio.size).astype(np.float32)
        found = [p for p in find_pauses(audio, min_pause_s=min_pause_s)]
        matched = set()
        for start, end in truth:
            hit = next((i for i, p in enumerate(found) if i not in matched and abs(p.start - start) <= tolerance_s and abs(p.end - end) <= tolerance_s), None)
            if hit is None:
                fn += 1
            else:
                matched.add(hit)
                tp += 1
        fp += len(found) - len(matched)  # includes natural >=1 s pauses inside the clips, counted against us
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"inserted": tp + fn, "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0}


def _nlp_text(path: Path) -> str:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("|")
        if len(cols) > 5:
            words.append(cols[5] + cols[0] + cols[4])
    return " ".join(words)


def filler_figures() -> dict:
    from voicemock.analysis.fillers import SOUND_FILLERS, find_fillers

    folder = EVAL_SPEECH / "text_only_disfluency" / "rev16"
    sound_true = sound_found = sound_clean = phrase_verbatim = phrase_clean = 0
    for verbatim in sorted((folder / "verbatim").glob("*.nlp")):
        clean = folder / "nonverbatim" / verbatim.name
        text_v, text_c = _nlp_text(verbatim), _nlp_text(clean)
        tokens_v = [t.strip(",.?!;:").lower() for t in text_v.split()]
        sound_true += sum(1 for t in tokens_v if t in SOUND_FILLERS)
        found_v = find_fillers(text_v)
        found_c = find_fillers(text_c)
        sound_found += sum(1 for f in found_v if f.word in SOUND_FILLERS)
        sound_clean += sum(1 for f in found_c if f.word in SOUND_FILLERS)
        phrase_verbatim += sum(1 for f in found_v if f.word not in SOUND_FILLERS)
        phrase_clean += sum(1 for f in found_c if f.word not in SOUND_FILLERS)
    return {
        "sound_fillers_in_verbatim": sound_true,
        "sound_fillers_found": sound_found,
        "sound_filler_recall": round(sound_found / sound_true, 3) if sound_true else None,
        "sound_fillers_found_in_cleaned": sound_clean,
        "phrase_fillers_found_verbatim": phrase_verbatim,
        "phrase_fillers_found_cleaned": phrase_clean,
        "phrase_fillers_removed_by_cleaning": round(1 - phrase_clean / phrase_verbatim, 3) if phrase_verbatim else None,
    }


def main() -> None:
    from voicemock.transcribe import Transcriber

    started = time.perf_counter()
    results = {"star": star_figures(), "pauses": pause_figures(), "fillers": filler_figures()}
    results["pace"] = pace_figures(Transcriber())
    results["seconds"] = round(time.perf_counter() - started, 1)
    for section, figures in results.items():
        print(f"{section}: {figures}")
    save("eval_analysis", results)


if __name__ == "__main__":
    main()
