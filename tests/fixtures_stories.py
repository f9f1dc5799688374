"""Real stories for the story-bank tests: the published answers whose sources labelled their Situation, Task, Action
and Result (../shared/eval/star-train.jsonl) stand in as a candidate's stories. Read by path, never copied."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voicemock.analysis.star import PARTS


def labelled_answers(eval_dir: Path) -> list[dict]:
    path = eval_dir / "star-train.jsonl"
    if not path.is_file():
        pytest.skip(f"the labelled STAR answers are missing: {path}")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r.get("labels") and r.get("question")
            and {str(l["part"]).lower() for l in r["labels"]} == set(PARTS)]


def story_parts(row: dict) -> dict[str, str]:
    return {p: " ".join(l["text"] for l in row["labels"] if str(l["part"]).lower() == p) for p in PARTS}


@pytest.fixture(scope="session")
def real_answers(eval_dir: Path) -> list[dict]:
    """Published answers with all four parts labelled by their source (fields: id, question, answer, labels)."""
    rows = labelled_answers(eval_dir)
    assert len(rows) >= 20
    return rows


@pytest.fixture(scope="session")
def real_stories(real_answers):
    """The labelled answers as Story objects, titled by their id (not by their question, which would give the
    matching away)."""
    from voicemock.sessions.stories import make_story

    return [make_story(f"Story {r['id']}", story_id=r["id"].lower().replace("_", "-"), **story_parts(r))
            for r in real_answers]
