"""Speech commands: `say`, `record`, `transcribe`."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import click

from .base import main


@main.command()
@click.argument("text", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="WAV file to write.")
@click.option("--voice", default=None, help="espeak voice, e.g. en-us, en-gb, en-us+f3.")
@click.option("--rate", default=None, type=click.IntRange(60, 400), help="Words per minute (default 165).")
@click.option("--list-voices", is_flag=True, help="List the installed voices and exit.")
def say(text: str | None, output: Path | None, voice: str | None, rate: int | None, list_voices: bool) -> None:
    """Speak TEXT into a WAV file (cached, so the same words are synthesized once)."""
    from ..speech.tts import DEFAULT_RATE, Speaker, list_voices as installed_voices

    if list_voices:
        for found in installed_voices():
            click.echo(f"{found.id}\t{found.name}\t{','.join(found.languages)}")
        return
    if not text or output is None:
        raise click.UsageError("give the TEXT to speak and -o FILE.wav")
    path = Speaker(voice=voice, rate=rate or DEFAULT_RATE).speak_to(text, output)
    click.echo(str(path))


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="WAV to write.")
@click.option("--max-seconds", default=300.0, show_default=True, type=click.FloatRange(1, 3600))
@click.option("--device", default=None, help="Input device index or part of its name.")
@click.option("--list-devices", is_flag=True, help="List microphones and exit.")
def record(output: Path, max_seconds: float, device: str | None, list_devices: bool) -> None:
    """Record from the microphone to a WAV, written as it records. Enter or Ctrl-C stops and keeps the file."""
    from ..speech.recorder import Recorder, input_devices, require_input_device

    if list_devices:
        for found in input_devices():
            click.echo(f"{found.index}\t{found.name}{'  (default)' if found.default else ''}")
        return
    require_input_device(device)
    recorder = Recorder(output, max_seconds=max_seconds, device=device).start()
    click.echo(f"Recording to {output} (max {max_seconds:.0f} s). Press Enter to stop.", err=True)
    threading.Thread(target=lambda: (sys.stdin.readline(), recorder.stop()), daemon=True).start()
    try:
        while not recorder.wait(0.2):
            meter = "#" * min(30, int(recorder.level * 300))
            click.echo(f"\r{recorder.elapsed:6.1f} s  {meter:<30}", nl=False, err=True)
    except KeyboardInterrupt:
        pass
    result = recorder.stop()
    click.echo(f"\nSaved {result.seconds:.1f} s to {result.path}" + (" (max reached)" if result.stopped_by == "max" else ""),
               err=True)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--model", default=None, help="tiny.en (default, embedded), base, a faster-whisper name or a folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the timed transcript as JSON.")
@click.option("--no-fillers", is_flag=True, help="Do not prompt Whisper to keep um/uh (more accurate on read speech).")
def transcribe(file: Path, model: str | None, as_json: bool, no_fillers: bool) -> None:
    """Transcribe an audio FILE (wav, mp3, m4a, ogg, webm, flac) on this machine."""
    from ..speech.audio import load_audio
    from ..speech.transcribe import DecodeOptions, Transcriber

    samples = load_audio(file)  # refuse a bad file before loading the model
    result = Transcriber(model, options=DecodeOptions(keep_fillers=not no_fillers)).transcribe(samples)
    if as_json:
        click.echo(result.to_json())
        return
    click.echo(result.text if result.speech_found else "(no speech)")
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
