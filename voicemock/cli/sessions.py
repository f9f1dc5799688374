"""Commands over kept sessions: `sessions`, `show`, `export`, `delete`, `repair`, `reanalyze`, `rebuild-index`,
`trends`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .. import format as fmt
from ..sessions import pipeline, report
from ..sessions.progress import TREND_GROUPS, change
from ..sessions.store import DamagedFileError, Store
from .base import data_dir_option, main


def _store(ctx: click.Context) -> Store:
    return Store.open(data_dir_option(ctx))


def _num(value: float | None, digits: int = 0, unit: str = "") -> str:
    return fmt.DASH if value is None else f"{value:.{digits}f}{unit}"


@main.command("sessions")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def sessions_command(ctx: click.Context, as_json: bool) -> None:
    """List kept sessions, newest first."""
    records = _store(ctx).list_sessions()
    if as_json:
        click.echo(json.dumps([{"id": s.id, "title": s.title, "guide": s.guide, "mode": s.mode,
                                "created_at": s.created_at, "questions": s.question_count,
                                "answers": s.answer_count, "processed": s.processed_count,
                                "answered": s.answered_count,
                                "folder_present": s.folder.is_dir()} for s in records], indent=2))
        return
    if not records:
        click.echo("No sessions yet: practise with `voicemock practice` or the app.")
        return
    table = Table(title="Sessions", title_justify="left")
    for column in ("id", "when", "title", "answered", "recordings"):
        table.add_column(column)
    for s in records:
        note = "" if s.folder.is_dir() else " [red](folder missing)[/red]"
        table.add_row(escape(s.id), fmt.when(s.created_at), escape(s.title) + note,
                      fmt.answered(s.answered_count, s.question_count), str(s.answer_count))
    console = Console()
    console.print(table)
    for s in records:
        if not s.folder.is_dir():
            console.print(f"[red]{escape(s.id)}: folder missing: run voicemock repair[/red]", soft_wrap=True)


@main.command("show")
@click.argument("session_id")
@click.pass_context
def show_command(ctx: click.Context, session_id: str) -> None:
    """Show a session: each question, each attempt and its main numbers."""
    store = _store(ctx)
    session = store.get_session(session_id)
    console = Console()
    console.print(f"[bold]{escape(session.title)}[/bold]  {escape(session.id)}")
    console.print(f"{escape(session.guide_title or session.guide)} · {escape(fmt.description(session.description))} · "
                  f"{fmt.when(session.created_at)} · {fmt.answered(session.answered_count, session.question_count)}")
    console.print(f"folder: {escape(str(session.folder))}")
    table = Table(title_justify="left")
    for column in ("Q", "try", "status", "length", "wpm", "fillers", "budget"):
        table.add_column(column, no_wrap=True)
    table.add_column("question", ratio=1)
    for view in report.answer_views(store, session.id):
        a, analysis = view.record, view.analysis or {}
        status = {"processed": "done", "saved": "to do"}.get(a.status, a.status) if not view.problem else "[red]damaged[/red]"
        asked = f"Follow-up: {a.probe}" if a.is_follow_up else a.question_text
        attempt = "follow-up" if a.is_follow_up else f"{a.attempt}{' best' if a.best else ''}"
        table.add_row(str(a.position), attempt, status, fmt.clock(analysis.get("duration_s")),
                      _num(analysis.get("wpm")), str(len(analysis.get("fillers") or ())) if analysis else fmt.DASH,
                      escape(fmt.verdict((analysis.get("budget") or {}).get("verdict"))), escape(asked))
    console.print(table)
    console.print("best: the take that counts for its question (marked in the app, else the highest score)")
    for view in report.answer_views(store, session.id):
        if view.problem:
            console.print(f"[red]Q{view.record.position} try {view.record.attempt}: {escape(view.problem)}[/red]")


@main.command("export")
@click.argument("session_id")
@click.option("--format", "fmt", type=click.Choice(report.SESSION_FORMATS + ("srt", "vtt")), default="md",
              show_default=True, help="md, html (one self-contained file with the audio), json; txt, srt, vtt for transcripts.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.option("--question", "position", type=int, help="Only this question's answer (needed for srt and vtt).")
@click.option("--attempt", type=int, help="Which attempt at --question (default: the last).")
@click.pass_context
def export_command(ctx: click.Context, session_id: str, fmt: str, output: Path | None, position: int | None,
                   attempt: int | None) -> None:
    """Export a session (md, html, json) or a transcript (txt, srt, vtt)."""
    store = _store(ctx)
    session = store.get_session(session_id)
    if position is not None or fmt in ("srt", "vtt"):
        text = _answer_export(store, session.id, fmt, position, attempt)
    else:
        text = report.export_session(store, session.id, fmt)
    if fmt == "html" and output is None:
        output = Path(f"{session.id}.html")
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {output} ({output.stat().st_size / 1024:.0f} KiB).", err=True)


def _answer_export(store: Store, session_id: str, fmt: str, position: int | None, attempt: int | None) -> str:
    if fmt not in report.TRANSCRIPT_FORMATS:
        raise click.UsageError("with --question, choose --format txt, srt or vtt")
    if position is None:
        raise click.UsageError(f"{fmt} subtitles belong to one recording: add --question N (see `voicemock show {session_id}`)")
    answers = [a for a in store.answers(session_id) if a.position == position and (attempt is None or a.attempt == attempt)]
    if not answers:
        raise click.UsageError(f"session {session_id} has no answer to question {position}"
                               + (f", attempt {attempt}" if attempt else ""))
    transcript = store.load_transcript(answers[-1])
    if transcript is None:
        raise DamagedFileError(f"question {position} has no transcript yet: run `voicemock repair`")
    return report.transcript_export(transcript, fmt)


@main.command("delete")
@click.argument("session_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def delete_command(ctx: click.Context, session_id: str, yes: bool) -> None:
    """Delete a session: its recordings, transcripts and index rows."""
    store = _store(ctx)
    session = store.get_session(session_id, require_folder=False)
    if not yes:
        click.confirm(f"Delete {session.id} ({session.answer_count} recordings) for good?", abort=True)
    store.delete_session(session.id)
    click.echo(f"Deleted {session.id}.")


@main.command("repair")
@click.option("--model", help="Speech model for recordings that still need a transcript (default: tiny.en).")
@click.pass_context
def repair_command(ctx: click.Context, model: str | None) -> None:
    """Index what the session folders hold and finish recordings left without transcript or analysis."""
    store = _store(ctx)
    result = pipeline.repair(store, model=model, progress=lambda label: click.echo(f"processing {label}...", err=True))
    sync = result.sync
    lines = [
        ("sessions indexed from their folders", sync.sessions_added),
        ("answers indexed from their folders", sync.answers_added + sync.metrics_added + result.reindexed),
        ("unsaved microphone recordings put into their sessions", result.recovered),
        ("files rewritten", sync.files_rewritten),
        ("sessions dropped from the index (folder removed by hand)", sync.sessions_dropped),
        ("answers dropped from the index (recording removed by hand)", sync.answers_dropped),
        ("recordings transcribed and analysed", result.processed),
    ]
    for title, items in lines:
        if items:
            click.echo(f"{title}: {len(items)}")
            for item in items:
                click.echo(f"  {item}")
    for kept in result.leftovers:
        click.echo(f"unsaved microphone recording kept at {kept.path}: {kept.reason}")
    for problem in sync.problems + result.failed:
        click.echo(f"could not finish: {problem}", err=True)
    if not any(items for _, items in lines) and not (sync.problems or result.failed or result.leftovers):
        click.echo("Nothing to repair: every recording has its transcript and analysis.")
    if result.failed or sync.problems:
        ctx.exit(1)


@main.command("reanalyze")
@click.argument("session_id", required=False)
@click.option("--model", help="Speech model to transcribe with (e.g. base); default tiny.en.")
@click.pass_context
def reanalyze_command(ctx: click.Context, session_id: str | None, model: str | None) -> None:
    """Transcribe and analyse again (one session, or all); old results stay until the new ones are complete."""
    store = _store(ctx)
    full = store.get_session(session_id).id if session_id else None
    done, failed = pipeline.reanalyze(store, full, model=model,
                                      progress=lambda label: click.echo(f"reanalysing {label}...", err=True))
    click.echo(f"Reanalysed {len(done)} recording(s)" + (f" with {done[0].transcript.model}." if done else "."))
    for line in failed:
        click.echo(f"could not reanalyse: {line}", err=True)
    if failed:
        ctx.exit(1)


@main.command("rebuild-index")
@click.pass_context
def rebuild_index_command(ctx: click.Context) -> None:
    """Build a new voicemock.db from the session folders (the old file is kept aside)."""
    store, kept, sync = Store.rebuild(data_dir_option(ctx))
    if kept:
        click.echo(f"The old index was moved to {kept}.")
    click.echo(f"Indexed {len(sync.sessions_added)} session(s), {len(sync.answers_added)} recording(s) "
               f"from {store.sessions_root}.")
    for problem in sync.problems:
        click.echo(f"could not index: {problem}", err=True)
    pending = store.incomplete_answers()
    if pending:
        click.echo(f"{len(pending)} recording(s) still need a transcript: run `voicemock repair`.")


@main.command("trends")
@click.option("--by", type=click.Choice(TREND_GROUPS), default="session", show_default=True)
@click.option("--question", "question_id", help="One question's attempts over time.")
@click.option("--best", "best", type=int, help="The N best and N weakest answers, to listen to again.")
@click.pass_context
def trends_command(ctx: click.Context, by: str, question_id: str | None, best: int | None) -> None:
    """Progress across sessions: pace, fillers, long pauses, STAR completeness, answers on budget."""
    store = _store(ctx)
    console = Console()
    if best:
        ranked = store.ranked_answers()
        if not ranked:
            click.echo("No processed answers yet.")
            return
        table = Table(title="Best and weakest answers", title_justify="left")
        for column in ("", "score", "question", "session", "try", "recording"):
            table.add_column(column, overflow="fold")
        picks = [("best", item) for item in ranked[:best]]
        picks += [("weakest", item) for item in ranked[::-1][:best] if item not in ranked[:best]]
        for label, (score, answer, _row) in picks:
            table.add_row(label, fmt.score(score), escape(answer.question_text[:70]), escape(answer.session_id),
                          str(answer.attempt), escape(str(answer.audio_path)))
        console.print(table)
        return
    if question_id:
        points = store.question_history(question_id)
        if not points:
            click.echo(f"No processed answer to question {question_id!r} yet.")
            return
        table = Table(title=escape(points[0].question_text), title_justify="left")
        for column in ("when", "session", "try", "wpm", "fillers/min", "long pauses", "STAR", "on budget"):
            table.add_column(column)
        for p in points:
            table.add_row(fmt.when(p.created_at), escape(p.session_id), str(p.attempt), _num(p.wpm),
                          _num(p.fillers_per_min, 1), _num(p.long_pauses), fmt.percent(p.star_completeness),
                          fmt.DASH if p.on_budget is None else ("yes" if p.on_budget else "no"))
        console.print(table)
        delta = change(points, "fillers_per_min")
        if delta is not None:
            console.print(f"Fillers per minute, first to last: {fmt.signed(delta, 1)}")
        return
    rows = store.trends(by)
    if not rows:
        click.echo("No processed answers yet.")
        return
    table = Table(title=f"Trends by {by}", title_justify="left")
    for column in (by, "answers", "wpm", "fillers/min", "long pauses", "STAR", "on budget"):
        table.add_column(column, overflow="fold")
    for r in rows:
        label = fmt.kind(r.label) if by == "kind" else fmt.when(r.first_at) + " · " + r.label if by == "session" else r.label
        table.add_row(escape(label), str(r.answers), _num(r.wpm), _num(r.fillers_per_min, 1),
                      _num(r.long_pauses, 1), fmt.percent(r.star_completeness), fmt.percent(r.on_budget_share))
    console.print(table)
