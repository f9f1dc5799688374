"""Speed of the speech engine on this machine (2 CPU threads, int8):
model load, real-time factor and peak memory of tiny.en vs base, pipeline overhead over a bare faster-whisper
call, and latency from "stop" to the finished transcript, batch vs incremental, for 30 s / 2 min / 5 min answers
made of whole real clips, with the word error rate of both against the clips' reference transcripts.

Incremental method: blocks of 0.5 s are fed as fast as the background worker keeps up (a block is fed only when
no stretch is waiting), which is the steady state of a live recording on a machine that keeps up; the clock runs
from finish() (the person pressed stop) to the final Transcript. Batch: the whole answer transcribed after stop.

    .venv/bin/python bench/bench_transcribe.py [--lengths 30,120,300] [--base-seconds 60]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import answer_with_reference, long_answer, save  # noqa: E402

from voicemock.speech.audio import SAMPLE_RATE  # noqa: E402


def model_run(model: str, seconds: float) -> dict:
    """In this process: load time, RTF, peak RSS for one model on `seconds` of real speech."""
    from voicemock.speech.transcribe import Transcriber

    samples = long_answer(seconds)
    started = time.perf_counter()
    transcriber = Transcriber(model)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    result = transcriber.transcribe(samples)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"model": model, "audio_s": seconds, "load_s": round(load_s, 2), "transcribe_s": round(elapsed, 2),
            "rtf": round(elapsed / seconds, 3), "peak_rss_mb": round(peak_mb), "words": len(result.words)}


def models_table(seconds: float) -> list[dict]:
    rows = []
    for model in ("tiny.en", "base"):  # a fresh process each, so peak memory is the model's own
        out = subprocess.run([sys.executable, __file__, "--one-model", model, "--base-seconds", str(seconds)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return rows


def overhead(transcriber, samples) -> dict:
    """Two comparisons, best of 3 each.
    wrapper: Transcriber.transcribe() against the bare faster-whisper call on the very audio voicemock hands the
    model (the speech span, edges trimmed): the cost of loading, speech detection, filtering and building the
    Transcript.
    end_to_end: against the bare call on the untrimmed audio; the decoder then takes another path, so time and the
    number of words differ for reasons that are not overhead (the word counts are reported with it)."""
    from voicemock.speech.transcribe import EDGE_PAD_S, speech_regions

    kwargs = transcriber.options.kwargs(transcriber.choice.english_only)
    regions = speech_regions(samples)
    first = max(0.0, regions[0].start - EDGE_PAD_S)
    last = min(len(samples) / SAMPLE_RATE, regions[-1].end + EDGE_PAD_S)
    clip = samples[int(first * SAMPLE_RATE): int(last * SAMPLE_RATE)]

    def bare(audio):
        started = time.perf_counter()
        segments, _ = transcriber._model.transcribe(audio, **kwargs)
        words = sum(len(s.words or []) for s in segments)
        return time.perf_counter() - started, words

    bare_clip = min(bare(clip) for _ in range(3))
    bare_full = min(bare(samples) for _ in range(3))
    ours, ours_words = float("inf"), 0
    for _ in range(3):
        started = time.perf_counter()
        result = transcriber.transcribe(samples)
        ours = min(ours, time.perf_counter() - started)
        ours_words = len(result.words)
    return {"audio_s": len(samples) / SAMPLE_RATE, "bare_same_input_s": round(bare_clip[0], 3),
            "pipeline_s": round(ours, 3), "overhead_pct": round(100 * (ours / bare_clip[0] - 1), 1),
            "bare_untrimmed_s": round(bare_full[0], 3), "bare_untrimmed_words": bare_full[1],
            "pipeline_words": ours_words}


def latency(transcriber, seconds: float) -> dict:
    """Time from stop to transcript, batch vs incremental, and the word error rate of each against the clips'
    reference transcripts (cutting at pauses must not cost accuracy)."""
    from voicemock.speech.textnorm import word_errors
    from voicemock.speech.transcribe import IncrementalTranscriber

    samples, reference = answer_with_reference(seconds)
    started = time.perf_counter()
    batch = transcriber.transcribe(samples)
    batch_s = time.perf_counter() - started

    live = IncrementalTranscriber(transcriber)
    block = SAMPLE_RATE // 2
    for begin in range(0, len(samples), block):
        while live.backlog:
            time.sleep(0.005)
        live.feed(samples[begin: begin + block])
    while live.backlog:  # the last finished stretch is done, as it would be in real time
        time.sleep(0.005)
    stopped = time.perf_counter()
    incremental = live.finish()
    incremental_s = time.perf_counter() - stopped
    batch_errors, incremental_errors = word_errors(reference, batch.text), word_errors(reference, incremental.text)
    return {"answer_s": round(len(samples) / SAMPLE_RATE, 1), "batch_after_stop_s": round(batch_s, 2),
            "incremental_after_stop_s": round(incremental_s, 2), "chunks": live.chunks_done,
            "reference_words": batch_errors.reference_words,
            "batch_wer_pct": round(100 * batch_errors.errors / batch_errors.reference_words, 2),
            "incremental_wer_pct": round(100 * incremental_errors.errors / incremental_errors.reference_words, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lengths", default="30,120,300")
    parser.add_argument("--base-seconds", type=float, default=60.0)
    parser.add_argument("--one-model", default=None)
    args = parser.parse_args()
    if args.one_model:
        print(json.dumps(model_run(args.one_model, args.base_seconds)))
        return

    from voicemock.speech.transcribe import Transcriber

    models = models_table(args.base_seconds)
    transcriber = Transcriber()
    over = overhead(transcriber, long_answer(60))
    latencies = [latency(transcriber, float(s)) for s in args.lengths.split(",")]

    print(f"{'model':8} {'audio s':>7} {'load s':>6} {'RTF':>6} {'peak MB':>7}")
    for row in models:
        print(f"{row['model']:8} {row['audio_s']:7.0f} {row['load_s']:6.2f} {row['rtf']:6.3f} {row['peak_rss_mb']:7}")
    print(f"\npipeline overhead on {over['audio_s']:.0f} s: bare call on the same input {over['bare_same_input_s']} s, "
          f"voicemock {over['pipeline_s']} s ({over['overhead_pct']:+.1f}%); bare call on the untrimmed audio "
          f"{over['bare_untrimmed_s']} s, {over['bare_untrimmed_words']} words vs voicemock's {over['pipeline_words']}")
    print(f"\n{'answer':>6} {'batch s':>8} {'incremental s':>14} {'chunks':>6} {'words':>6} {'WER batch':>9} "
          f"{'WER incr.':>9}")
    for row in latencies:
        print(f"{row['answer_s']:6.0f} {row['batch_after_stop_s']:8.2f} {row['incremental_after_stop_s']:14.2f} "
              f"{row['chunks']:6} {row['reference_words']:6} {row['batch_wer_pct']:8.2f}% {row['incremental_wer_pct']:8.2f}%")
    path = save("bench_transcribe", {"machine": "2-core x86-64, cpu_threads=2, int8", "models": models,
                                     "overhead": over, "latency": latencies})
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
