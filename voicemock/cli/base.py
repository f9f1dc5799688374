"""The click group every command hangs from, and the one-line error handling they share."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..errors import VoicemockError

os.environ.setdefault("HF_HUB_OFFLINE", "1")


class VoicemockGroup(click.Group):
    """Turns any VoicemockError into one line on stderr and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except VoicemockError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("Stopped.", err=True)
            sys.exit(130)


@click.group(cls=VoicemockGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="VOICEMOCK_HOME",
    help="Folder for sessions, recordings and the database (default: recordings/ beside the project).",
)
@click.version_option(package_name="voicemock")
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None) -> None:
    """voicemock: practise interviews aloud, transcribed and coached on your own machine."""
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir


def data_dir_option(ctx: click.Context) -> Path:
    from ..layout import data_dir

    return data_dir(ctx.obj.get("data_dir") if ctx.obj else None)


def fail(message: str) -> None:
    raise click.ClickException(message)
