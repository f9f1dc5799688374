"""One verdict everywhere: the web scorecard, Review, Progress, every export and the terminal show the same STAR parts
present and missing, the same filler count, the same overall score and the same tips, for a set of answers built
from real published answers and real read speech (text-path answers at a speaking pace, stored through the real
pipeline and SQLite store, the pages run with AppTest)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console
from streamlit.testing.v1 import AppTest

from voicemock import format as fmt
from voicemock.analysis import Scorecard, analyze
from voicemock.analysis.fillers import count_note
from voicemock.analysis.paced import paced_transcript
from voicemock.analysis.render import checklist_line, render_scorecard, star_line
from voicemock.interview.plan import Plan, adhoc_question
from voicemock.sessions import pipeline, report
from voicemock.speech.audio import wav_bytes

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PARTS = ("situation", "task", "action", "result")


def _answers(eval_dir: Path) -> list[tuple[str, str]]:
    """(question, answer): strong, one with its Result left out, one full of fillers, read speech, a short one, an
    Action told as "we", a story with no specifics, and one that tells no example."""
    rows = [json.loads(line) for name in ("star-dev", "star-train")
            for line in (eval_dir / f"{name}.jsonl").read_text().splitlines() if line.strip()]
    rows = [r for r in rows if r.get("question") and r.get("answer")]
    strong = next(r for r in rows if r.get("quality") == "strong" and r.get("labels") and len(r["answer"].split()) > 220)
    labelled = next(r for r in rows if r.get("labels") and any(l["part"].lower() == "result" for l in r["labels"]))
    result = " ".join(l["text"] for l in labelled["labels"] if l["part"].lower() == "result")
    no_result = " ".join(s for s in re.split(r"(?<=[.!?])\s+", labelled["answer"]) if s[:30] not in result)
    fillers = max(rows, key=lambda r: len(re.findall(r"\b(um|uh|like,|you know)\b", r["answer"].lower())))
    speech = [line.split("\t")[2] for line in (eval_dir / "speech" / "manifest.tsv").read_text().splitlines()[1:]
              if line.startswith("fleurs_en/")]
    return [(strong["question"], strong["answer"]), (labelled["question"], no_result),
            (fillers["question"], fillers["answer"]),
            ("Tell me about a time you had to manage a conflict within your team.", " ".join(speech[:6])),
            (strong["question"], " ".join(strong["answer"].split()[:60])),
            # An Action told only as "we": present but flagged, which every surface must show the same way.
            ("Tell me about a time you improved a process.",
             "In my last role our release process was slow and error prone. My task was to make releases safer. "
             "Then we automated the build and we added canary checks, and we trained everyone on it. "
             "As a result, releases became safer and took half the time."),
            # A story with every part and no specifics: flagged on its Situation, which every surface must show.
            ("Tell me about a time you had to give difficult feedback to a colleague.",
             "Yeah, so there was one time with someone on my team, they were having some issues with how they "
             "worked with other people, and it was kind of affecting the team. So I talked to them. I tried to be "
             "honest but also kind, and I explained that there were some concerns. We talked about a few things "
             "they could do differently. In the end things got a lot better and everyone was happier."),
            # No specific time told, to a question that asks for one: every part missing, capped, one pinned tip.
            ("Tell me about a time you had to give difficult feedback to a colleague.",
             "I think feedback is really important and I always try to give it early. I believe you should be direct "
             "but kind, and you have to focus on the behaviour rather than the person. I usually start by asking how "
             "they think things are going. I'm a big believer in regular one on ones, because they make hard "
             "conversations easier."),
            # Not a story: a self-assessment's checklist, short of half and capped, its disguised weakness quoted.
            ("What are your strengths and weaknesses?",
             "My strength is that I'm a hard worker and I'm very passionate about my job. My weakness is that I'm a "
             "perfectionist, I care too much about my work. I sometimes work too many hours because I want "
             "everything I hand in to be perfect.")]


@pytest.fixture
def stored(data_home, eval_dir):
    from voicemock.sessions.store import Store

    store = Store.open(data_home)
    answers = _answers(eval_dir)
    questions = tuple(replace(adhoc_question(q, question_id=f"q{i}"), position=i) for i, (q, _) in enumerate(answers, 1))
    session = store.create_session(Plan(guide="adhoc", mode="questions", questions=questions, description="agreement"),
                                   title="Agreement")
    cards = []
    for question, (_, text) in zip(questions, answers):
        transcript = paced_transcript(text)
        quiet_room = (np.random.default_rng(3).standard_normal(int(transcript.duration * 16000)) * 0.001).astype(np.float32)
        answer = pipeline.save_answer(store, session.id, question, wav_bytes(quiet_room), source="file")
        card = analyze(transcript, question)
        pipeline.write_results(store, store.answer(answer.id), transcript, card.to_dict())
        cards.append(card)
    return store, session.id, cards


def _coloured(card: Scorecard) -> list[str]:
    """The part of each coloured sentence, in order: every sentence of a present part (a part told within another
    part's sentence leaves it its host's colour)."""
    return [p["part"] for p in (card.star or {}).get("parts") or () if not p.get("folded_into") for _ in p["sentences"]]


def _expected(card: Scorecard) -> dict:
    star = card.star or {}
    return {"present": [p["part"] for p in star.get("parts") or ()], "missing": list(star.get("missing") or ()),
            "weak": [f["part"] for f in star.get("flags") or ()],
            "fillers": len(card.fillers), "overall": card.overall, "tips": card.tips,
            "evidence": [t["evidence"] for t in card.tip_details]}


def test_the_set_of_answers_covers_the_cases(stored):
    _, _, cards = stored
    reasons = {c["reason"] for card in cards for c in card.caps}
    assert {"off_topic", "too_short", "incomplete", "no_example"} <= reasons
    assert any(card.fillers for card in cards) and any(card.star and card.star["missing"] for card in cards)
    assert any(card.star and card.star["flags"] for card in cards)  # a part present but told without its substance
    assert any(f["part"] == "situation" and f["reason"].startswith("no specifics")
               for card in cards if card.star for f in card.star["flags"])
    assert any(card.overall is not None and card.overall >= 70 for card in cards)
    checklists = [card for card in cards if card.star is None]
    assert [card.structure["kind"] for card in checklists] == ["self_assessment"]
    assert any(c["reason"] == "incomplete" for card in checklists for c in card.caps)
    for card in cards:  # one verdict per part: never both present and missing
        if card.star is None:  # a checklist answer: capped exactly when it covers under half its points
            covered = sum(s["covered"] for s in card.structure["steps"])
            assert any(c["reason"] == "incomplete" for c in card.caps) == (2 * covered < len(card.structure["steps"]))
            assert not any(s["part"] for s in card.sentences)
            continue
        present = {p["part"] for p in card.star["parts"]}
        assert not present & set(card.star["missing"]) and present | set(card.star["missing"]) == set(PARTS)
        assert [s["part"] for s in card.sentences if s["part"]] == _coloured(card)
        # The incomplete-story cap reads the same verdict: capped exactly when a story is told and not complete.
        told = card.star["example"]["told"]
        complete = not card.star["missing"] and not card.star["flags"]
        capped = any(c["reason"] == "incomplete" for c in card.caps)
        assert capped == (told and not complete and card.overall is not None)
        # The cap that holds the score is listed first ("overall 50 (capped at 50: ...; capped at 60: ...)").
        assert [c["limit"] for c in card.caps] == sorted(c["limit"] for c in card.caps)
        assert not card.caps or card.overall <= card.caps[0]["limit"]


def test_terminal_and_exports_agree_with_the_analysis(stored):
    store, session_id, cards = stored
    data = json.loads(report.export_session(store, session_id, "json"))
    markdown = report.export_session(store, session_id, "md")
    raw_page = report.export_session(store, session_id, "html")
    marks = [len(re.findall(r'class="w filler', section)) for section in raw_page.split('<div class="attempt vm-answer">')[1:]]
    assert marks == [len(card.fillers) for card in cards]  # one mark per filler: "you know" is one
    page = html.unescape(re.sub(r"<[^>]+>", " ", raw_page))
    page = " ".join(page.split())
    for card, exported in zip(cards, data["answers"]):
        want = _expected(card)
        assert Scorecard.from_dict(exported["analysis"]).to_dict() == card.to_dict()
        console = Console(record=True, width=2000)
        console.print(render_scorecard(Scorecard.from_dict(exported["analysis"])))
        terminal = " ".join(console.export_text().split())
        overall = fmt.score(want["overall"])  # the one format of a score, "93 / 100"
        for text in (terminal, page, " ".join(markdown.split())):
            assert overall in text
            assert count_note(want["fillers"]) in text
            line = star_line(card.star) if card.star else checklist_line(card.structure)
            assert line.replace("*", "") in text.replace("\\", "")
        for tip, evidence in zip(want["tips"], want["evidence"]):
            assert " ".join(tip.split()) in terminal and " ".join(tip.split()) in page
            assert report._md(tip) in markdown and report._md(evidence) in markdown
            assert " ".join(evidence.split()) in terminal and " ".join(evidence.split()) in page


def _scorecard_page(path: str) -> None:
    import json as _json
    import sys as _sys

    import streamlit as st

    _sys.path.insert(0, st.session_state["root"])
    from ui.components import scorecard

    scorecard(_json.loads(open(path).read()))


def test_the_web_scorecard_shows_the_same_numbers_parts_and_tips(stored, tmp_path):
    store, session_id, cards = stored
    for n, card in enumerate(cards):
        path = tmp_path / f"card{n}.json"
        path.write_text(json.dumps(card.to_dict()))
        at = AppTest.from_function(_scorecard_page, args=(str(path),), default_timeout=60)
        at.session_state["root"] = str(Path(APP).parent)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        want = _expected(card)
        metrics = {m.label: m.value for m in at.metric}
        assert metrics["Overall"] == fmt.score(want["overall"])
        assert metrics["Fillers"] == str(want["fillers"])
        cards_html = " ".join(h.proto.body for h in at.get("html"))
        from ui.components import dimension_chip

        assert all(dimension_chip(name, value) in cards_html for name, value in card.scores.items())
        shown = " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])
        from ui.components import md_text

        for part in PARTS if card.star else ():
            mark = "!" if part in want["weak"] else "✓" if part in want["present"] else "✗"
            assert f"{mark} {part.capitalize()}" in cards_html
        for step in card.structure["steps"] if card.star is None else ():
            mark = ":green[:material/check_circle:]" if step["covered"] else ":gray[:material/radio_button_unchecked:]"
            assert f"{mark} {md_text(step['name'][:1].upper() + step['name'][1:])}" in shown

        for tip, evidence in zip(want["tips"], want["evidence"]):
            assert md_text(tip) in shown and md_text(evidence) in shown
        captions = " ".join(c.value for c in at.caption)
        for cap in card.caps:
            assert md_text(cap["text"]) in captions


def test_review_colours_and_progress_scores_come_from_the_same_analysis(stored, data_home):
    from ui.components import md_text

    store, session_id, cards = stored
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("ui/review.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="review_pick").value == session_id
    for position, card in enumerate(cards, start=1):
        at.selectbox(key=f"review_question_{session_id}").set_value(position).run()
        assert not at.exception, [e.value for e in at.exception]
        [player] = [f.proto.srcdoc for f in at.get("iframe")]
        metrics = {m.label: m.value for m in at.metric}
        assert metrics["Fillers"] == str(len(card.fillers)) and metrics["Overall"] == fmt.score(card.overall)
        assert len(re.findall(r'class="w filler', player)) == len(card.fillers)
        coloured = re.findall(r'title="(Situation|Task|Action|Result) · play from', player)
        assert coloured == [part.capitalize() for part in _coloured(card)]
        shown = " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])
        for tip in card.tip_details[:3]:
            assert md_text(tip["text"]) in shown and md_text(tip["evidence"]) in shown
    at.switch_page("ui/progress.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = {int(m) for m in re.findall(r"Score (\d+) / 100", " ".join(c.value for c in at.caption))}
    assert shown and shown <= {round(card.overall) for card in cards if card.overall is not None}
    ranked = store.ranked_answers()
    assert sorted(score for score, _, _ in ranked) == sorted(card.overall for card in cards if card.overall is not None)
