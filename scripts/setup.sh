#!/usr/bin/env bash
# Idempotent set-up for a Debian/Ubuntu machine: system packages when missing, then .venv with voicemock.
# Usage: scripts/setup.sh [--browser]     (--browser also installs chromium for the browser tests)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[[ "${1:-}" == "--browser" ]] && want_browser=1

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
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$python" -m venv .venv
fi
stamp=.venv/.voicemock-installed
if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test,fit,base-model]"
  touch "$stamp"
fi
