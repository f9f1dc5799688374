"""Attempts: the take that counts, what changed between takes, and the transcript diff."""

from voicemock.sessions.attempts import best_index, compare, overall, transcript_diff


def _a(duration, wpm, fpm, parts, **scores):
    return {"duration_s": duration, "wpm": wpm, "fillers_per_min": fpm, "scores": scores,
            "budget": {"target_s": 120}, "pace": {"band_wpm": [130, 170]},
            "star": {"parts": [{"part": p} for p in parts]}}


def test_changes_between_takes_say_which_way_is_better():
    before = _a(60, 190, 6.0, ("situation", "action"), structure=40, pacing=60)
    after = _a(110, 160, 2.0, ("situation", "action", "result"), structure=80, pacing=90)
    result = compare(before, after)
    changes = {c.name: c for c in result.changes}
    assert changes["length"].delta == 50 and changes["length"].better  # closer to the 2:00 target
    assert changes["wpm"].better and changes["fillers_per_min"].better and changes["overall"].better
    assert changes["overall"].delta == overall(after) - overall(before) == 35
    assert result.star_gained == ("result",) and result.star_lost == ()
    back = compare(after, before)
    assert not any(c.better for c in back.changes) and back.star_lost == ("result",)


def test_best_take_is_marked_else_highest_overall_later_on_a_tie():
    takes = [{"scores": {"a": 50}}, {"scores": {"a": 70}}, {"scores": {"a": 70}}, {"verdict": "no_speech"}]
    assert best_index(takes) == 2
    assert best_index(takes, marked=0) == 0
    assert best_index([{"overall": 10, "scores": {"a": 90}}, {"scores": {"a": 20}}]) == 1  # `overall` wins
    assert best_index([]) is None


def test_transcript_diff_marks_words_added_and_removed():
    pieces = transcript_diff("we shipped the feature late", "I shipped the feature on time")
    assert [(p.kind, p.text) for p in pieces] == [
        ("removed", "we"), ("added", "I"), ("same", "shipped the feature"), ("removed", "late"), ("added", "on time")]
    assert transcript_diff("same words", "same words") == [transcript_diff("same words", "same words")[0]]


def test_an_unscored_take_has_no_overall_and_is_never_the_best():
    takes = [{"scores": {"a": 20}}, {"verdict": "no_speech", "overall": 90, "scores": {"a": 90}}]
    assert overall(takes[1]) is None and best_index(takes) == 0
