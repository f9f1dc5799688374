"""STAR structure on real published answers and on weak answers made from them by removing a labelled part."""

from __future__ import annotations

import pytest

from tests.fixtures_analysis import without_part
from voicemock.analysis import analyze
from voicemock.analysis.star import PARTS, analyze_star, label_sentences
from voicemock.analysis.text import sentences_with_times, split_sentences
from voicemock.plan import adhoc_question
from voicemock.transcript import Segment, Transcript, Word


def test_labels_never_go_backwards_and_full_answers_miss_no_part(star_answers):
    for answer in star_answers:
        labels = label_sentences(split_sentences(answer["answer"]))
        assert [PARTS.index(l) for l in labels] == sorted(PARTS.index(l) for l in labels)
        card = analyze(Transcript.from_text(answer["answer"]), adhoc_question(answer["question"]))
        assert card.star["missing"] == [], (answer["id"], card.star["missing"])


def test_an_answer_without_a_result_is_told_so(star_answers):
    for answer in star_answers:
        card = analyze(Transcript.from_text(without_part(answer, "result")), adhoc_question(answer["question"]))
        assert "result" in card.star["missing"], answer["id"]
        assert any("no Result" in tip for tip in card.tips)


@pytest.mark.parametrize("part", ["situation", "task", "action"])
def test_an_answer_without_another_part_is_told_so_in_most_cases(star_answers, part):
    told = sum(part in analyze_star(sentences_with_times(without_part(a, part), [])).missing for a in star_answers)
    assert told >= len(star_answers) - 1


def test_parts_carry_their_text_times_and_share():
    text = ("In my previous role our release pipeline kept failing. My responsibility was to make releases reliable. "
            "I analyzed six months of failures and rewrote the flaky tests. I also set up a nightly canary build. "
            "As a result, failed releases dropped by 80% within two months.")
    words, t = [], 0.0
    for token in text.split():
        words.append(Word(token, t, t + 0.3))
        t += 0.4
    transcript = Transcript(text, [Segment(text, 0.0, t, tuple(words))], duration=t + 1)
    star = analyze(transcript, adhoc_question("Tell me about improving reliability.")).star
    assert [p["part"] for p in star["parts"]] == list(PARTS)
    action = next(p for p in star["parts"] if p["part"] == "action")
    assert action["text"].startswith("I analyzed") and action["start"] == pytest.approx(next(w.start for w in words if w.word == "analyzed") - 0.4)
    assert sum(p["share"] for p in star["parts"]) == pytest.approx(1.0, abs=0.01)
    assert star["result_quantified"] and star["ends_on_result"] and star["action_i"] >= 2


def test_we_heavy_actions_and_an_unquantified_result_get_advice():
    text = ("Last year our team was behind on a migration. We needed to finish it before the licence expired. "
            "We split the services, we wrote scripts, we migrated the data and we tested everything together. "
            "We also set up dashboards. In the end the migration went well.")
    card = analyze(Transcript.from_text(text), adhoc_question("Tell me about a migration you led."))
    assert card.star["action_we"] > card.star["action_i"] and not card.star["result_quantified"]
    joined = " ".join(card.tips)
    assert "'we'" in joined or "Quantify" in joined
