"""`voicemock practice`: a whole sitting in the terminal."""

from __future__ import annotations

import functools
from pathlib import Path

import click
from rich.console import Console

from ..interview.guides import DEFAULT_GUIDE
from ..sessions.practice import FolderAnswers, MicrophoneAnswers, QuestionVoice, run_practice
from .base import data_dir_option, main
from .guides import build_plan, plan_options


@main.command("practice")
@plan_options
@click.option("--answers-from", type=click.Path(file_okay=False, path_type=Path),
              help="Use the recordings in this folder as the answers, in name order (unattended run).")
@click.option("--silent", is_flag=True, help="Show the questions without speaking them.")
@click.option("--voice", help="One interviewer voice for every question (default: each round its own; see `voicemock say --list-voices`).")
@click.option("--rate", type=int, help="Speaking rate in words per minute.")
@click.option("--model", help="Whisper model: tiny.en (default), base, a model name, or a model folder.")
@click.option("--device", help="Microphone: device number or name.")
@click.option("--max-seconds", type=float, help="Stop recording an answer after this many seconds.")
@click.option("--title", help="A title for this session.")
@click.option("--probes/--no-probes", default=True,
              help="The interviewer may ask one follow-up after an answer (default: yes). With --answers-from, "
                   "NAME-followup.wav answers the follow-up to NAME.wav.")
@click.option("--check-mic", is_flag=True,
              help="Check the microphone first (level, noise, clipping, a test phrase); also done on the first run.")
@click.option("--interactive/--no-interactive", default=None,
              help="Ask before and after each answer (default: yes with the microphone, no with --answers-from).")
@click.pass_context
def practice_command(ctx: click.Context, guide_name, loop, round_number, drill, tag, kind, seed, questions, budget,
                     answers_from, silent, voice, rate, model, device, max_seconds, title, probes, check_mic,
                     interactive) -> None:
    """Practise in the terminal: hear each question, answer aloud, get coached."""
    from ..sessions.store import Store
    from ..speech.transcribe import Transcriber

    data_dir = data_dir_option(ctx)
    plan = build_plan(guide_name or DEFAULT_GUIDE, loop, round_number, drill, tag, kind, seed, questions, budget, data_dir)
    console = Console()
    store = Store.open(data_dir)
    load_model = functools.cache(lambda: Transcriber(model))  # one model for live and whole-file transcription
    if answers_from:
        if check_mic:
            raise click.UsageError("--check-mic needs the microphone: leave out --answers-from")
        answers = FolderAnswers(answers_from)
    else:
        chosen_device = int(device) if device and device.isdigit() else device
        answers = MicrophoneAnswers(store.scratch_recording_path, device=chosen_device, max_seconds=max_seconds,
                                    live_transcriber=load_model)
    if interactive is None:
        interactive = answers_from is None
    ask = (lambda prompt: click.prompt(prompt, default="", show_default=False)) if interactive else None
    result = run_practice(
        plan,
        store,
        answers,
        transcriber_factory=load_model,
        console=console,
        voice=QuestionVoice(console, silent=silent, voice=voice, rate=rate),
        ask=ask,
        title=title,
        probes=probes,
        # the first run with the microphone checks it before the first question
        check_mic=not answers_from and (check_mic or not store.list_sessions(include_empty=True)),
    )
    if result.answered == 0:
        raise click.exceptions.Exit(1)
