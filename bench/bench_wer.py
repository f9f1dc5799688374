"""Word error rate of the speech engine on real recorded human speech (../shared/eval/speech, see its SOURCES.md),
per subset and pooled (total errors / total reference words, after voicemock.speech.textnorm.normalize), for the
default decoding (filler prompt on) and without the prompt; plus filler survival on espeak-synthesized sentences
that contain "um"/"uh" (the eval set has no real filler speech).

    .venv/bin/python bench/bench_wer.py [--models tiny.en,base] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import EVAL_SPEECH, manifest, save  # noqa: E402

# Whisper paper (Radford et al. 2022, appendix D.1.1), LibriSpeech test-clean WER %.
PUBLISHED = {"tiny.en": 5.6, "base": 5.0}
FILLER_SENTENCES = [
    "Um, so I was leading a team of five engineers, and uh, we had a tight deadline.",
    "I think, uh, the main thing I learned was, um, to ask for help early.",
    "Well, um, the project was late, uh, because the requirements kept changing.",
    "So, uh, I decided to, um, split the work into smaller pieces and, uh, ship weekly.",
]
FILLER_VOICES = ("en-us", "en-gb", "en-us+f3")


def fillers(text: str) -> int:
    return len(re.findall(r"\b(um+|uh+)\b", text.lower()))


def filler_check(transcriber) -> dict:
    found = expected = extra = 0
    with tempfile.TemporaryDirectory() as folder:
        for index, sentence in enumerate(FILLER_SENTENCES):
            for voice in FILLER_VOICES:
                path = Path(folder) / f"{index}-{voice}.wav"
                subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(path), sentence], check=True)
                heard = fillers(transcriber.transcribe(path).text)
                found += min(heard, fillers(sentence))
                extra += max(0, heard - fillers(sentence))
                expected += fillers(sentence)
    return {"fillers_expected": expected, "fillers_kept": found, "fillers_extra": extra}


def evaluate(model: str, keep_fillers: bool, rows: list[dict], beam_only: bool = False) -> dict:
    """beam_only: no temperature fallback (only the beam search at temperature 0), which makes decoding repeatable.

    Each clip is transcribed as Transcriber.transcribe does (first pass, then speech with no words decoded again), with
    the first pass's text scored too, so the re-decode's effect is measured on the same decoding: `wer_pct` is what
    voicemock returns, `wer_pct_first_pass` the text before the re-decode; `redecode` says how often it ran and its
    cost."""
    from voicemock.speech.audio import SAMPLE_RATE, load_audio
    from voicemock.speech.textnorm import word_errors
    from voicemock.speech.transcribe import FALLBACK_TEMPERATURES, DecodeOptions, Transcriber, build_transcript

    options = DecodeOptions(keep_fillers=keep_fillers, temperatures=(0.0,) if beam_only else FALLBACK_TEMPERATURES)
    transcriber = Transcriber(model, options=options)
    errors: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    first_errors: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    redecoded: list[dict] = []
    audio_s = first_pass_s = redecode_s = 0.0
    started = time.perf_counter()
    for row in rows:
        samples = load_audio(EVAL_SPEECH / row["file"])
        tick = time.perf_counter()
        segments, notes = transcriber.first_pass(samples)
        first = build_transcript(segments, samples.size / SAMPLE_RATE, model, notes).text
        tock = time.perf_counter()
        segments, more = transcriber.recover_unheard(samples, segments)
        redecode_s += time.perf_counter() - tock
        first_pass_s += tock - tick
        text = build_transcript(segments, samples.size / SAMPLE_RATE, model, notes + more).text
        subset = row["file"].split("/")[0]
        for table, said in ((errors, text), (first_errors, first)):
            counts = word_errors(row["transcript"], said)
            for key in (subset, "all"):
                table[key][0] += counts.errors
                table[key][1] += counts.reference_words
        if more:
            redecoded.append({"clip": row["file"], "notes": more,
                              "errors_before": word_errors(row["transcript"], first).errors,
                              "errors_after": word_errors(row["transcript"], text).errors})
        audio_s += float(row["duration_s"])
    elapsed = time.perf_counter() - started

    def pct(table):
        return {k: round(100 * e / max(n, 1), 2) for k, (e, n) in sorted(table.items())}

    return {"model": model, "filler_prompt": keep_fillers, "temperature_fallback": not beam_only, "clips": len(rows),
            "audio_s": round(audio_s, 1),
            "seconds": round(elapsed, 1),
            "wer_pct": pct(errors), "wer_pct_first_pass": pct(first_errors),
            "redecode": {"clips": len(redecoded), "first_pass_s": round(first_pass_s, 1),
                         "redecode_s": round(redecode_s, 2), "detail": redecoded},
            **filler_check(transcriber)}


def _setting(run: dict) -> tuple:
    return run["model"], run["filler_prompt"], run.get("temperature_fallback", True), run["clips"]


def merged(runs: list[dict]) -> list[dict]:
    """This run's results over the earlier ones in the results file: a new run of a setting replaces its old one."""
    path = Path(__file__).resolve().parent / "results" / "bench_wer.json"
    earlier = json.loads(path.read_text())["runs"] if path.is_file() else []
    fresh = {_setting(r) for r in runs}
    return [r for r in earlier if _setting(r) not in fresh] + runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="tiny.en")
    parser.add_argument("--limit", type=int, default=0, help="first N clips only (0 = all)")
    parser.add_argument("--beam-only", action="store_true",
                        help="also run each model without temperature fallback (repeatable decoding)")
    parser.add_argument("--only", choices=["beam-only", "default"],
                        help="run only that setting (the file keeps earlier runs)")
    args = parser.parse_args()
    rows = manifest()[: args.limit or None]
    runs = []
    for model in args.models.split(","):
        settings = [(True, False), (False, False)] + ([(True, True)] if args.beam_only else [])
        if args.only == "beam-only":
            settings = [(True, True)]
        if args.only == "default":
            settings = [(True, False)]
        for keep, beam_only in settings:
            runs.append(evaluate(model, keep, rows, beam_only))
            print(f"done {model} prompt={'on' if keep else 'off'} fallback={'off' if beam_only else 'on'}: "
                  f"WER {runs[-1]['wer_pct']['all']}% in {runs[-1]['seconds']} s", flush=True)
    print(f"{'model':8} {'prompt':6} {'fallback':8} {'clips':>5} {'WER %':>6} {'published %':>11} {'fillers kept':>12} {'extra':>5}")
    for run in runs:
        print(f"{run['model']:8} {'on' if run['filler_prompt'] else 'off':6} {'on' if run['temperature_fallback'] else 'off':8} "
              f"{run['clips']:5} {run['wer_pct']['all']:6.2f} "
              f"{PUBLISHED.get(run['model'], float('nan')):11.1f} "
              f"{run['fillers_kept']:>5}/{run['fillers_expected']:<6} {run['fillers_extra']:5}")
        print("    per subset: " + ", ".join(f"{k} {v}" for k, v in run["wer_pct"].items() if k != "all"))
    path = save("bench_wer", {"source": "../shared/eval/speech (see SOURCES.md)",
                              "normalizer": "voicemock.speech.textnorm",
                              "published_librispeech_test_clean_pct": PUBLISHED, "runs": merged(runs)})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
