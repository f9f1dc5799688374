"""voicemock: a local, private, voice-driven mock interview runner."""

__version__ = "0.1.0"
