# One entry point for people and CI. `make demo` and `make test` are the README's two commands.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
YEAR ?= 2025

.PHONY: demo test lint typecheck bench install clean fuzz

$(BIN)/ghfund: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/ghfund

demo: install
	$(BIN)/ghfund report --year $(YEAR)

test: lint
	$(BIN)/pytest $(PYTEST_ARGS)

# The property tests with many more generated inputs than `make test` runs (a few minutes).
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests/test_fuzz.py $(PYTEST_ARGS)

lint: install typecheck
	$(BIN)/ruff format --check ghfund plugins reports tests bench
	$(BIN)/ruff check ghfund plugins reports tests bench

typecheck: install
	rm -rf build/typecheck && mkdir -p build/typecheck
	cp -rs $(CURDIR)/ghfund build/typecheck/ghfund
	ln -s $(CURDIR)/plugins build/typecheck/ghfund/plugins
	ln -s $(CURDIR)/reports build/typecheck/ghfund/reports
	cd build/typecheck && $(CURDIR)/$(BIN)/mypy --config-file $(CURDIR)/pyproject.toml -p ghfund

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
