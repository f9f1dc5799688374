"""Accuracy of the answer analysis on real material from ../shared/eval (read by path, never copied).

Prints and saves (bench/results/eval_analysis.json):
- (STAR labelling and the structure score are measured by bench/eval_star.py, cross-validated by source.)
- Pace: words per minute from the transcript against words per minute from the reference word count, over the
  same speaking time, on real read speech.
- Pauses: F1 for pauses of 1 s or more, with silences of known length inserted between real clips.
- Pitch: how often the monotone flag fires on real read speech (which should not be flat) and on espeak's
  synthetic voices (which are).
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


def pitch_figures(min_s: float = 8.0) -> dict:
    """The monotone flag on every real clip of at least `min_s` seconds, and on the espeak voices voicemock's
    interviewers use, each speaking one behavioral question."""
    import tempfile

    from voicemock.analysis.pitch import pitch_stats
    from voicemock.speech.audio import load_audio
    from voicemock.speech.tts import Speaker, voice_for_round

    real = [pitch_stats(load_audio(EVAL_SPEECH / r["file"])) for r in manifest() if float(r["duration_s"]) >= min_s]
    real = [p for p in real if p.spread_semitones is not None]
    text = ("Tell me about a time you led a team through a difficult change. What did you do, "
            "and what was the result for the people and for the product?")
    with tempfile.TemporaryDirectory() as folder:
        speaker = Speaker(cache=Path(folder))
        synthetic = [pitch_stats(load_audio(speaker.speak(text, voice=voice_for_round(i)))) for i in range(5)]
    return {
        "real_clips": len(real),
        "real_flagged_monotone": sum(p.monotone for p in real),
        "real_spread_semitones_median": round(float(np.median([p.spread_semitones for p in real])), 2),
        "espeak_voices": len(synthetic),
        "espeak_flagged_monotone": sum(p.monotone for p in synthetic),
        "espeak_spread_semitones": [p.spread_semitones for p in synthetic],
    }


def _trimmed(clip: np.ndarray) -> np.ndarray:
    from voicemock.speech.energy import speech_regions

    regions = speech_regions(clip)
    return clip[int(regions[0][0] * RATE): int(regions[-1][1] * RATE)] if regions else clip


def _at_level(clip: np.ndarray, dbfs: float) -> np.ndarray:
    """The clip at this RMS level: the sources were recorded 40 dB apart, one answer comes from one microphone."""
    rms = max(1e-6, float(np.sqrt(np.mean(clip.astype(np.float64) ** 2))))
    return (clip * (10 ** (dbfs / 20) / rms)).astype(np.float32)


def pace_figures(transcriber, per_answer: int = 3, gap_s: float = 0.7, edge_s: float = 1.0) -> dict:
    """Answers built from real clips trimmed to their speech, joined by known gaps, with known silence before and
    after, each clip brought to one level, the whole answer at a random gain: the true speaking time is known by construction, the true word count from the reference transcripts.
    timing error = reference words over the measured speaking time; end-to-end = the words tiny.en heard."""
    from voicemock.analysis import analyze
    from voicemock.speech.audio import load_audio
    from voicemock.interview.plan import adhoc_question

    subsets = ("librispeech_test_clean", "fleurs_en", "librivox_pocketsphinx", "osr_harvard", "jfk")
    rows = [r for r in manifest() if r["file"].split("/")[0] in subsets]
    rng = np.random.default_rng(3)
    timing_errors, end_to_end, asr_count = [], [], []
    for first in range(0, len(rows), per_answer):
        group = rows[first: first + per_answer]
        clips = [_at_level(_trimmed(load_audio(EVAL_SPEECH / row["file"])), -20.0) for row in group]
        gap, edge = np.zeros(int(gap_s * RATE), np.float32), np.zeros(int(edge_s * RATE), np.float32)
        samples = np.concatenate([edge] + [p for clip in clips for p in (clip, gap)][:-1] + [edge])
        gain = 10 ** (float(rng.uniform(-20.0, 6.0)) / 20)  # one speaker, one microphone, some gain
        samples = (samples * gain + rng.normal(0, 0.001 * gain, samples.size)).astype(np.float32)
        speaking_s = (sum(c.size for c in clips) + gap.size * (len(clips) - 1)) / RATE
        words = sum(len(row["transcript"].split()) for row in group)
        truth = words * 60 / speaking_s
        transcript = transcriber.transcribe(samples)
        card = analyze(transcript, adhoc_question("Read aloud."), samples)
        if not card.speaking_s:
            continue
        timing_errors.append(abs(words * 60 / card.speaking_s - truth) / truth)
        end_to_end.append(abs((card.wpm or 0.0) - truth) / truth)
        asr_count.append(abs(len(card.transcript["words"]) - words) / words)
    return {
        "answers": len(timing_errors),
        "timing_wpm_error_median": round(float(np.median(timing_errors)), 3),
        "timing_wpm_error_max": round(float(np.max(timing_errors)), 3),
        "timing_within_5pct": round(float(np.mean(np.array(timing_errors) <= 0.05)), 3),
        "end_to_end_wpm_error_median": round(float(np.median(end_to_end)), 3),
        "end_to_end_within_5pct": round(float(np.mean(np.array(end_to_end) <= 0.05)), 3),
        "end_to_end_errors": [round(e, 3) for e in end_to_end],
        "asr_word_count_errors": [round(e, 3) for e in asr_count],
    }


def pause_figures(min_pause_s: float = 1.0, tolerance_s: float = 0.35) -> dict:
    from voicemock.speech.audio import load_audio
    from voicemock.speech.energy import find_pauses, speech_regions

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
    osr = load_audio(EVAL_SPEECH / "osr_harvard" / "OSR_us_000_0034_8k.wav")  # 10 sentences, ~1 s apart
    natural = find_pauses(osr, min_pause_s=0.75)
    return {"osr_harvard_sentence_gaps": 9, "osr_harvard_pauses_found": len(natural),
            "osr_harvard_pause_s": [round(p.duration, 2) for p in natural],
            "inserted": tp + fn, "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0}


def _nlp_tokens(path: Path) -> list:
    """Rev's token table -> analysis tokens, one per row, with the breaks its punctuation marks."""
    from voicemock.analysis.fillers import Token

    rows = [line.split("|") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    rows = [cols for cols in rows if len(cols) > 5 and cols[0].strip()]
    out = []
    for i, cols in enumerate(rows):
        before = i == 0 or bool(rows[i - 1][4].strip(" '\"")) or bool(cols[5].strip())
        out.append(Token(cols[0].lower().replace("’", "'"), before, cols[4].strip()[:1] in (",", "—", "-", ";")))
    return out


def _removed_by_cleaning(verbatim: list[str], cleaned: list[str]) -> set[int]:
    from difflib import SequenceMatcher

    kept: set[int] = set()
    for block in SequenceMatcher(None, verbatim, cleaned, autojunk=False).get_matching_blocks():
        kept.update(range(block.a, block.a + block.size))
    return set(range(len(verbatim))) - kept


def filler_figures() -> dict:
    """Rev16 podcasts, text only: verbatim transcripts keep fillers, the cleaned ones drop them. Truth for a sound
    filler: a verbatim um/uh/er/ah/hmm token that cleaning removed. For phrase fillers cleaning is a partial truth
    (Rev keeps many 'like's), so the share of flagged phrase fillers that cleaning removed is a lower bound on
    precision, and recall is measured on the candidate words cleaning removed."""
    from voicemock.analysis.fillers import SOUND_FILLERS, fillers_in

    folder = EVAL_SPEECH / "text_only_disfluency" / "rev16"
    sound_tp = sound_fp = sound_fn = phrase_flagged = phrase_flagged_removed = phrase_removed = phrase_removed_flagged = 0
    phrase_words = {"like", "you", "know", "i", "mean", "sort", "kind", "of", "basically", "actually", "literally", "so", "well"}
    for verbatim_path in sorted((folder / "verbatim").glob("*.nlp")):
        verbatim = _nlp_tokens(verbatim_path)
        cleaned = _nlp_tokens(folder / "nonverbatim" / verbatim_path.name)
        texts = [t.text for t in verbatim]
        removed = _removed_by_cleaning(texts, [t.text for t in cleaned])
        found = fillers_in(verbatim)
        flagged_sound = {f.index for f in found if f.word in SOUND_FILLERS}
        truth_sound = {i for i in removed if texts[i].strip(".,?!") in SOUND_FILLERS}
        sound_tp += len(flagged_sound & truth_sound)
        sound_fp += len(flagged_sound - truth_sound)
        sound_fn += len(truth_sound - flagged_sound)
        flagged_phrase = {f.index + k for f in found if f.word not in SOUND_FILLERS for k in range(len(f.word.split()))}
        phrase_flagged += len(flagged_phrase)
        phrase_flagged_removed += len(flagged_phrase & removed)
        removed_candidates = {i for i in removed if texts[i] in phrase_words
                              and texts[i] in ("like", "basically", "actually", "literally", "so", "well", "know", "mean", "of")}
        phrase_removed += len(removed_candidates)
        phrase_removed_flagged += len(removed_candidates & flagged_phrase)
    precision = sound_tp / (sound_tp + sound_fp) if sound_tp + sound_fp else 0.0
    recall = sound_tp / (sound_tp + sound_fn) if sound_tp + sound_fn else 0.0
    return {
        "files": len(list((folder / "verbatim").glob("*.nlp"))),
        "sound_fillers_removed_by_cleaning": sound_tp + sound_fn,
        "sound_filler_precision": round(precision, 3),
        "sound_filler_recall": round(recall, 3),
        "phrase_filler_words_flagged": phrase_flagged,
        "phrase_flagged_removed_by_cleaning": round(phrase_flagged_removed / phrase_flagged, 3) if phrase_flagged else None,
        "phrase_candidates_removed_by_cleaning": phrase_removed,
        "phrase_recall_on_removed": round(phrase_removed_flagged / phrase_removed, 3) if phrase_removed else None,
    }


def main() -> None:
    from voicemock.speech.transcribe import Transcriber

    started = time.perf_counter()
    results = {"pauses": pause_figures(),
               "pitch": pitch_figures(),
               "fillers": filler_figures()}
    results["pace"] = pace_figures(Transcriber())
    results["seconds"] = round(time.perf_counter() - started, 1)
    for section, figures in results.items():
        print(f"{section}: {figures}")
    save("eval_analysis", results)


if __name__ == "__main__":
    main()
