# The two commands of the README:
#   make run    set everything up (system packages, .venv) and start the app on http://localhost:8501
#   make test   set everything up (with chromium) and run every test
SHELL := /bin/bash
PY := .venv/bin/python
export HF_HUB_OFFLINE := 1

.PHONY: run test test-isa setup setup-test bench clean

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --browser

run: setup
	$(PY) -m streamlit run app.py

test: setup-test
	$(PY) -m pytest

# The tests that depend on what Whisper decodes, under two CTranslate2 instruction sets: the decoding differs from
# one CPU to another, and these tests must pass on any of them.
ISAS := GENERIC AVX2
test-isa: setup-test
	@set -e; for isa in $(ISAS); do \
	  if [ $$isa != GENERIC ] && ! grep -qiw "$$isa" /proc/cpuinfo; then echo "voicemock: this CPU has no $$isa: skipped"; continue; fi; \
	  echo "voicemock: Whisper tests with CT2_FORCE_CPU_ISA=$$isa"; \
	  CT2_FORCE_CPU_ISA=$$isa VOICEMOCK_STORED_DATA_EXAMPLES=10 $(PY) -m pytest -m whisper -q; done

bench: setup
	$(PY) bench/run_all.py

clean:
	rm -rf .venv .pytest_cache test-artifacts
