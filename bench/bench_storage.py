"""How much disk an hour of answers takes, kept as recorded (16 kHz mono 16-bit WAV), as lossless FLAC (what
voicemock keeps for microphone answers), and as the Opus of the HTML export.

Every real clip of ../shared/eval/speech, normalised to what voicemock records (16 kHz mono 16-bit). Writes
bench/results/bench_storage.json.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import EVAL_SPEECH, manifest, save  # noqa: E402
from voicemock.speech.audio import EXPORT_BITRATE, encode, load_audio, pcm_wav_to_flac, wav_bytes  # noqa: E402


def main() -> dict:
    wav = flac = opus = 0
    seconds = 0.0
    lossless = 0
    started = time.perf_counter()
    rows = manifest()
    for row in rows:
        samples = load_audio(EVAL_SPEECH / row["file"])
        data = wav_bytes(samples)
        compact = pcm_wav_to_flac(data)  # checks that decoding gives back the very same samples
        lossless += compact is not None
        wav, flac = wav + len(data), flac + len(compact or data)
        opus += len(encode(samples, "opus", bitrate=EXPORT_BITRATE))
        seconds += len(samples) / 16000
    hour = 3600 / seconds
    result = {
        "clips": len(rows), "minutes": round(seconds / 60, 1), "flac_lossless_clips": lossless,
        "wav_mb_per_hour": round(wav * hour / 1e6, 1), "flac_mb_per_hour": round(flac * hour / 1e6, 1),
        "flac_share_of_wav": round(flac / wav, 3), "opus_bitrate": EXPORT_BITRATE,
        "opus_mb_per_minute": round(opus / seconds * 60 / 1e6, 3),
        "opus_base64_mb_per_minute": round(opus * 4 / 3 / seconds * 60 / 1e6, 3),
        "seconds_taken": round(time.perf_counter() - started, 1),
    }
    print(result)
    save("bench_storage", result)
    return result


if __name__ == "__main__":
    main()
