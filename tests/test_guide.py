"""The content model: the shipped guide loads whole, and malformed guides are refused with file, field and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicemock.interview.guide import GuideError, dump_guide, fill_placeholders, load_guide, parse_guide
from voicemock.interview.guides import DEFAULT_GUIDE, find_guide, install_guide, list_guides
from voicemock.layout import content_dir


@pytest.fixture(scope="module")
def shipped():
    return load_guide(content_dir() / f"{DEFAULT_GUIDE}.yaml")


def test_shipped_guide_is_complete(shipped):
    assert shipped.company == "Coursera" and shipped.level == "M4" and shipped.difficulty == "Hard"
    assert [r.duration_min for r in shipped.rounds] == [45, 60, 60, 45, 60]
    assert shipped.total_minutes == 270
    assert all(len(r.questions) == 3 and r.questions[0].tags for r in shipped.rounds)
    assert all(r.looks_for and r.evaluation_criteria and r.preparation_tips and r.rejection_reasons for r in shipped.rounds)
    assert len(shipped.common_questions) == 10
    assert [len(v.questions) for v in shipped.variants] == [3, 3]
    assert all(v.focus and v.tips for v in shipped.variants)
    assert [len(g.items) for g in shipped.evaluation_criteria] == [6, 4, 4, 4]
    assert len(shipped.preparation_tips) == 7
    assert [s.weeks for s in shipped.study_plan] == ["Weeks 1-2", "Weeks 3-4", "Weeks 5-6", "Week 7", "Week 8"]
    assert shipped.round(3).interviewer == "Director of Engineering/VP of Engineering"


def test_placeholders_are_resolved_and_the_original_kept(shipped):
    for question, _ in shipped.all_questions():
        assert "[" not in question.text, question.id
    question, rnd = shipped.question("r2q1")
    assert question.original_text.startswith("Design a system for [a relevant Coursera feature")
    assert "course recommendations" in question.text and rnd.number == 2


def test_fill_placeholders_makes_speakable_text():
    assert fill_placeholders("Design a system for [a feature, e.g., course search].") == "Design a system for course search."
    assert fill_placeholders("Improve our [specific service]?") == "Improve our specific service?"


def test_question_kinds_follow_tags_and_wording(shipped):
    kinds = {q.id: q.kind for q, _ in shipped.all_questions()}
    assert kinds["r1q1"] == "motivation"
    assert kinds["r2q1"] == "system_design"
    assert kinds["r2q3"] == "technical_decision"
    assert kinds["r3q1"] == "behavioral"
    assert kinds["r1q3"] == "self_assessment"
    assert kinds["r1q2"] == "career_summary"
    assert kinds["r5q1"] == "vision"
    assert kinds["r5q2"] == "strategy"


def test_yaml_round_trip_is_lossless(shipped):
    again = parse_guide(dump_guide(shipped), "again.yaml", slug=shipped.slug)
    assert again == shipped


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = (content_dir() / f"{DEFAULT_GUIDE}.yaml").read_text()
    assert old in text
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new, 1))
    return path


def test_missing_field_names_file_field_and_line(tmp_path):
    path = _broken(tmp_path, "  interviewer: Recruiter/HR\n", "")
    with pytest.raises(GuideError) as err:
        load_guide(path)
    message = str(err.value)
    assert str(path) in message and "rounds[0].interviewer" in message and "line " in message
    assert "\n" not in message


def test_wrong_type_is_refused_with_its_line(tmp_path):
    path = _broken(tmp_path, "duration_min: 45", "duration_min: forty-five")
    text = path.read_text().splitlines()
    line = next(i for i, l in enumerate(text, 1) if "forty-five" in l)
    with pytest.raises(GuideError, match=rf"line {line}: rounds\[0\]\.duration_min: expected a whole number"):
        load_guide(path)


def test_unknown_kind_and_duplicate_ids_are_refused(tmp_path):
    with pytest.raises(GuideError, match="unknown kind 'chitchat'"):
        load_guide(_broken(tmp_path, "kind: motivation", "kind: chitchat"))
    with pytest.raises(GuideError, match="duplicate question id 'r1q1'"):
        load_guide(_broken(tmp_path, "id: r1q2", "id: r1q1"))


def test_invalid_yaml_and_empty_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("company: Coursera\nrounds: [\n")
    with pytest.raises(GuideError, match=r"bad\.yaml, line \d+: not valid YAML"):
        load_guide(bad)
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    with pytest.raises(GuideError, match="empty"):
        load_guide(empty)


def test_user_guides_are_listed_and_a_broken_one_is_flagged(tmp_path, shipped):
    data = tmp_path / "data"
    path = install_guide(dump_guide(shipped).replace("Coursera", "Acme"), "acme-em.yaml", data, slug="acme-em")
    assert path.parent == data / "guides"
    (data / "guides" / "broken.yaml").write_text("company: X\n")
    infos = {i.slug: i for i in list_guides(data)}
    assert infos["acme-em"].company == "Acme" and not infos["acme-em"].builtin
    assert infos[DEFAULT_GUIDE].builtin
    assert infos["broken"].error and "rounds" in infos["broken"].error
    assert find_guide("acme-em", data).company == "Acme"


def test_install_refuses_a_malformed_guide_and_keeps_nothing(tmp_path):
    data = tmp_path / "data"
    with pytest.raises(GuideError):
        install_guide("company: X\nrole: Y\nrounds: []\n", "x.yaml", data, slug="x")
    assert not list((data / "guides").glob("*")) if (data / "guides").exists() else True


def test_install_name_cannot_escape_the_data_folder(tmp_path, shipped):
    data = tmp_path / "data"
    path = install_guide(dump_guide(shipped), "evil.yaml", data, slug="../../etc/passwd")
    assert path.parent == (data / "guides").resolve()
    assert path.name == "etc-passwd.yaml"


def test_follow_ups_are_optional_and_validated_like_the_rest(tmp_path, shipped):
    first = shipped.round(1).questions[0]
    assert first.follow_ups and all(f.endswith("?") for f in first.follow_ups)
    follow_up = first.follow_ups[0]
    path = _broken(tmp_path, f"    - {follow_up}\n", "    - ''\n")
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if l == "    - ''")
    with pytest.raises(GuideError, match=rf"broken\.yaml, line {line}: rounds\[0\]\.questions\[0\]\.follow_ups\[0\]"):
        load_guide(path)
    path = _broken(tmp_path, f"    follow_ups:\n    - {follow_up}\n", "    follow_ups: ask more\n")
    with pytest.raises(GuideError, match=r"rounds\[0\]\.questions\[0\]\.follow_ups"):
        load_guide(path)
    # Without the field the question simply has none.
    path = _broken(tmp_path, f"    follow_ups:\n    - {follow_up}\n", "")
    assert load_guide(path).round(1).questions[0].follow_ups == ()


def test_every_mistake_of_a_file_is_reported_at_once_each_with_its_line(tmp_path):
    text = (content_dir() / f"{DEFAULT_GUIDE}.yaml").read_text()
    for old, new in (("duration_min: 45", "duration_min: forty-five"), ("kind: motivation", "kind: chitchat"),
                     ("id: r1q2", "id: r1q1"), ("  interviewer: Recruiter/HR\n", "")):
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "four.yaml"
    path.write_text(text)
    lines = text.splitlines()
    with pytest.raises(GuideError) as err:
        load_guide(path)
    problems = err.value.problems
    assert len(problems) == 4 and "\n" not in str(err.value) and "4 mistakes" in str(err.value)
    assert any("rounds[0].interviewer: required field is missing" in p for p in problems)
    assert any("unknown kind 'chitchat'" in p for p in problems)
    assert any("duplicate question id 'r1q1'" in p for p in problems)
    for needle, message in (("forty-five", "expected a whole number"), ("chitchat", "unknown kind"),
                            ("id: r1q1", "duplicate question id")):
        line = [i for i, l in enumerate(lines, 1) if needle in l][-1]
        assert any(f"line {line}: " in p and message in p for p in problems), (line, problems)
    assert [int(p.split("line ")[1].split(":")[0]) for p in problems] == sorted(
        int(p.split("line ")[1].split(":")[0]) for p in problems)  # in file order


def test_an_unclosed_quote_is_reported_at_the_line_it_opens(tmp_path):
    text = (content_dir() / f"{DEFAULT_GUIDE}.yaml").read_text().splitlines()
    at = next(i for i, l in enumerate(text) if l.startswith("difficulty:"))
    text[at] = 'difficulty: "Hard'
    path = tmp_path / "quote.yaml"
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(GuideError, match=rf"quote\.yaml, line {at + 1}: not valid YAML: a quote opened here is never closed"):
        load_guide(path)
