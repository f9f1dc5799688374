"""How many fillers Whisper keeps under each CTranslate2 instruction set (CT2_FORCE_CPU_ISA): the decoding depends
on the CPU, so the test suite's filler floor (tests/fixtures_speech.py) is set from this, over every set the CPU has.

The sentences are the test suite's own (espeak-ng, two voices), not evaluation data. Each instruction set runs in a
subprocess, since CTranslate2 reads the variable when it loads.

    .venv/bin/python bench/filler_isa.py            # writes bench/results/filler_isa.json
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import save  # noqa: E402

ISAS = ("GENERIC", "AVX", "AVX2", "AVX512")
VOICES = ("en-us", "en-gb")


def _fillers(text: str) -> int:
    return len(re.findall(r"\b(um+|uh+)\b", text.lower()))


def one_isa() -> dict:
    from tests.fixtures_speech import MID_SENTENCE_FILLERS, espeak_wav
    from voicemock.speech.transcribe import Transcriber

    transcriber = Transcriber()
    by_voice = {}
    with tempfile.TemporaryDirectory() as folder:
        for voice in VOICES:
            kept = invented = expected = 0
            leading_kept = None
            texts = []
            for index, sentence in enumerate(MID_SENTENCE_FILLERS):
                text = transcriber.transcribe(espeak_wav(sentence, Path(folder) / f"{voice}-{index}.wav", voice)).text
                said, heard = _fillers(sentence), _fillers(text)
                kept += min(said, heard)
                invented += max(0, heard - said)
                expected += said
                if index == 0:
                    leading_kept = bool(re.match(r"\W*(um+|uh+)\b", text.lower()))
                texts.append(text)
            by_voice[voice] = {"kept": kept, "expected": expected, "invented": invented,
                               "leading_filler_kept": leading_kept, "texts": texts}
    return by_voice


def cpuinfo(field: str) -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return ""
    return next((line.split(":", 1)[1].strip() for line in lines if line.split(":")[0].strip() == field), "")


def main() -> None:
    if sys.argv[1:] == ["--one"]:
        print(json.dumps(one_isa()))
        return
    flags = set(cpuinfo("flags").upper().split())
    runs = {}
    for isa in ISAS:
        if isa != "GENERIC" and isa not in flags and f"{isa}F" not in flags:
            continue  # AVX512 shows as avx512f
        done = subprocess.run([sys.executable, __file__, "--one"], env={**os.environ, "CT2_FORCE_CPU_ISA": isa},
                              capture_output=True, text=True, check=True, cwd=ROOT)
        runs[isa] = json.loads(done.stdout.strip().splitlines()[-1])
        print(isa, {v: f"{r['kept']}/{r['expected']}" for v, r in runs[isa].items()}, flush=True)
    lowest = min(r["kept"] for by_voice in runs.values() for r in by_voice.values())
    save("filler_isa", {"cpu": cpuinfo("model name") or platform.machine(), "cpus": os.cpu_count(), "runs": runs,
                        "lowest_kept": lowest})


if __name__ == "__main__":
    main()
