"""Run every benchmark and evaluation in turn (`make bench`); each writes bench/results/<name>.json."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = ("bench_transcribe.py", "bench_wer.py", "eval_analysis.py", "filler_isa.py", "eval_coaching.py", ("eval_star.py", "--spoken"),
           "bench_storage.py", "eval_miccheck.py", "eval_stories.py")

if __name__ == "__main__":
    failed = []
    for item in SCRIPTS:
        script, *extra = (item,) if isinstance(item, str) else item
        print(f"== {script}", flush=True)
        if subprocess.run([sys.executable, str(BENCH / script), *extra]).returncode != 0:
            failed.append(script)
    sys.exit(f"failed: {', '.join(failed)}" if failed else 0)
