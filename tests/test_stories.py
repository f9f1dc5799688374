"""The story bank's core (voicemock/stories.py) and its place in the store, on real published STAR answers."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from voicemock.analysis import analyze
from voicemock.interview.guides import find_guide
from voicemock.interview.plan import plan_questions
from voicemock.sessions.store import Store, StoryNotFoundError
from voicemock.sessions.stories import (
    GOOD_SCORE,
    MANY_ROUNDS,
    STORY_KINDS,
    PracticeEntry,
    StoryError,
    compare_with_story,
    coverage,
    dump_stories,
    interval_days,
    make_story,
    parse_stories,
    practise_next,
    read_story_file,
    relevance,
    story_from_text,
    study_weeks,
    suggest_tags,
)
from voicemock.speech.transcript import Transcript

from tests.fixtures_stories import story_parts


@pytest.fixture(scope="module")
def guide():
    return find_guide()


# --------------------------------------------------------------------------- files


def test_yaml_round_trip_keeps_every_real_story(real_stories, tmp_path):
    linked = [replace(s, tags=("Conflict resolution",), questions=("r3q1",)) if i == 0 else s
              for i, s in enumerate(real_stories)]
    path = tmp_path / "stories.yaml"
    path.write_text(dump_stories(linked), encoding="utf-8")
    back = read_story_file(path)
    assert [s.to_dict() for s in back] == [s.to_dict() for s in linked]


@pytest.mark.parametrize("text, field, line", [
    ("stories:\n  - title: A\n    situation: x\n  - title: B\n    result: [1, 2]\n", "stories[1].result", 5),
    ("stories:\n  - title: A\n    situation: x\n  - situation: only a part\n", "stories[1].title", 4),
    ("stories:\n  - title: A\n    situation: x\n    tags: conflict\n", "stories[0].tags", 4),
    ("stories:\n  - title: A\n    situation: x\n    sitaution: typo\n", "stories[0].sitaution", 4),
    ("stories:\n  - title: A\n  - title: B\n    action: y\n", "stories[0]", 2),
    ("stories:\n  - id: a\n    title: A\n    task: t\n  - id: a\n    title: B\n    task: u\n", "stories[1].id", 5),
    ("stories:\n  - id: Bad Id\n    title: A\n    task: t\n", "stories[0].id", 2),
])
def test_a_malformed_story_file_is_refused_whole_with_file_field_and_line(tmp_path, text, field, line):
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StoryError) as caught:
        read_story_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line {line}: {field}:"), message
    assert "\n" not in message


def test_not_yaml_and_empty_files_are_refused_with_a_line(tmp_path):
    with pytest.raises(StoryError, match=r"x.yaml, line \d+: not valid YAML"):
        parse_stories("stories:\n  - title: [unclosed\n", "x.yaml")
    with pytest.raises(StoryError, match="empty"):
        parse_stories("", "x.yaml")


# --------------------------------------------------------------------------- told stories and tags


def test_a_told_story_is_split_into_its_parts(real_answers):
    """The full published answer, told in one go, comes back split: each part holds text of that part."""
    row = next(r for r in real_answers if len(r["answer"].split()) > 60)
    story = story_from_text(row["answer"], title="Told")
    parts = story_parts(row)
    assert story.title == "Told" and story.action and story.result
    assert "".join(story.part(p) for p in parts).replace(" ", "") == row["answer"].replace(" ", "")
    # The result notes are the end of the answer, as labelled by its source.
    assert parts["result"].split()[-1] in story.result


def test_every_told_sentence_lands_in_a_part(real_answers):
    """Whatever the analysis labels (or leaves unlabelled), the notes hold every word told, in order."""
    for row in real_answers[:30]:
        story = story_from_text(row["answer"])
        assert story.text.split() == " ".join(row["answer"].split()).split()
    small_talk = story_from_text("Hello there. Nice weather today.")
    assert small_talk.text == "Hello there. Nice weather today."


def test_told_nothing_is_one_line_error():
    with pytest.raises(StoryError, match="tell the story again"):
        story_from_text("   ")


def test_tags_are_suggested_from_the_guide(guide, real_stories):
    candidates = set(guide.tags()) | {c for r in guide.rounds for c in r.evaluation_criteria}
    suggested = {s.id: suggest_tags(s, guide) for s in real_stories}
    assert sum(1 for tags in suggested.values() if tags) >= len(real_stories) // 3
    for story in real_stories:
        for tag in suggested[story.id]:
            assert tag in candidates or any(tag in g.items for g in guide.evaluation_criteria)
    leader = make_story("Led the team", action="I took on the leadership of the reorganisation and mentored two leads.")
    assert "Leadership" in suggest_tags(leader, guide)


# --------------------------------------------------------------------------- coverage


def test_a_story_is_matched_to_its_own_question_more_often_than_chance(real_answers, real_stories):
    from voicemock.interview.guide import Question

    ranks = []
    for row, story in zip(real_answers, real_stories):
        question = Question(id="q", text=row["question"])
        order = sorted(real_stories, key=lambda s: -relevance(s, question))
        ranks.append([s.id for s in order].index(story.id) + 1)
    top3 = sum(1 for r in ranks if r <= 3) / len(ranks)
    assert top3 > 5 * 3 / len(real_stories)  # chance would be 3 in the bank's size


def test_coverage_links_take_precedence_and_gaps_are_reported(guide, real_stories):
    bank = real_stories[:12]
    before = coverage(guide, bank)
    target = next(q for q in before.questions if q.needs_story)
    chosen = next(s for s in bank if s.id != target.story_id)
    linked_bank = [replace(s, questions=(target.question.id,)) if s.id == chosen.id else s for s in bank]
    after = coverage(guide, linked_bank)
    row = next(q for q in after.questions if q.question.id == target.question.id)
    assert row.story_id == chosen.id and row.how == "linked"
    # System design and motivation questions never get a story; uncovered criteria are those no story carries.
    assert all(q.story_id is None for q in after.questions if q.question.kind in ("system_design", "motivation")
               and q.how != "linked")
    for c in after.criteria:
        assert (not c.stories) == (c in after.uncovered_criteria)
    # The empty bank: every story question lacks a story, every story round too.
    empty = coverage(guide, [])
    assert len(empty.without_story) == sum(1 for q in empty.questions if q.needs_story)
    assert empty.rounds_without_story() == sorted({q.round.number for q in empty.questions if q.needs_story})


def test_one_story_planned_for_three_rounds_is_warned(guide, real_stories):
    story = real_stories[0]
    ids = [r.questions[-1].id for r in guide.rounds[:MANY_ROUNDS]]
    bank = [replace(story, questions=tuple(ids))]
    cover = coverage(guide, bank)
    assert len(cover.matrix[story.id]) >= MANY_ROUNDS
    assert len(cover.warnings) == 1 and story.title in cover.warnings[0]
    two = coverage(guide, [replace(story, questions=tuple(ids[:2]))], measure=lambda s, q, r: 0.0)
    assert not two.warnings


# --------------------------------------------------------------------------- practising with a story


def _card(text: str, question_id: str = "r3q1"):
    guide = find_guide()
    planned = plan_questions(guide, [question_id]).questions[0]
    return analyze(Transcript.from_text(text), planned).to_dict()


def test_the_full_story_told_says_every_key_point(real_answers, real_stories):
    row, story = real_answers[0], real_stories[0]
    result = compare_with_story(story, _card(row["answer"]))
    assert result.points and not result.missed and not result.dropped


def test_a_dropped_part_is_named(real_answers, real_stories):
    """Each real story told without its Result: the Result is reported dropped, the Action never is.
    (59 of the 64 stories at the time of writing; the one-third rule was chosen on these same stories, so this is
    a development figure.)"""
    dropped = 0
    for row, story in zip(real_answers, real_stories):
        parts = story_parts(row)
        told = " ".join(parts[p] for p in ("situation", "task", "action"))
        result = compare_with_story(story, _card(told))
        dropped += "result" in result.dropped
        assert "action" not in result.dropped
    assert dropped >= 0.9 * len(real_stories)


def test_a_part_that_ran_long_is_named(real_answers, real_stories):
    row, story = next((r, s) for r, s in zip(real_answers, real_stories) if len(story_parts(r)["situation"].split()) > 12)
    parts = story_parts(row)
    padded_situation = " ".join([parts["situation"]] * 5)
    card = _card(" ".join([padded_situation, parts["task"], parts["action"], parts["result"]]))
    result = compare_with_story(story, card)
    star_situation = next((p for p in card["star"]["parts"] if p["part"] == "situation"), None)
    if star_situation and star_situation["share"] > 0.5:
        assert "situation" in result.ran_long
    assert not result.dropped


# --------------------------------------------------------------------------- what to practise next


def test_spaced_repetition_intervals():
    assert interval_days([]) == 1
    assert interval_days([GOOD_SCORE]) == 2
    assert interval_days([80, 90, 75]) == 8
    assert interval_days([80, 90, 40]) == 1
    assert interval_days([90] * 10) == 30


def test_practise_next_orders_never_answered_weak_and_due(guide, real_stories):
    now = datetime(2026, 3, 10, 12, 0).astimezone()
    all_ids = [q.id for r in guide.rounds for q in r.questions]
    recent_good = [PracticeEntry(qid, guide.slug, (now - timedelta(hours=2)).isoformat(), 90.0) for qid in all_ids]
    items = practise_next(guide, recent_good, real_stories, now=now)
    assert items == [] or all("no story" in " ".join(i.reasons) for i in items)
    history = [e for e in recent_good if e.question_id not in ("r3q1", "r4q2", "r2q1")]
    history.append(PracticeEntry("r4q2", guide.slug, (now - timedelta(days=2)).isoformat(), 35.0))
    history.append(PracticeEntry("r2q1", guide.slug, (now - timedelta(days=9)).isoformat(), 85.0))
    items = practise_next(guide, history, real_stories, now=now)
    order = [i.question.id for i in items]
    assert "never answered" in items[order.index("r3q1")].reasons
    assert order.index("r4q2") < order.index("r2q1")
    # Never answered comes before a question that is only due again.
    assert order.index("r3q1") < order.index("r2q1")
    assert any("weak" in r for r in items[order.index("r4q2")].reasons)
    assert any("due again" in r for r in items[order.index("r2q1")].reasons)
    # Another guide's answers do not count for this one.
    other = [replace(e, guide="another-guide") for e in recent_good]
    assert len(practise_next(guide, other, real_stories, now=now, limit=50)) == len(all_ids)


def test_rounds_with_no_story_come_first_among_equals(guide):
    now = datetime(2026, 3, 10, 12, 0).astimezone()
    story = make_story("Feedback", action="I gave difficult feedback to an engineer.", questions=("r3q1",))
    items = practise_next(guide, [], [story], now=now, limit=50)
    first_round_three = [i.question.id for i in items].index("r3q1")
    assert all("no story ready" in " ".join(i.reasons) for i in items[:first_round_three]
               if i.question.kind in STORY_KINDS)
    assert "no story ready for this round" not in items[first_round_three].reasons


# --------------------------------------------------------------------------- study plan


def test_study_weeks_dates_current_week_and_focus(guide):
    start = date(2026, 1, 5)
    history = [PracticeEntry("r3q1", guide.slug, "2026-01-20T10:00:00+00:00", 70.0, tags=("Behavioral", "People Management")),
               PracticeEntry("r2q1", guide.slug, "2026-01-21T10:00:00+00:00", 70.0, tags=("System Design",))]
    weeks = study_weeks(guide, start, date(2026, 1, 22), history, done=[1])
    assert [w.number for w in weeks] == [s.number for s in guide.study_plan]
    assert weeks[0].first_day == start and weeks[0].last_day == date(2026, 1, 18) and weeks[0].done
    current = [w for w in weeks if w.current]
    assert len(current) == 1 and current[0].title.startswith("People")
    assert current[0].answers == 2 and current[0].on_focus == 1
    assert weeks[-1].last_day == start + timedelta(weeks=8) - timedelta(days=1)


# --------------------------------------------------------------------------- the store


def test_store_keeps_stories_and_rebuild_index_keeps_them(data_home, real_stories):
    store = Store.open()
    first = store.add_story(real_stories[0])
    again = store.add_story(real_stories[0])
    assert again.id != first.id and again.id.startswith(first.id)
    store.update_story(replace(first, result="We shipped on time.", tags=("Delivery",)))
    store.delete_story(again.id)
    store.set_study_plan("coursera-em-m4", "2026-01-05", [1])
    assert store.get_story(first.id).result == "We shipped on time."
    with pytest.raises(StoryNotFoundError, match="voicemock stories list"):
        store.get_story(again.id)
    kept, _ = store.rebuild_index()
    assert kept is not None
    assert [s.to_dict() for s in store.list_stories()] == [store.get_story(first.id).to_dict()]
    assert store.study_plan_state("coursera-em-m4") == ("2026-01-05", [1])


def test_a_removed_index_gets_the_stories_back_from_the_data_folder(data_home, real_stories):
    store = Store.open()
    store.import_stories(real_stories[:3])
    for suffix in ("", "-wal", "-shm"):
        store.db_path.with_name(store.db_path.name + suffix).unlink(missing_ok=True)
    again = Store.open()
    assert [s.id for s in again.list_stories()] == [s.id for s in real_stories[:3]]
    again.delete_story(real_stories[0].id)
    assert len(Store.open().list_stories()) == 2  # the copy follows every change
    # A damaged copy does not stop the store: it is kept aside for a person to read.
    (data_home / "stories.json").write_text("{not json", encoding="utf-8")
    for suffix in ("", "-wal", "-shm"):
        again.db_path.with_name(again.db_path.name + suffix).unlink(missing_ok=True)
    assert Store.open().list_stories() == []
    assert len(list(data_home.glob("stories.json.damaged-*"))) == 1


def test_an_import_is_all_or_nothing(data_home, real_stories):
    store = Store.open()
    store.add_story(real_stories[0])
    added, replaced = store.import_stories(real_stories[:5])
    assert replaced == [real_stories[0].id] and len(added) == 4
    with sqlite3.connect(store.db_path) as con:
        con.execute("CREATE TRIGGER refuse BEFORE INSERT ON stories WHEN NEW.id = 'last' "
                    "BEGIN SELECT RAISE(ABORT, 'refused'); END")
    batch = [make_story("New one", task="t", story_id="new-one"), make_story("Last", task="t", story_id="last")]
    with pytest.raises(Exception):
        store.import_stories(batch)
    assert "new-one" not in {s.id for s in store.list_stories()}
