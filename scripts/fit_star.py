"""Fit the STAR model from the labelled published answers and write voicemock/analysis/star_model.json.

    python scripts/fit_star.py [--eval-dir ../shared/eval] [--output voicemock/analysis/star_model.json] [--check]

Deterministic: the same data give the same file, byte for byte (coefficients are rounded to 6 decimals). Needs
scikit-learn (the `fit` extra); the app reads the file with numpy only. `--check` writes nothing and fails when the
shipped file differs from what the data give.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from voicemock.analysis.star import MODEL_PATH  # noqa: E402
from voicemock.analysis.star_fit import data_digest, fit, load_answers, model_json  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    parser.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    args = parser.parse_args()
    if not (args.eval_dir / "star-train.jsonl").is_file():
        print(f"no star-train.jsonl in {args.eval_dir}: give the evaluation folder with --eval-dir", file=sys.stderr)
        return 2
    model = fit(load_answers(args.eval_dir), log=print)
    model["fit"]["data_sha256"] = data_digest(args.eval_dir)
    text = model_json(model)
    if args.check:
        same = args.output.is_file() and args.output.read_text() == text
        print("the shipped model is what the data give" if same else f"{args.output} differs from what the data give")
        return 0 if same else 1
    args.output.write_text(text)
    print(f"wrote {args.output} ({len(text) // 1024} KB, {len(model['features'])} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
