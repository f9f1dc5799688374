# The two commands of the README:
#   make run    set everything up (system packages, .venv) and start the app on http://localhost:8501
#   make test   set everything up (with chromium) and run every test
SHELL := /bin/bash
PY := .venv/bin/python
export HF_HUB_OFFLINE := 1

.PHONY: run test setup setup-test bench clean

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --browser

run: setup
	$(PY) -m streamlit run app.py

test: setup-test
	$(PY) -m pytest

bench: setup
	$(PY) bench/run_all.py

clean:
	rm -rf .venv .pytest_cache test-artifacts
