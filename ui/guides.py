"""Guides: browse an interview guide round by round, and import a new guide file."""

from __future__ import annotations

import streamlit as st

from voicemock.interview.guide import GuideError
from voicemock.interview.guides import DEFAULT_GUIDE, duplicate_warning, find_guide, install_guide_checked, list_guides
from voicemock.interview.plan import budget_for

from ui import resources
from ui.components import bullet_list, clock, guarded, inject_style, kind_label, md_text, show_error

inject_style()
st.title("Guides")
st.caption("The interview loops you can practise. Built-in guides ship with voicemock; imported ones live in your data folder.")

data = resources.data_dir()
flash = st.session_state.pop("guides_flash", None)
if flash:
    st.success(flash, icon=":material/check_circle:")
for line in st.session_state.pop("guides_warnings", []):
    st.warning(line, icon=":material/content_copy:")
pending = st.session_state.pop("guides_select_next", None)
if pending:
    st.session_state["guides_browse"] = pending
infos = list_guides(data)
usable = [i for i in infos if not i.error]
broken = [i for i in infos if i.error]

if not usable:
    st.warning("No usable guide is installed. Import one below.")
else:
    slugs = [i.slug for i in usable]
    if st.session_state.get("guides_browse") not in slugs:  # the widget's value lives in Session State only
        default = st.session_state.get("guide_slug", DEFAULT_GUIDE)
        st.session_state["guides_browse"] = default if default in slugs else slugs[0]
    chosen = st.selectbox(
        "Guide",
        slugs,
        format_func=lambda s: next(f"{i.label} ({'built-in' if i.builtin else 'imported as ' + i.slug})" for i in usable if i.slug == s),
        key="guides_browse",
    )
    ok, guide = guarded(lambda: find_guide(chosen, data))
    if ok:
        st.subheader(f"{guide.company} · {guide.title}" + (f" ({guide.level})" if guide.level else ""))
        if guide.summary:
            st.markdown(md_text(guide.summary))
        cols = st.columns(4)
        cols[0].metric("Rounds", len(guide.rounds))
        cols[1].metric("Total interview time", f"{guide.total_minutes} min")
        cols[2].metric("Questions", len(guide.all_questions()))
        cols[3].metric("Difficulty", guide.difficulty or "—")

        tab_rounds, tab_overall, tab_more = st.tabs(["Rounds", "Criteria and tips", "Common questions and study plan"])
        with tab_rounds:
            for rnd in sorted(guide.rounds, key=lambda r: r.number):
                title = f"Round {rnd.number} · {rnd.name} — {rnd.interviewer}, {rnd.duration_min} min"
                with st.expander(title, expanded=rnd.number == min(r.number for r in guide.rounds)):
                    if rnd.summary:
                        st.markdown(f"**{md_text(rnd.summary)}**")
                    if rnd.description:
                        st.markdown(md_text(rnd.description))
                    left, right = st.columns(2)
                    with left:
                        if rnd.looks_for:
                            st.markdown("**What interviewers look for**")
                            st.markdown(bullet_list(rnd.looks_for))
                        if rnd.evaluation_criteria:
                            st.markdown("**Evaluation criteria**")
                            st.markdown(bullet_list(rnd.evaluation_criteria))
                    with right:
                        if rnd.preparation_tips:
                            st.markdown("**Preparation tips**")
                            st.markdown(bullet_list(rnd.preparation_tips))
                        if rnd.rejection_reasons:
                            st.markdown("**Common reasons for rejection**")
                            st.markdown(bullet_list(rnd.rejection_reasons))
                    st.markdown("**Questions**")
                    st.table(  # a table wraps long question texts
                        [
                            {
                                "question": q.spoken_text,
                                "kind": kind_label(q.kind),
                                "tags": ", ".join(q.tags),
                                "answer target": clock(budget_for(q.kind, rnd.duration_min).target_s),
                            }
                            for q in rnd.questions
                        ],
                        hide_index=True,
                    )
        with tab_overall:
            for group in guide.evaluation_criteria:
                st.markdown(f"**{md_text(group.name)}**")
                st.markdown(bullet_list(group.items))
            if guide.preparation_tips:
                st.markdown("**Preparation tips**")
                st.markdown(bullet_list(guide.preparation_tips))
            if guide.facts:
                st.markdown("**Facts**")
                st.markdown(bullet_list(f"{k.replace('_', ' ').capitalize()}: {v}" for k, v in guide.facts.items()))
        with tab_more:
            if guide.common_questions:
                st.markdown("**Commonly asked questions**")
                st.table([{"question": q.spoken_text, "kind": kind_label(q.kind)} for q in guide.common_questions],
                         hide_index=True)
            for variant in guide.variants:
                st.markdown(f"**{md_text(variant.name)}**")
                if variant.focus:
                    st.markdown(bullet_list(variant.focus))
                if variant.tips:
                    st.caption("Tips")
                    st.markdown(bullet_list(variant.tips))
            for step in guide.study_plan:
                st.markdown(f"**{step.number}. {md_text(step.title)}** · {md_text(step.weeks)}")
                st.markdown(md_text(step.details or step.summary))

for info in broken:
    st.warning(f"{info.path.name} cannot be used: {info.error}")

st.divider()
st.subheader("Import a guide")
st.caption(
    "A YAML guide (the layout of content/coursera-em-m4.yaml) or a plain-text guide in the seed layout. "
    "It is checked before it is saved: a file with mistakes is refused whole, and every mistake is listed with its "
    "line. Placeholders such as [a product area] are listed after the import."
)
with st.form("import_guide", clear_on_submit=False):
    upload = st.file_uploader("Guide file", type=["yaml", "yml", "txt"], key="guide_upload")
    slug = st.text_input("Name (optional)", placeholder="e.g. acme-staff-eng", key="guide_slug_input")
    submitted = st.form_submit_button("Import guide", type="primary")
if submitted:
    if upload is None:
        st.error("Choose a guide file to import first.", icon=":material/error:")
    else:
        try:
            text = upload.getvalue().decode("utf-8")
        except UnicodeDecodeError:
            st.error(f"{upload.name} is not a UTF-8 text file; save it as UTF-8 text and import it again.",
                     icon=":material/error:")
        else:
            try:
                installed = install_guide_checked(text, upload.name, data, slug=slug.strip() or None)
            except GuideError as error:  # every mistake of the file, each with its line
                if len(error.problems) == 1:
                    show_error(error)
                else:
                    st.error(f"{upload.name} has {len(error.problems)} mistakes to fix; nothing was imported.\n\n"
                             + "\n".join(f"- {md_text(p)}" for p in error.problems), icon=":material/error:")
            except Exception as error:  # one line, never a traceback
                show_error(error)
            else:
                path = installed.path
                st.session_state["guides_select_next"] = path.stem
                st.session_state["guide_slug"] = path.stem  # offered first on the Practice page too
                lines = [f"Imported the guide as `{path.stem}`. It is now in the guide list and on the "
                         "Practice page."]
                if installed.placeholders:
                    lines.append("Placeholders in its questions:")
                    lines += [f"- {md_text(p.line)}" for p in installed.placeholders]
                st.session_state["guides_flash"] = "\n".join(lines)
                warning = duplicate_warning(installed.guide, installed.duplicates)
                if warning:
                    st.session_state["guides_warnings"] = [warning]
                st.rerun()
