"""The story bank on real published stories: ../shared/eval/star-train.jsonl (read by path, never copied).

The answers whose sources labelled all four STAR parts stand in as a candidate's stories (titled by their id, so a
title does not give the question away). Prints and saves (bench/results/eval_stories.json):

- matching: for each story's own question, the rank of that story among all of them by `stories.relevance`
  (top 1, top 3), and how often the own story and the other stories reach MATCH_THRESHOLD ("ready");
- practising with a story: the full story told has every key point said; told without its Result, the Result is
  reported dropped and the Action is not.

The rules (and the one-third "dropped" rule, the threshold) were set on these same answers: development figures.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import EVAL_SPEECH, save  # noqa: E402

PARTS = ("situation", "task", "action", "result")


def labelled_stories():
    rows = [json.loads(line) for line in (EVAL_SPEECH.parent / "star-train.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [r for r in rows if r.get("labels") and r.get("question")
            and {str(l["part"]).lower() for l in r["labels"]} == set(PARTS)]


def parts_of(row: dict) -> dict[str, str]:
    return {p: " ".join(l["text"] for l in row["labels"] if str(l["part"]).lower() == p) for p in PARTS}


def main() -> dict:
    from voicemock.analysis import analyze
    from voicemock.interview.guide import Question
    from voicemock.interview.guides import find_guide
    from voicemock.interview.plan import plan_questions
    from voicemock.sessions.stories import MATCH_THRESHOLD, compare_with_story, make_story, relevance
    from voicemock.speech.transcript import Transcript

    rows = labelled_stories()
    stories = [make_story(f"Story {r['id']}", story_id=r["id"].lower().replace("_", "-"), **parts_of(r)) for r in rows]
    ranks, own_ready, other_ready, others = [], 0, 0, 0
    for row, story in zip(rows, stories):
        question = Question(id="q", text=row["question"])
        scored = sorted(((relevance(s, question), s.id) for s in stories), key=lambda x: (-x[0], x[1]))
        ranks.append([sid for _, sid in scored].index(story.id) + 1)
        own_ready += any(sid == story.id and score >= MATCH_THRESHOLD for score, sid in scored)
        other_ready += sum(1 for score, sid in scored if sid != story.id and score >= MATCH_THRESHOLD)
        others += len(scored) - 1

    planned = plan_questions(find_guide(), ["r3q1"]).questions[0]
    full_said = dropped_result = dropped_action = 0
    for row, story in zip(rows, stories):
        told = compare_with_story(story, analyze(Transcript.from_text(row["answer"]), planned).to_dict())
        full_said += not told.missed and not told.dropped
        parts = parts_of(row)
        short = " ".join(parts[p] for p in ("situation", "task", "action"))
        cut = compare_with_story(story, analyze(Transcript.from_text(short), planned).to_dict())
        dropped_result += "result" in cut.dropped
        dropped_action += "action" in cut.dropped
    n = len(rows)
    result = {
        "stories": n,
        "matching": {"top1": sum(1 for r in ranks if r == 1), "top3": sum(1 for r in ranks if r <= 3),
                     "threshold": MATCH_THRESHOLD, "own_story_ready": own_ready,
                     "other_stories_ready_share": round(other_ready / others, 3)},
        "comparison": {"full_story_all_points_said": full_said, "result_left_out_reported_dropped": dropped_result,
                       "action_wrongly_dropped": dropped_action},
        "note": "development figures: the rules were set on these same stories",
    }
    print(json.dumps(result, indent=2))
    save("eval_stories", result)
    return result


if __name__ == "__main__":
    main()
