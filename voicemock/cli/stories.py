"""The story bank from the terminal: `voicemock stories list|add|show|edit|delete|import|export|coverage|study`, and
`voicemock next` (what to practise next)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .. import format as fmt
from ..analysis.star import PARTS
from ..interview.guides import DEFAULT_GUIDE, find_guide
from ..sessions.store import Store
from ..sessions.stories import (
    StoryError,
    coverage,
    dump_stories,
    make_story,
    parse_start_date,
    practise_next,
    read_story_file,
    story_from_text,
    study_weeks,
    suggest_tags,
    with_links,
)
from .base import data_dir_option, main


def _store(ctx: click.Context) -> Store:
    return Store.open(data_dir_option(ctx))


def _guide(ctx: click.Context, name: str):
    return find_guide(name, data_dir_option(ctx))


guide_option = click.option("--guide", "guide_name", default=DEFAULT_GUIDE, show_default=True,
                            help="Guide name or YAML path (for tags, coverage and the plan).")


@main.group("stories")
def stories_group() -> None:
    """Your own STAR stories: write or speak them, check how they cover the loop, export and import them."""


@stories_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def list_command(ctx: click.Context, as_json: bool) -> None:
    """List the stories in the bank."""
    stories = _store(ctx).list_stories()
    if as_json:
        click.echo(json.dumps([s.to_dict() for s in stories], indent=2, ensure_ascii=False))
        return
    if not stories:
        click.echo("No stories yet: add one with `voicemock stories add --title ... --situation ...` or the app's Stories page.")
        return
    table = Table(title="Stories", title_justify="left")
    for column in ("id", "title", "parts", "tags", "linked questions"):
        table.add_column(column, overflow="fold")
    for s in stories:
        parts = "".join(p[0].upper() if s.part(p).strip() else "·" for p in PARTS)
        table.add_row(escape(s.id), escape(s.title), parts, escape(", ".join(s.tags)), escape(", ".join(s.questions)))
    Console().print(table)


def _story_options(function):
    options = [
        click.option("--title", help="A short name for the story."),
        click.option("--situation", help="Situation notes."),
        click.option("--task", help="Task notes."),
        click.option("--action", help="Action notes."),
        click.option("--result", help="Result notes."),
        click.option("--tag", "tags", multiple=True, help="A competency tag (repeat for more)."),
        click.option("--question", "questions", multiple=True, help="Link a guide question id (repeat for more)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@stories_group.command("add")
@_story_options
@click.option("--from-text", "from_text", type=click.Path(dir_okay=False, path_type=Path),
              help="A text file with the story told in full: split into S/T/A/R for you.")
@click.option("--from-audio", "from_audio", type=click.Path(dir_okay=False, path_type=Path),
              help="A recording of you telling the story: transcribed on this machine, then split into S/T/A/R.")
@click.option("--model", help="Whisper model for --from-audio (default: the embedded tiny.en).")
@click.option("--suggest-tags/--no-suggest-tags", default=True, show_default=True,
              help="Add the tags suggested from the guide when you give none.")
@guide_option
@click.pass_context
def add_command(ctx, title, situation, task, action, result, tags, questions, from_text, from_audio, model,
                suggest_tags: bool, guide_name: str) -> None:
    """Add a story: write its parts, or give the story told in full (text or a recording)."""
    store = _store(ctx)
    taken = [s.id for s in store.list_stories()]
    if from_text and from_audio:
        raise click.UsageError("give --from-text or --from-audio, not both")
    if from_text or from_audio:
        if from_text:
            try:
                told = from_text.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                raise StoryError(f"{from_text}: cannot be read as UTF-8 text") from None
        else:
            from ..speech.transcribe import Transcriber

            told = Transcriber(model).transcribe(from_audio).text
        story = story_from_text(told, title or "", taken=taken)
        notes = {p: v for p, v in zip(PARTS, (situation, task, action, result)) if v}
        story = make_story(story.title, **{p: notes.get(p, story.part(p)) for p in PARTS}, tags=tags,
                           questions=questions, taken=taken)
    else:
        if not title:
            raise click.UsageError("a story needs --title (or --from-text / --from-audio)")
        story = make_story(title, situation or "", task or "", action or "", result or "", tags, questions, taken=taken)
    if not story.tags and suggest_tags:
        story = make_story(story.title, story.situation, story.task, story.action, story.result,
                           suggest_tags_for(story, ctx, guide_name), story.questions, story_id=story.id)
    saved = store.add_story(story)
    click.echo(f"Added story {saved.id}: {saved.title}")
    _print_story(saved)


def suggest_tags_for(story, ctx: click.Context, guide_name: str) -> list[str]:
    return suggest_tags(story, _guide(ctx, guide_name))


def _print_story(story) -> None:
    console = Console()
    console.print(f"[bold]{escape(story.title)}[/bold]  ({escape(story.id)})")
    for part in PARTS:
        text = story.part(part)
        console.print(f"[bold]{fmt.star_part(part)}:[/bold] {escape(text) if text else '[dim](empty)[/dim]'}")
    console.print(f"[bold]Tags:[/bold] {escape(', '.join(story.tags)) or '-'}")
    console.print(f"[bold]Linked questions:[/bold] {escape(', '.join(story.questions)) or '-'}")


@stories_group.command("show")
@click.argument("story_id")
@guide_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show_command(ctx: click.Context, story_id: str, guide_name: str, as_json: bool) -> None:
    """Show one story, with the tags the guide suggests for it."""
    story = _store(ctx).get_story(story_id)
    suggested = suggest_tags(story, _guide(ctx, guide_name))
    if as_json:
        click.echo(json.dumps({**story.to_dict(), "suggested_tags": suggested}, indent=2, ensure_ascii=False))
        return
    _print_story(story)
    if suggested:
        click.echo(f"Suggested tags: {', '.join(suggested)}")


@stories_group.command("edit")
@click.argument("story_id")
@_story_options
@click.option("--unlink", "unlink", multiple=True, help="Remove a linked question id (repeat for more).")
@click.option("--clear-tags", is_flag=True, help="Remove every tag before adding the --tag ones.")
@click.pass_context
def edit_command(ctx, story_id, title, situation, task, action, result, tags, questions, unlink, clear_tags) -> None:
    """Change a story: the given parts are replaced, tags and linked questions are added (or removed)."""
    store = _store(ctx)
    old = store.get_story(story_id)
    given = {p: v for p, v in zip(PARTS, (situation, task, action, result)) if v is not None}
    story = make_story(title or old.title, **{p: given.get(p, old.part(p)) for p in PARTS},
                       tags=([] if clear_tags else list(old.tags)) + list(tags), questions=old.questions,
                       story_id=old.id)
    story = with_links(story, add=questions, remove=unlink)
    saved = store.update_story(story)
    click.echo(f"Saved story {saved.id}")
    _print_story(saved)


@stories_group.command("delete")
@click.argument("story_id")
@click.option("--yes", is_flag=True, help="Do not ask.")
@click.pass_context
def delete_command(ctx: click.Context, story_id: str, yes: bool) -> None:
    """Delete a story from the bank."""
    store = _store(ctx)
    story = store.get_story(story_id)
    if not yes and not click.confirm(f"Delete the story {story.title!r}?"):
        click.echo("Kept.")
        return
    store.delete_story(story.id)
    click.echo(f"Deleted story {story.id}")


@stories_group.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: print).")
@click.pass_context
def export_command(ctx: click.Context, output: Path | None) -> None:
    """Export the story bank as YAML."""
    text = dump_stories(_store(ctx).list_stories())
    if output is None:
        click.echo(text, nl=False)
        return
    from ..files import write_bytes_atomic

    write_bytes_atomic(output, text.encode("utf-8"))
    click.echo(f"Wrote {output}")


@stories_group.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def import_command(ctx: click.Context, source: Path) -> None:
    """Import stories from a YAML file: all of them, or none when the file has a mistake. A story whose id is
    already in the bank is replaced."""
    stories = read_story_file(source)
    added, replaced = _store(ctx).import_stories(stories)
    click.echo(f"Imported {len(stories)} stories from {source}: {len(added)} added, {len(replaced)} replaced.")


@stories_group.command("coverage")
@guide_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def coverage_command(ctx: click.Context, guide_name: str, as_json: bool) -> None:
    """How your stories cover the loop: per question, per round, and the criteria no story covers."""
    guide = _guide(ctx, guide_name)
    stories = _store(ctx).list_stories()
    cover = coverage(guide, stories)
    titles = {s.id: s.title for s in stories}
    if as_json:
        click.echo(json.dumps({
            "guide": guide.slug,
            "questions": [{"id": q.question.id, "round": q.round.number if q.round else None, "kind": q.question.kind,
                           "story": q.story_id, "how": q.how, "score": q.score, "needs_story": q.needs_story,
                           "candidates": [list(c) for c in q.candidates]} for q in cover.questions],
            "matrix": {sid: {str(n): list(ids) for n, ids in rounds.items()} for sid, rounds in cover.matrix.items()},
            "uncovered_criteria": [{"criterion": c.criterion, "where": c.where} for c in cover.uncovered_criteria],
            "rounds_without_story": cover.rounds_without_story(),
            "warnings": list(cover.warnings),
        }, indent=2, ensure_ascii=False))
        return
    console = Console()
    table = Table(title=f"Stories against the rounds of {guide.slug}", title_justify="left")
    table.add_column("story", overflow="fold")
    for rnd in guide.rounds:
        table.add_column(f"R{rnd.number}", overflow="fold")
    for sid, rounds in cover.matrix.items():
        table.add_row(escape(titles.get(sid, sid)), *[escape(", ".join(rounds.get(r.number, ()))) for r in guide.rounds])
    console.print(table)
    questions = Table(title="Questions", title_justify="left")
    for column in ("id", "round", "story ready", "how"):
        questions.add_column(column, overflow="fold")
    for q in cover.questions:
        ready = titles.get(q.story_id, "") if q.story_id else ("[red]none[/red]" if q.needs_story else "[dim]not a story question[/dim]")
        questions.add_row(q.question.id, str(q.round.number if q.round else "-"),
                          escape(ready) if q.story_id else ready,
                          q.how + (f" ({fmt.number(q.score, 2)})" if q.how == "matched" else ""))
    console.print(questions)
    if cover.uncovered_criteria:
        console.print("[bold]Criteria no story covers:[/bold]")
        for c in cover.uncovered_criteria:
            console.print(f"  - {escape(c.criterion)} [dim]({escape(c.where)})[/dim]")
    for warning in cover.warnings:
        console.print(f"[yellow]Warning:[/yellow] {escape(warning)}")


@stories_group.command("study")
@guide_option
@click.option("--start", help="Start the study plan on this date (YYYY-MM-DD); 'today' for today.")
@click.option("--done", "done", type=int, multiple=True, help="Tick a step as done (its number; repeat for more).")
@click.option("--undo", "undo", type=int, multiple=True, help="Untick a step.")
@click.pass_context
def study_command(ctx, guide_name: str, start: str | None, done: tuple[int, ...], undo: tuple[int, ...]) -> None:
    """The guide's study plan as dated weeks: the current one, and the answers practised towards each."""
    store = _store(ctx)
    guide = _guide(ctx, guide_name)
    if not guide.study_plan:
        raise StoryError(f"the guide {guide.slug} has no study plan")
    state = store.study_plan_state(guide.slug)
    if start:
        chosen = date.today() if start == "today" else parse_start_date(start)
        store.set_study_plan(guide.slug, chosen.isoformat())
        state = store.study_plan_state(guide.slug)
    if state is None:
        click.echo(f"The study plan of {guide.slug} is not started: `voicemock stories study --start today`.")
        return
    if done or undo:
        ticked = (set(state[1]) | set(done)) - set(undo)
        store.set_study_plan(guide.slug, state[0], sorted(ticked))
        state = store.study_plan_state(guide.slug)
    _print_study(guide, store, state)


