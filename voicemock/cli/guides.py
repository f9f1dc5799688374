"""Commands for guides and plans: `guides`, `plan`, `import-guide`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..format import clock, kind as kind_label
from ..interview.guide import GuideError, QUESTION_KINDS
from ..interview.guides import DEFAULT_GUIDE, find_guide, list_guides, write_guide_yaml
from ..interview.plan import Plan, plan_drill, plan_loop, plan_questions, plan_round
from .base import data_dir_option, main


_minutes = clock


@main.command("guides")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def guides_command(ctx: click.Context, as_json: bool) -> None:
    """List the installed interview guides."""
    infos = list_guides(data_dir_option(ctx))
    if as_json:
        click.echo(json.dumps([
            {"slug": i.slug, "title": i.title, "company": i.company, "rounds": i.rounds,
             "total_minutes": i.total_minutes, "questions": i.questions, "builtin": i.builtin,
             "path": str(i.path), "error": i.error}
            for i in infos
        ], indent=2))
        return
    table = Table(title="Installed guides", title_justify="left")
    for column in ("guide", "company", "role", "rounds", "minutes", "questions", "source"):
        table.add_column(column)
    for i in infos:
        if i.error:
            table.add_row(i.slug, "[red]cannot be used[/red]", i.error, "", "", "", str(i.path))
        else:
            table.add_row(i.slug, i.company, i.title, str(i.rounds), str(i.total_minutes), str(i.questions),
                          "built-in" if i.builtin else "yours")
    Console().print(table)


def build_plan(guide_name: str, loop: bool, round_number: int | None, drill: int | None, tag: str | None,
               kind: str | None, seed: int | None, questions: str | None, budget: float | None, data_dir: Path) -> Plan:
    chosen = [loop, round_number is not None, drill is not None, bool(questions)]
    if sum(chosen) != 1:
        raise click.UsageError("choose exactly one of --loop, --round N, --drill N or --questions ID,ID")
    guide = find_guide(guide_name, data_dir)
    overrides = {"*": budget} if budget else None
    if loop:
        return plan_loop(guide, overrides)
    if round_number is not None:
        return plan_round(guide, round_number, overrides)
    if drill is not None:
        return plan_drill(guide, drill, tag=tag, kind=kind, seed=seed, overrides=overrides)
    return plan_questions(guide, questions.split(","), overrides)


def plan_options(function):
    options = [
        click.option("--guide", "guide_name", default=DEFAULT_GUIDE, show_default=True, help="Guide name or YAML path."),
        click.option("--loop", is_flag=True, help="The full loop: every round in order."),
        click.option("--round", "round_number", type=int, help="One round, by number."),
        click.option("--drill", type=int, help="N questions picked from the whole guide."),
        click.option("--tag", help="With --drill: only questions with this tag."),
        click.option("--kind", type=click.Choice(QUESTION_KINDS), help="With --drill: only questions of this kind."),
        click.option("--seed", type=int, help="With --drill: the same seed picks the same questions."),
        click.option("--questions", help="Explicit question ids, comma-separated (e.g. r1q1,r3q2)."),
        click.option("--budget", type=float, help="Override every answer's target, in seconds."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@main.command("plan")
@plan_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def plan_command(ctx: click.Context, guide_name, loop, round_number, drill, tag, kind, seed, questions, budget, as_json) -> None:
    """Print the questions of one sitting with each answer's time budget."""
    if (tag or kind or seed is not None) and drill is None:
        raise click.UsageError("--tag, --kind and --seed go with --drill")
    plan = build_plan(guide_name, loop, round_number, drill, tag, kind, seed, questions, budget, data_dir_option(ctx))
    if as_json:
        click.echo(json.dumps(plan.to_dict(), indent=2, ensure_ascii=False))
        return
    table = Table(title=f"{plan.guide}: {plan.description}", title_justify="left")
    for column in ("#", "id", "round", "kind", "question", "target", "min-max"):
        table.add_column(column, overflow="fold")
    for q in plan.questions:
        table.add_row(str(q.position), q.id, str(q.round.number) if q.round else "-", kind_label(q.kind), q.text,
                      _minutes(q.budget.target_s), f"{_minutes(q.budget.min_s)}-{_minutes(q.budget.max_s)}")
    console = Console()
    console.print(table)
    console.print(f"Speaking time planned: {_minutes(plan.total_target_s)}")


def _read_source(source: Path, slug: str | None):
    """A guide file in either form (YAML, or the plain-text guide layout), checked whole."""
    from ..interview.guide import read_guide_text
    from ..interview.guides import read_guide_source

    return read_guide_source(read_guide_text(source), str(source), slug=slug)


def _report(guide, data_dir: Path | None, ignore: Path | None = None) -> None:
    """What a person should know about a guide that passed the checks: copies of it, and its placeholders."""
    from ..interview.guides import duplicate_warning, duplicates_of, placeholders

    warning = duplicate_warning(guide, duplicates_of(guide, data_dir, ignore=ignore))
    if warning:
        click.echo(f"Warning: {warning}", err=True)
    for item in placeholders(guide):
        click.echo(f"  placeholder {item.line}")


@main.command("check-guide")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def check_guide_command(ctx: click.Context, source: Path) -> None:
    """Check a guide file (YAML or plain text): every mistake at once, each with its line."""
    try:
        guide = _read_source(source, None)
    except GuideError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        ctx.exit(1)
    click.echo(f"{source} is a usable guide: {guide.company} · {guide.title}, {len(guide.rounds)} rounds, "
               f"{guide.total_minutes} min, {len(guide.all_questions())} questions.")
    _report(guide, data_dir_option(ctx), ignore=source)


@main.command("import-guide")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the YAML guide (e.g. content/NAME.yaml).")
@click.option("--slug", help="Short name for the guide (default: from the file name of --output).")
@click.pass_context
def import_guide_command(ctx: click.Context, source: Path, output: Path, slug: str | None) -> None:
    """Check a guide (plain-text layout or YAML) and write it as a YAML guide."""
    if output.suffix not in (".yaml", ".yml"):
        raise GuideError(f"{output}: the output must end in .yaml")
    try:
        guide = _read_source(source, slug or output.stem)
    except GuideError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        ctx.exit(1)
    write_guide_yaml(guide, output)
    click.echo(f"Wrote {output}: {len(guide.rounds)} rounds, {guide.total_minutes} min, {len(guide.all_questions())} questions.")
    _report(guide, data_dir_option(ctx), ignore=output)
