"""The plain-text importer reproduces the shipped YAML from the seed guide."""

from __future__ import annotations

from dataclasses import replace

import pytest

from voicemock.interview.guide import GuideError, guide_to_dict, load_guide
from voicemock.interview.guides import DEFAULT_GUIDE
from voicemock.interview.importer import import_text_file, import_text_guide, split_glued
from voicemock.layout import content_dir


def test_importing_the_seed_reproduces_the_shipped_guide(seed_guide_text_path):
    imported = import_text_file(seed_guide_text_path, slug=DEFAULT_GUIDE)
    shipped = load_guide(content_dir() / f"{DEFAULT_GUIDE}.yaml")
    hand_filled = {q.id: q for q, _ in shipped.all_questions() if q.original_text}
    assert set(hand_filled) == {"r2q1", "r2q2", "r4q3"}
    rounds = []
    for r in imported.rounds:
        questions = []
        for q in r.questions:
            if q.id in hand_filled:
                assert q.placeholders, f"{q.id} should keep its placeholder as a field to fill"
                assert q.text == hand_filled[q.id].original_text
                q = hand_filled[q.id]
            questions.append(q)
        rounds.append(replace(r, questions=tuple(questions)))
    # The follow-ups were written by hand for every question (the seed has none): compared without them.
    assert all(q.follow_ups for q, _ in shipped.all_questions())
    assert _without_follow_ups(guide_to_dict(replace(imported, rounds=tuple(rounds)))) == \
        _without_follow_ups(guide_to_dict(shipped))


def _without_follow_ups(data):
    if isinstance(data, dict):
        return {k: _without_follow_ups(v) for k, v in data.items() if k != "follow_ups"}
    if isinstance(data, list):
        return [_without_follow_ups(v) for v in data]
    return data


def test_glued_lists_are_split():
    assert split_glued("Enthusiasm for CourseraClear communicationBasic alignment with company values") == (
        "Enthusiasm for Coursera", "Clear communication", "Basic alignment with company values")
    assert split_glued("BehavioralPeople ManagementFeedback") == ("Behavioral", "People Management", "Feedback")
    assert split_glued("GraphQL APIs") == ("GraphQL APIs",)


def test_text_without_rounds_is_refused():
    with pytest.raises(GuideError, match="no 'Interview Rounds' section"):
        import_text_guide("Acme\nEngineer\nTitle\nSummary\n", "notes.txt")


def test_a_round_without_a_duration_line_names_the_round(seed_guide_text_path):
    text = seed_guide_text_path.read_text().replace("45 minRecruiter/HR", "Recruiter/HR", 1)
    with pytest.raises(GuideError, match=r"round 1 \(Recruiter/HR Interview\): expected a line like"):
        import_text_guide(text, "seed.txt")


def test_a_strengths_or_weakness_question_is_a_self_assessment_unless_it_asks_for_a_time():
    from voicemock.interview.importer import infer_kind

    assert infer_kind("What are your strengths and weaknesses?", ("Behavioral",)) == "self_assessment"
    assert infer_kind("What is your greatest weakness?", ()) == "self_assessment"
    assert infer_kind("Tell me about a time a weakness of yours cost you something.", ()) == "behavioral"
    assert infer_kind("Tell me about your experience as an engineering manager.", ("Behavioral", "Experience")) == \
        "career_summary"
    assert infer_kind("What is your vision for the future of Coursera's professional certificates?", ()) == "vision"
