"""scripts/setup.sh prints only what it installs; a failing command's output is printed in full, and logged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SETUP = Path(__file__).resolve().parent.parent / "scripts" / "setup.sh"


@pytest.fixture
def project(tmp_path) -> Path:
    """A bare project folder with the real set-up script; the system packages must already be there (no apt here)."""
    if shutil.which("dpkg") is None or subprocess.run(["dpkg", "-s", "libportaudio2", "espeak-ng", "libespeak-ng1"],
                                                      capture_output=True).returncode:
        pytest.skip("the system packages are not installed here, and this test never installs them")
    (tmp_path / "scripts").mkdir()
    shutil.copy(SETUP, tmp_path / "scripts" / "setup.sh")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    return tmp_path


def _run(project: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(project / "scripts" / "setup.sh")], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60)


def test_a_failing_step_prints_its_whole_output_and_the_command(project):
    python = project / "broken-python"
    python.write_text("#!/bin/sh\necho 'first line of what went wrong'\necho 'the detail that explains it' >&2\nexit 3\n")
    python.chmod(0o755)
    done = _run(project, PYTHON=str(python))
    assert done.returncode == 3
    assert done.stdout == "voicemock: creating .venv\n"
    assert "first line of what went wrong" in done.stderr and "the detail that explains it" in done.stderr
    assert f"running: {python} -m venv .venv" in done.stderr and "Traceback" not in done.stderr
    assert "the detail that explains it" in (project / ".cache" / "setup.log").read_text()


def test_nothing_to_do_prints_nothing(project):
    (project / ".venv" / "bin").mkdir(parents=True)
    (project / ".venv" / "bin" / "python").symlink_to(sys.executable)
    (project / ".venv" / ".voicemock-installed").touch()
    done = _run(project)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
