"""The `voicemock` command line. Each area of the core registers its commands in its own module."""

from .base import main

# Importing a module registers its commands on `main`.
from . import analysis, guides, practice, sessions, speech, stories  # noqa: E402,F401

__all__ = ["main"]
