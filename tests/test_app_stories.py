"""The Stories page and the story pieces of the Practice page, run for real with streamlit.testing.v1.AppTest: real
SQLite store, real published stories (../shared/eval/star-train.jsonl, read by path), real faster-whisper on real
speech for a spoken story and a practised answer."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from streamlit.testing.v1 import AppTest

from voicemock.sessions.store import Store
from voicemock.sessions.stories import dump_stories, make_story

from tests.fixtures_app import ANSWER_CLIPS
from tests.fixtures_stories import story_parts

from tests.test_app import APP, _app, _ok, _texts


def _section(at: AppTest, name: str) -> AppTest:
    return at.segmented_control(key="stories_section").set_value(name).run()


def _stories_page() -> AppTest:
    at = _ok(_app().run())
    return _ok(at.switch_page("ui/stories.py").run())


def test_write_a_story_see_its_coverage_and_plan_the_weeks(data_home, real_answers):
    at = _stories_page()
    assert "Stories" in [t.value for t in at.title]
    _ok(_section(at, "coverage"))
    assert "Add a story first" in _texts(at)
    _ok(_section(at, "bank"))

    parts = story_parts(real_answers[0])
    at.text_input[0].set_value("CRM <b>migration</b> **now**")
    for area, part in zip(at.text_area, ("situation", "task", "action", "result")):
        area.set_value(parts[part])
    questions = at.multiselect[1]
    questions.set_value(["r1q2", "r3q1", "r5q3"])
    _ok(at.button(key="stories_save").click().run())
    assert any("Saved the story" in s.value for s in at.success)
    stored = Store.open().list_stories()
    assert len(stored) == 1 and stored[0].title == "CRM <b>migration</b> **now**" and stored[0].situation == parts["situation"]
    assert stored[0].questions == ("r1q2", "r3q1", "r5q3")

    # Coverage: the linked questions have their story; planned for three rounds, it is warned about.
    _ok(_section(at, "coverage"))
    planned = [int(m.group(1)) for w in at.warning if (m := re.search(r"planned for (\d+) rounds", w.value))]
    assert planned and planned[0] >= 3
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Story questions with a story ready"].startswith(("3 of", "4 of", "5 of", "6 of", "7 of"))
    matrix = next(d.value for d in at.dataframe if "story" in d.value.columns and "Round 3" in d.value.columns)
    assert list(matrix["story"]) == ["CRM <b>migration</b> **now**"]
    assert "r3q1" in matrix["Round 3"].iloc[0]

    # The user's text is never markup: the title appears only escaped or as data.
    bodies = "\n".join(h.proto.body for h in at.get("html"))
    assert "<b>migration</b>" not in bodies
    warning = next(w.value for w in at.warning if "rounds" in w.value)
    assert r"\*\*now\*\*" in warning and r"\<b\>" in warning

    # Study plan: started today, the first step is the current one; a tick is kept.
    _ok(_section(at, "study"))
    _ok(at.button(key="study_save").click().run())
    assert any("This week: " in i.value for i in at.info)
    at.checkbox(key="study_done_coursera-em-m4_1").check()
    _ok(at.run())
    assert Store.open().study_plan_state("coursera-em-m4")[1] == [1]

    assert at.segmented_control(key="stories_section").value == "study"  # a button keeps the section
    # Editing: pick the story, change a part, save; delete it.
    _ok(_section(at, "bank"))
    at.selectbox(key="stories_pick").set_value(stored[0].id)
    _ok(at.run())
    assert at.text_area[3].value == parts["result"]
    at.text_area[3].set_value("We finished two weeks early.")
    _ok(at.button(key="stories_save").click().run())
    assert Store.open().get_story(stored[0].id).result == "We finished two weeks early."
    _ok(at.button(key="stories_delete").click().run())
    assert Store.open().list_stories() == []


def test_import_refuses_a_malformed_file_whole_and_takes_a_good_one(data_home, real_stories):
    at = _ok(_section(_stories_page(), "files"))
    good = dump_stories(real_stories[:5]).encode()
    bad = good.replace(b"  title: Story", b"  title: [Story", 1)
    at.file_uploader(key="stories_import").set_value(("mine.yaml", bad, "text/yaml"))
    _ok(at.run())
    _ok(at.button(key="stories_import_go").click().run())
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("mine.yaml, line ") and "\n" not in errors[0]
    assert Store.open().list_stories() == []

    broken_field = good.replace(b"  tags: []", b"  tags: teamwork", 1)
    at.file_uploader(key="stories_import").set_value(("mine.yaml", broken_field, "text/yaml"))
    _ok(at.button(key="stories_import_go").click().run())
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "stories[0].tags" in errors[0] and "line" in errors[0]
    assert Store.open().list_stories() == []

    at.file_uploader(key="stories_import").set_value(("mine.yaml", good, "text/yaml"))
    _ok(at.button(key="stories_import_go").click().run())
    assert any("5 added" in s.value for s in at.success)
    assert [s.id for s in Store.open().list_stories()] == [s.id for s in real_stories[:5]]
    exported = at.get("download_button")
    assert exported and not exported[0].proto.disabled


def _clip_transcripts(eval_dir: Path) -> list[str]:
    with open(eval_dir / "speech" / "manifest.tsv", newline="", encoding="utf-8") as handle:
        rows = {row["file"]: row["transcript"] for row in csv.DictReader(handle, delimiter="\t")}
    return [rows[clip] for clip in ANSWER_CLIPS]


@pytest.mark.whisper
def test_a_spoken_story_is_transcribed_into_the_form(data_home, answer_wav, answer_words):
    at = _stories_page()
    at.file_uploader(key="stories_upload").set_value(("story.wav", answer_wav, "audio/wav"))
    _ok(at.run())
    assert any("check each part" in s.value for s in at.success)
    heard = " ".join(a.value for a in at.text_area).lower() + " " + at.text_input[0].value.lower()
    assert len({w for w in answer_words if w in heard}) >= len(answer_words) // 2
    _ok(at.button(key="stories_save").click().run())
    assert len(Store.open().list_stories()) == 1


@pytest.mark.whisper
def test_practice_lists_what_next_and_compares_the_answer_with_its_story(data_home, eval_dir, answer_wav):
    at = _ok(_app().run())
    assert "never answered" in _texts(at)
    at.checkbox(key="setup_check").uncheck()  # straight to the question, no microphone check
    listed = [b.key for b in at.button if str(b.key).startswith("next_")]
    assert 1 <= len(listed) <= 5
    _ok(at.button(key=listed[0]).click().run())
    chosen = listed[0].removeprefix("next_")
    assert [q.id for q in at.session_state["pr_plan"].questions] == [chosen]
    # The story the candidate prepared for that question is what the recording says (its clips' own transcripts).
    said = _clip_transcripts(eval_dir)
    Store.open().add_story(make_story("Two clips", situation=said[0], result=said[1], questions=(chosen,)))
    at.file_uploader(key="up_1_0").set_value(("answer.wav", answer_wav, "audio/wav"))
    _ok(at.run())
    texts = _texts(at)
    assert "Against your story: Two clips" in texts
    assert re.search(r"\d+ of \d+ key points? said", texts)
    points = [m.value for m in at.markdown if ":material/check_circle:" in m.value]
    assert points, texts
