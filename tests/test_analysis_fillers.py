"""Fillers: only filler uses count, with their time; language: hedges, repeats, the question's terms."""

from __future__ import annotations

from voicemock.analysis import analyze
from voicemock.analysis.fillers import count_note, find_fillers
from voicemock.analysis.language import analyze_language
from voicemock.analysis.text import split_sentences
from voicemock.interview.plan import adhoc_question
from voicemock.speech.transcript import Segment, Transcript, Word


def test_ordinary_uses_are_not_fillers():
    assert find_fillers("I like Python and I would like to learn Rust.") == []
    assert find_fillers("Do you know what kind of test that is?") == []
    assert find_fillers("I mean what I say. It was a sort of tool we had never seen.") == []


def test_filler_uses_are_counted():
    assert [f.word for f in find_fillers("It was, like, a huge outage.")] == ["like"]
    assert [f.word for f in find_fillers("Um, we, uh, shipped it. You know, it kind of worked.")] == \
        ["um", "uh", "you know", "kind of"]
    assert [f.word for f in find_fillers("So we basically rewrote it. Well, it literally worked.")] == \
        ["basically", "well", "literally"]
    # "actually" as a discourse marker counts; as a word that carries meaning it does not.
    assert [f.word for f in find_fillers("Actually, we shipped it. It was, actually, fine.")] == ["actually", "actually"]
    assert find_fillers("The bug was actually in the cache layer.") == []


def test_a_sentence_opening_so_is_not_a_filler_and_you_know_is_one():
    assert find_fillers("So, we shipped it. So the team was happy.") == []
    found = find_fillers("We were, you know, late.")
    assert [f.word for f in found] == ["you know"] and count_note(len(found)).startswith("1 filler heard")
    assert "may be more" in count_note(0)


def test_fillers_get_the_time_of_their_word_and_a_rate():
    words = (Word("Um,", 0.5, 0.8), Word("we", 1.6, 1.7), Word("uh", 2.0, 2.2), Word("shipped", 2.5, 2.9),
             Word("it", 3.0, 3.2), Word("on", 3.3, 3.4), Word("time", 3.5, 3.7), Word("for", 3.8, 3.9),
             Word("the", 4.0, 4.1), Word("launch.", 4.2, 4.6))
    text = " ".join(w.word for w in words)
    card = analyze(Transcript(text, [Segment(text, 0.5, 4.6, words)], duration=5.0), adhoc_question("What did you ship?"))
    assert [(f["word"], f["start"]) for f in card.fillers] == [("um", 0.5), ("uh", 2.0)]
    assert card.fillers_per_min and card.fillers_per_min > 20


def test_hedges_repeats_and_question_terms():
    answer = ("I think we maybe fixed the deployment pipeline. I guess the deployment pipeline was slow. "
              "Then the deployment pipeline broke again and the deployment pipeline got fixed.")
    check = analyze_language("How did you improve the deployment pipeline reliability?", answer, split_sentences(answer))
    assert {h.phrase for h in check.hedges} >= {"i think", "maybe", "i guess"}
    assert any("deployment pipeline" in phrase for phrase, _ in check.repeated_phrases)
    assert "reliability" not in check.terms_addressed and "deployment" in check.terms_addressed
    assert 0 < check.coverage < 1
