"""`voicemock analyze`: coach one answer from its recording, or from a transcript alone."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console

from ..interview.guide import QUESTION_KINDS, GuideError
from ..interview.plan import PlannedQuestion, adhoc_question, budget_for
from .base import data_dir_option, main


def question_from_guide(guide_name: str, question_id: str, budget_s: float | None, data_dir: Path) -> PlannedQuestion:
    from ..interview.guides import find_guide

    guide = find_guide(guide_name, data_dir)
    question, rnd = guide.question(question_id)
    budget = budget_for(question.kind, rnd.duration_min if rnd else None)
    if budget_s:
        budget = budget.scaled_to(budget_s)
    return PlannedQuestion(1, question, rnd, budget)


@main.command("analyze")
@click.argument("audio", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--transcript", "transcript_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Analyse a text transcript instead of audio (timing fields are then null).")
@click.option("--question", "question_text", help="The question that was answered.")
@click.option("--kind", type=click.Choice(QUESTION_KINDS), default="behavioral", show_default=True)
@click.option("--budget", type=float, help="Target answer length in seconds.")
@click.option("--guide", "guide_name", help="Take question, kind and budget from this guide (with --question-id).")
@click.option("--question-id", help="A question id of --guide, e.g. r3q1.")
@click.option("--model", help="Whisper model (default: the embedded tiny.en).")
@click.option("--json", "as_json", is_flag=True, help="Print the scorecard as JSON.")
@click.pass_context
def analyze_command(ctx, audio, transcript_file, question_text, kind, budget, guide_name, question_id, model, as_json):
    """Coach one answer: length, pace, pauses, fillers, structure, language, delivery and the top tips."""
    from ..analysis import analyze, format_scorecard
    from ..speech.transcript import Transcript

    if bool(audio) == bool(transcript_file):
        raise click.UsageError("give either an AUDIO file or --transcript FILE")
    if question_id or guide_name:
        if not (question_id and guide_name):
            raise click.UsageError("--guide and --question-id go together")
        question = question_from_guide(guide_name, question_id, budget, data_dir_option(ctx))
    elif question_text:
        question = adhoc_question(question_text, kind=kind, budget_s=budget)
    else:
        raise click.UsageError("say which question was answered: --question TEXT, or --guide NAME --question-id ID")

    samples = None
    if transcript_file:
        try:
            transcript = Transcript.from_text(transcript_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise GuideError(f"{transcript_file}: cannot read the transcript ({exc.__class__.__name__})") from None
    else:
        from ..speech.audio import load_audio
        from ..speech.transcribe import Transcriber, speech_hints

        samples = load_audio(audio)
        transcript = Transcriber(model).transcribe(samples, names=speech_hints(question.text))
    card = analyze(transcript, question, samples)
    if as_json:
        click.echo(json.dumps(card.to_dict(), indent=2, ensure_ascii=False))
    else:
        console = Console()
        console.print(f"[bold]{question.text}[/bold]")
        console.print(format_scorecard(card))