def _print_study(guide, store: Store, state) -> None:
    weeks = study_weeks(guide, parse_start_date(state[0]), date.today(), store.practice_log(), state[1])
    console = Console()
    for w in weeks:
        box = "[x]" if w.done else "[ ]"
        mark = "  <- this week" if w.current else ""
        console.print(f"{escape(box)} {w.number}. {escape(w.title)} ({escape(w.weeks)}: "
                      f"{fmt.day(w.first_day.isoformat())} to {fmt.day(w.last_day.isoformat())})"
                      f" · {fmt.plural(w.answers, 'answer')}, {w.on_focus} on its focus{mark}")


@main.command("next")
@guide_option
@click.option("--count", type=int, default=5, show_default=True, help="How many questions to list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def next_command(ctx: click.Context, guide_name: str, count: int, as_json: bool) -> None:
    """What to practise next: questions never answered, weakest, due again, and rounds with no story."""
    store = _store(ctx)
    guide = _guide(ctx, guide_name)
    items = practise_next(guide, store.practice_log(), store.list_stories(), limit=count)
    if as_json:
        click.echo(json.dumps([{"id": i.question.id, "round": i.round.number if i.round else None,
                                "text": i.question.text, "priority": i.priority, "reasons": list(i.reasons),
                                "last_practised": i.last_practised, "last_score": i.last_score, "due": i.due}
                               for i in items], indent=2, ensure_ascii=False))
        return
    if not items:
        click.echo("Nothing is due: every question was practised recently and scored well.")
    for n, item in enumerate(items, start=1):
        where = f"round {item.round.number}" if item.round else "guide"
        click.echo(f"{n}. {item.question.id} ({where}) {item.question.text}")
        click.echo(f"   {'; '.join(item.reasons)}")
    if items:
        click.echo(f"Start with: voicemock practice --questions {items[0].question.id}")
    state = store.study_plan_state(guide.slug)
    if state and guide.study_plan:
        current = [w for w in study_weeks(guide, parse_start_date(state[0]), date.today(), store.practice_log(), state[1])
                   if w.current]
        if current:
            click.echo(f"This week's study focus: {current[0].title} ({current[0].summary})")
