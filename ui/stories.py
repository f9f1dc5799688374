"""Stories: the candidate's own STAR stories, their coverage of the loop, the study plan, import and export.

Also the two pieces other pages call: `practise_next_list` (Practice, before a sitting) and `story_comparison`
(the Practice scorecard, when the question has a linked story). Every figure comes from voicemock.sessions.stories.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from voicemock import format as fmt
from voicemock.analysis.star import PARTS
from voicemock.errors import VoicemockError
from voicemock.interview.guides import DEFAULT_GUIDE, find_guide, list_guides
from voicemock.sessions.stories import (
    StoryError,
    coverage,
    dump_stories,
    linked_stories,
    make_story,
    parse_start_date,
    parse_stories,
    practise_next,
    story_from_text,
    study_weeks,
    suggest_tags,
    tag_candidates,
)

from ui import resources
from ui.components import guarded, kind_label, md_text, show_error

NEW = "__new__"
SECTIONS = {"bank": "Story bank", "coverage": "Coverage", "study": "Study plan", "files": "Import and export"}
S = st.session_state


# --------------------------------------------------------------------------- pieces for the Practice page


def practise_next_list(guide, start) -> None:
    """The short ordered list of what to practise next, each with a button that starts it (`start(question_id)`)."""
    try:
        store = resources.store()
        items = practise_next(guide, store.practice_log(), store.list_stories(), limit=5)
    except VoicemockError as error:
        show_error(error)
        return
    if not items:
        return
    with st.expander("What to practise next", expanded=True, icon=":material/event_repeat:"):
        st.caption("Ordered by questions never answered, weak last scores, questions due again (spaced repetition) "
                   "and rounds with no story ready.")
        for item in items:
            left, right = st.columns([6, 1], vertical_alignment="center")
            where = f"Round {item.round.number} · " if item.round else ""
            left.markdown(f"**{md_text(where + item.question.text)}**  \n"
                          f":gray[{md_text('; '.join(item.reasons))}]")
            if right.button("Practise", icon=":material/play_arrow:", key=f"next_{item.question.id}"):
                start(item.question.id)


def story_comparison(question, card: dict) -> None:
    """Under the scorecard: the answer against the story the candidate linked to this question."""
    from voicemock.sessions.stories import compare_with_story

    if (card.get("verdict") or "ok") != "ok":
        return
    try:
        stories = linked_stories(resources.store().list_stories(), question.id)
    except VoicemockError as error:
        show_error(error)
        return
    for story in stories[:1]:
        result = compare_with_story(story, card)
        st.markdown(f"**Against your story: {md_text(story.title)}**")
        said, total = len(result.said), len(result.points)
        st.caption(f"{said} of {fmt.plural(total, 'key point')} said")
        for point in result.points:
            mark = ":green[:material/check_circle:]" if point.said else ":gray[:material/radio_button_unchecked:]"
            st.markdown(f"{mark} {md_text(fmt.star_part(point.part))}: {md_text(point.text)}")
        for warning in result.warnings:
            st.warning(warning, icon=":material/content_cut:")


# --------------------------------------------------------------------------- the page


def _guide():
    data = resources.data_dir()
    infos = [i for i in list_guides(data) if not i.error]
    if not infos:
        st.error("No usable interview guide is installed; import one on the Guides page.")
        return None
    slugs = [i.slug for i in infos]
    preferred = S.get("guide_slug", DEFAULT_GUIDE)
    slug = st.selectbox("Guide", slugs, index=slugs.index(preferred) if preferred in slugs else 0,
                        format_func=lambda s: next(i.label for i in infos if i.slug == s), key="stories_guide")
    ok, guide = guarded(lambda: find_guide(slug, data))
    return guide if ok else None


def _take_told_story(audio: bytes) -> None:
    """A spoken story: transcribed on this machine with the default model, split into S/T/A/R, then edited."""
    from voicemock.speech.audio import load_audio

    try:
        with st.spinner("Transcribing your story on this machine..."):
            samples = load_audio(audio)
            text = resources.transcriber().transcribe(samples).text
        story = story_from_text(text)
    except VoicemockError as error:
        S.stories_flash_error = str(error)
        return
    _load_draft({"title": story.title, **{p: story.part(p) for p in PARTS}, "tags": [], "questions": []})
    S.stories_flash = "Your story was transcribed and split into Situation, Task, Action and Result: check each part, then save."


def _load_draft(values: dict) -> None:
    S.stories_draft = values
    S.stories_form_version = S.get("stories_form_version", 0) + 1


def _editor(guide, stories) -> None:
    ids = [s.id for s in stories]
    chosen = st.selectbox("Story", [NEW, *ids], key="stories_pick",
                          format_func=lambda i: "New story" if i == NEW else next(s.title for s in stories if s.id == i))
    current = next((s for s in stories if s.id == chosen), None)
    if current is None:
        with st.expander("Tell it aloud instead of typing", icon=":material/mic:"):
            st.caption("Record or upload yourself telling the story; it is transcribed here and split into parts.")
            told = st.audio_input("Tell your story", key="stories_audio")
            if told is not None and told.file_id != S.get("stories_audio_seen"):
                S.stories_audio_seen = told.file_id
                _take_told_story(told.getvalue())
                st.rerun()
            upload = st.file_uploader("Or upload a recording", type=["wav", "mp3", "m4a", "ogg", "webm", "flac"],
                                      key="stories_upload")
            if upload is not None and upload.file_id != S.get("stories_upload_seen"):
                S.stories_upload_seen = upload.file_id
                _take_told_story(upload.getvalue())
                st.rerun()
        draft = S.get("stories_draft") or {}
    else:
        draft = {"title": current.title, **{p: current.part(p) for p in PARTS}, "tags": list(current.tags),
                 "questions": list(current.questions)}
    version = f"{chosen}_{S.get('stories_form_version', 0)}"
    questions = [q for r in guide.rounds for q in r.questions]
    question_ids = [q.id for q in questions]
    with st.form(key=f"stories_form_{version}"):
        title = st.text_input("Title", value=draft.get("title", ""), key=f"st_title_{version}")
        values = {}
        for part in PARTS:
            values[part] = st.text_area(fmt.star_part(part), value=draft.get(part, ""), height=90, key=f"st_{part}_{version}")
        draft_story = None
        try:
            draft_story = make_story(draft.get("title") or "draft", **{p: draft.get(p, "") for p in PARTS}) \
                if any(draft.get(p) for p in PARTS) else None
        except StoryError:
            pass
        suggested = suggest_tags(draft_story, guide) if draft_story else []
        options = list(dict.fromkeys([*tag_candidates(guide), *draft.get("tags", []), *suggested]))
        tags = st.multiselect("Competency tags", options, default=draft.get("tags") or suggested, accept_new_options=True,
                              key=f"st_tags_{version}",
                              help="Suggested from the guide's question tags and evaluation criteria.")
        linked = st.multiselect("Use it for these questions", question_ids,
                                default=[q for q in draft.get("questions", []) if q in question_ids],
                                format_func=lambda qid: next(f"{qid} · {q.spoken_text}" for q in questions if q.id == qid),
                                key=f"st_questions_{version}",
                                help="Your choice takes precedence over the automatic match in Coverage.")
        saved = st.form_submit_button("Save story", type="primary", icon=":material/save:", key="stories_save")
    if saved:
        store = resources.store()
        try:
            kept_links = [q for q in (current.questions if current else ()) if q not in question_ids]
            story = make_story(title, tags=tags, questions=[*kept_links, *linked],
                               story_id=current.id if current else None, taken=ids, **values)
            story = store.update_story(story) if current else store.add_story(story)
        except VoicemockError as error:
            show_error(error)
            return
        S.pop("stories_draft", None)
        S.stories_flash = f"Saved the story '{story.title}'."
        S.stories_pick_next = story.id
        st.rerun()
    if current is not None and st.button("Delete this story", icon=":material/delete:", key="stories_delete"):
        ok, _ = guarded(lambda: resources.store().delete_story(current.id))
        if ok:
            S.stories_flash = f"Deleted the story '{current.title}'."
            S.stories_pick_next = NEW
            st.rerun()


def _coverage_view(guide, stories) -> None:
    if not stories:
        st.info("Add a story first: its coverage of the loop shows here.")
        return
    cover = coverage(guide, stories)
    titles = {s.id: s.title for s in stories}
    for warning in cover.warnings:
        st.warning(md_text(warning), icon=":material/groups:")
    ready = sum(1 for q in cover.questions if q.needs_story and q.story_id)
    needed = sum(1 for q in cover.questions if q.needs_story)
    c = st.columns(3)
    c[0].metric("Story questions with a story ready", f"{ready} of {needed}", border=True)
    c[1].metric("Criteria no story covers", f"{len(cover.uncovered_criteria)} of {len(cover.criteria)}", border=True)
    c[2].metric("Rounds with no story", len(cover.rounds_without_story()), border=True)
    st.markdown("**Stories against the rounds** (the questions each story is planned for)")
    st.dataframe(
        [{"story": titles.get(sid, sid),
          **{f"Round {r.number}": ", ".join(rounds.get(r.number, ())) for r in guide.rounds}}
         for sid, rounds in cover.matrix.items()],
        hide_index=True,
    )
    st.markdown("**Questions**")
    st.dataframe(
        [{"round": q.round.number if q.round else None, "question": q.question.text, "kind": kind_label(q.question.kind),
          "story ready": titles.get(q.story_id, "") if q.story_id else ("none" if q.needs_story else "not a story question"),
          "how": {"linked": "your choice", "matched": f"matched ({fmt.number(q.score, 2)})"}.get(q.how, "")}
         for q in cover.questions],
        hide_index=True,
    )
    if cover.uncovered_criteria:
        st.markdown("**Evaluation criteria no story covers**")
        st.markdown("\n".join(f"- {md_text(c.criterion)} :gray[({md_text(c.where)})]" for c in cover.uncovered_criteria))


def _study_view(guide) -> None:
    if not guide.study_plan:
        st.info("This guide has no study plan.")
        return
    store = resources.store()
    state = store.study_plan_state(guide.slug)
    start = st.date_input("Start date", value=parse_start_date(state[0]) if state else date.today(), key="study_start")
    if st.button("Save the start date" if state else "Start the study plan", key="study_save"):
        ok, _ = guarded(lambda: store.set_study_plan(guide.slug, start.isoformat()))
        if ok:
            st.rerun()
    if state is None:
        st.caption("The guide's study plan, week by week, once you choose when it starts.")
        return
    weeks = study_weeks(guide, parse_start_date(state[0]), date.today(), store.practice_log(), state[1])
    current = [w for w in weeks if w.current]
    if current:
        st.info(md_text(f"This week: {current[0].title}. {current[0].summary}"), icon=":material/today:")
    for week in weeks:
        label = (f"{week.number}. {week.title} ({week.weeks}, {fmt.day(week.first_day.isoformat())} to "
                 f"{fmt.day(week.last_day.isoformat())})"
                 f" · {week.answers} answers, {week.on_focus} on its focus" + ("  ← this week" if week.current else ""))
        ticked = st.checkbox(md_text(label), value=week.done, key=f"study_done_{guide.slug}_{week.number}")
        if ticked != week.done:
            done = set(state[1]) | {week.number} if ticked else set(state[1]) - {week.number}
            store.set_study_plan(guide.slug, state[0], sorted(done))
            st.rerun()


def _files_view(stories) -> None:
    st.download_button("Export the stories (YAML)", dump_stories(stories), file_name="stories.yaml",
                       mime="text/yaml", icon=":material/download:", key="stories_export", disabled=not stories)
    upload = st.file_uploader("Import a story file (YAML)", type=["yaml", "yml"], key="stories_import")
    if upload is not None and st.button("Import", key="stories_import_go"):
        try:
            try:
                text = upload.getvalue().decode("utf-8")
            except UnicodeDecodeError:
                raise StoryError(f"{upload.name}: not a UTF-8 text file") from None
            imported = parse_stories(text, upload.name)
            added, replaced = resources.store().import_stories(imported)
        except VoicemockError as error:
            show_error(error)
            return
        S.stories_flash = f"Imported {len(imported)} stories from {upload.name}: {len(added)} added, {len(replaced)} replaced."
        st.rerun()


def page() -> None:
    st.title("Stories")
    st.caption("Your own STAR stories: write them or tell them aloud, see how they cover the loop, and plan your weeks.")
    flash = S.pop("stories_flash", None)
    if flash:
        st.success(md_text(flash), icon=":material/check_circle:")
    error = S.pop("stories_flash_error", None)
    if error:
        show_error(StoryError(error))
    pending = S.pop("stories_pick_next", None)
    if pending:
        S.stories_pick = pending
    guide = _guide()
    if guide is None:
        return
    try:
        stories = resources.store().list_stories()
    except VoicemockError as error:
        show_error(error)
        return
    # A keyed control, not st.tabs: the section chosen stays chosen when a button reruns the page.
    section = st.segmented_control("Section", list(SECTIONS), format_func=SECTIONS.get, default="bank", required=True,
                                   key="stories_section", label_visibility="collapsed") or "bank"
    if section == "bank":
        _editor(guide, stories)
        if stories:
            st.markdown("**Your stories**")
            st.dataframe([{"title": s.title, "parts": " ".join(p[0].upper() for p in PARTS if s.part(p).strip()),
                           "tags": ", ".join(s.tags), "questions": ", ".join(s.questions)} for s in stories],
                         hide_index=True)
    elif section == "coverage":
        _coverage_view(guide, stories)
    elif section == "study":
        _study_view(guide)
    else:
        _files_view(stories)


if __name__ == "__main__":  # run as the Stories page; imported by the Practice page for the two pieces above
    page()
