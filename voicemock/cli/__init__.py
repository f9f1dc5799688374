"""The `voicemock` command line. Each area of the core registers its commands in its own module."""

from .base import main

# Importing a module registers its commands on `main`.
from . import guides  # noqa: E402,F401

for _module in ("speech", "analysis", "sessions", "practice"):
    try:
        __import__(f"{__name__}.{_module}")
    except ModuleNotFoundError as exc:  # an area still being built
        if exc.name != f"{__name__}.{_module}":
            raise

__all__ = ["main"]
