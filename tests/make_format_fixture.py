"""Write tests/data/analysis-v1.json and tests/data/transcript-v1.json: one answer's files exactly as the current
code writes them, kept so that later versions are tested against a document an older version wrote.

The answer is made here, not taken from the evaluation data: espeak-ng speaks FIXTURE_ANSWER (sentences joined by
silences, one of them long), and the real pipeline (tiny.en, then the analysis) processes it in a throw-away store.

    .venv/bin/python -m tests.make_format_fixture [--version v2]

Run it again only to add a fixture for a new format (name it analysis-v<N>.json); never overwrite an old one.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from voicemock.interview.plan import Plan, adhoc_question

ROOT = Path(__file__).resolve().parent.parent

FIXTURE_QUESTION = ("Tell me about a time you turned around a team that kept missing its deadlines.", "turnaround")
FIXTURE_ANSWER = (  # (sentence, seconds of silence after it)
    ("Last year our payments team missed two releases in a row.", 0.6),
    ("My task was to get the team shipping on time again within one quarter.", 2.6),
    ("I met each engineer, and um, I split the work into smaller tickets and set up a weekly demo.", 0.6),
    ("As a result we shipped every release on time for three months, and support tickets fell by thirty percent.", 0.4),
)


def fixture_plan() -> Plan:
    text, question_id = FIXTURE_QUESTION
    return Plan(guide="adhoc", mode="questions", questions=(adhoc_question(text, question_id=question_id),),
                description="format fixture")


def fixture_audio(folder: Path) -> bytes:
    """The spoken answer as 16 kHz WAV bytes (espeak-ng; the tests make it again to have a recording to play)."""
    from voicemock.speech.audio import SAMPLE_RATE, load_audio, wav_bytes

    pieces = [np.zeros(int(0.4 * SAMPLE_RATE), np.float32)]
    for index, (sentence, gap_s) in enumerate(FIXTURE_ANSWER):
        path = folder / f"sentence-{index}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(path), sentence], check=True)
        pieces += [load_audio(path), np.zeros(int(gap_s * SAMPLE_RATE), np.float32)]
    return wav_bytes(np.concatenate(pieces))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "data")
    parser.add_argument("--version", default="v1")
    args = parser.parse_args()
    taken = [p for p in (args.out / f"analysis-{args.version}.json", args.out / f"transcript-{args.version}.json") if p.exists()]
    if taken:
        raise SystemExit(f"{taken[0]} exists: an old format's fixture is never rewritten; choose another --version")

    from voicemock.sessions import pipeline
    from voicemock.sessions.store import Store

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "data")
        plan = fixture_plan()
        session = store.create_session(plan, title="Format fixture")
        answer = pipeline.save_answer(store, session.id, plan.questions[0], fixture_audio(Path(folder)), source="file")
        pipeline.process_answer(store, answer.id)
        analysis = json.loads(answer.analysis_path.read_text(encoding="utf-8"))
        transcript = json.loads(answer.transcript_path.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in (("analysis", analysis), ("transcript", transcript)):
        path = args.out / f"{name}-{args.version}.json"
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
