"""The microphone check's verdicts on real read speech from ../shared/eval/speech (read by path, never copied).

Every real clip of 1.2 s or more is judged as recorded (it should pass), made 60 dB quieter (too quiet), with white
noise at -24 dBFS RMS added (too noisy) and amplified 30x with clipping (clipped). The thresholds in
voicemock/miccheck.py were set while looking at these same clips: the figures are development figures.
Prints and saves bench/results/eval_miccheck.json.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import EVAL_SPEECH, manifest, save  # noqa: E402


def main() -> dict:
    from voicemock.speech.audio import load_audio
    from voicemock.speech.miccheck import check_recording

    rng = np.random.default_rng(1)
    counts = {"clips": 0, "passed": 0, "quiet_flagged": 0, "noisy_flagged": 0, "clipped_flagged": 0}
    failed: list[dict] = []
    for row in manifest():
        samples = load_audio(EVAL_SPEECH / row["file"])
        if samples.size < 1.2 * 16000:
            continue
        counts["clips"] += 1
        check = check_recording(samples)
        counts["passed"] += check.ok
        if not check.ok:
            failed.append({"file": row["file"], "speech_db": check.speech_db, "noise_db": check.noise_db,
                           "problems": [p.split(":")[0] for p in check.problems]})
        counts["quiet_flagged"] += any(p.startswith("too quiet") for p in check_recording(samples * 0.001).problems)
        noisy = samples + rng.standard_normal(samples.size).astype(np.float32) * 0.063
        counts["noisy_flagged"] += any(p.startswith("too noisy") for p in check_recording(noisy).problems)
        counts["clipped_flagged"] += any("clipped" in p for p in check_recording(np.clip(samples * 30, -1, 1)).problems)
    result = {**counts, "not_passed": failed}
    print(result)
    save("eval_miccheck", result)
    return result


if __name__ == "__main__":
    main()
