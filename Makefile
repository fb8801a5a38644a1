PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

demo: $(STAMP)
	mkdir -p out
	-$(BIN)/fanpin score examples/data/households.csv --out out/scored.csv --errors out/rejected.csv --as-of 2025-06-30 --region 532328
	$(BIN)/fanpin score examples/data/households.csv --format jsonl --out out/scored.jsonl --errors out/rejected.csv --as-of 2025-06-30 --region 532328 || test $$? -eq 3
	@echo "wrote out/scored.csv, out/scored.jsonl and out/rejected.csv"

bench: $(STAMP)
	$(BIN)/python benchmarks/durable_throughput.py

clean:
	rm -rf $(VENV) out
