PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed

.PHONY: demo test lint bench bench-quick bench-scale clean browser constraints

# Python keeps each module's compiled bytecode, in .venv (a machine may tell it not to, as
# PYTHONDONTWRITEBYTECODE=1 does): the suite starts about a hundred Python processes (the command's tests,
# the export's workers, the test workers), and each compiled fanpin's sources again, half a second apiece.
export PYTHONDONTWRITEBYTECODE =
export PYTHONPYCACHEPREFIX = $(CURDIR)/$(VENV)/pycache

# Every package at the version of constraints.txt: the versions the suite last passed with.
$(STAMP): pyproject.toml constraints.txt _fanpin_command.py
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

# constraints.txt anew: the newest versions pyproject.toml allows, installed into a fresh environment and
# listed. Run make test on them before committing the file.
constraints:
	rm -rf .venv-constraints
	$(PY) -m venv .venv-constraints
	.venv-constraints/bin/python -m pip install -q --upgrade pip
	.venv-constraints/bin/python -m pip install -q -e '.[test,bench]'
	sed -n '/^#/p' constraints.txt > constraints.txt.new
	.venv-constraints/bin/python -m pip freeze --exclude-editable >> constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf .venv-constraints

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The suite runs on every core (pytest-xdist), with one worker more than the cores (a test waits, for its
# command's threads and child processes, part of its time: tests/conftest.py), each worker taking tests from
# another's queue once its own is empty (worksteal: a long test last no longer leaves a core idle); on this
# project's 2-core machine 6 to 11 minutes by the hour (fresh clones: 364 s in a fast hour, session 74; 636 s in a
# slow one, session 73: docs/performance-log.md).
test: lint
	$(BIN)/python -m pytest -q -n auto --dist worksteal

# The example data holds a few deliberately invalid rows, so `fanpin score` finishes with exit code 3.
demo: $(STAMP)
	mkdir -p out
	$(BIN)/fanpin score examples/data/households.csv --as-of 2025-06-30 --region 532328 \
		--out out/scored.csv --errors out/rejected.csv || [ $$? -eq 3 ]
	$(BIN)/fanpin score examples/data/households.csv --as-of 2025-06-30 --region 532328 \
		--out out/scored.jsonl --errors out/rejected.csv || [ $$? -eq 3 ]
	$(BIN)/fanpin score examples/data/households.csv --as-of 2025-06-30 --region 532328 \
		--out out/scored.xlsx --errors out/rejected.csv || [ $$? -eq 3 ]
	$(BIN)/fanpin score examples/data/households.csv --as-of 2025-06-30 --region 532328 \
		--out out/scored.parquet --errors out/rejected.csv || [ $$? -eq 3 ]
	$(BIN)/fanpin report out/scored.parquet --out out/report.html
	$(BIN)/fanpin explain examples/data/households.csv --household H5323280069 --as-of 2025-06-30 > out/explain-H5323280069.txt
	$(BIN)/fanpin score examples/data/export.xlsx --as-of 2025-06-30 --region 532328 --checks with \
		--out out/export-scored.csv --errors out/export-rejected.csv --findings out/findings.xlsx || [ $$? -eq 3 ]
	@echo "wrote out/scored.csv, out/scored.jsonl, out/scored.xlsx (the township workbook), out/scored.parquet,"
	@echo "out/report.html (the county at a glance), out/rejected.csv, out/explain-H5323280069.txt,"
	@echo "out/export-scored.csv from the person-level export (examples/data/export.xlsx) with the data checks,"
	@echo "and out/findings.xlsx (the clerk's worksheet of data-check findings: a summary, one sheet per code)"

# The report's browser test (tests/test_report.py) runs in headless Chromium when it is installed, and is
# skipped with its reason otherwise. On Debian or Ubuntu, as root: make browser
browser:
	apt-get install -y chromium-headless-shell || apt-get install -y chromium

# zen-engine (the bench extra) is for benchmarks/zen_engine.py only: `make test` never installs it.
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test,bench]'
	touch $(BENCH_STAMP)

# One table of every performance figure against its target (README "Performance", docs/scale.md): about
# ten to fifteen minutes on a shared 2-core machine. bench-quick: a tenth of the sizes, one round. bench-scale: the same
# table, a 30 M-household file streamed (national scale; about 9 GB of input in a temporary folder) and a
# person-level export of 10 M households (about 16 GB; each file deleted after its run).
bench: $(BENCH_STAMP)
	cd benchmarks && ../$(BIN)/python run_all.py

bench-quick: $(BENCH_STAMP)
	cd benchmarks && ../$(BIN)/python run_all.py --quick

bench-scale: $(BENCH_STAMP)
	cd benchmarks && ../$(BIN)/python run_all.py --scale

clean:
	rm -rf $(VENV) out
