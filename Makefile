# Two commands: `make serve` sets up and starts the app; `make test` sets up and runs all tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ARGS ?=

.PHONY: setup bytecode serve test lint chromium postgres clean

# The stamp is rebuilt when the dependencies change.
$(VENV)/.installed: pyproject.toml
	scripts/create-venv.sh $(PYTHON) $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	scripts/install-pdf-libs.sh
	touch $@

setup: $(VENV)/.installed

# Byte-compiled sources for every participant kernel to load instead of compiling them again
# (~50 ms CPU each). Python reads __pycache__ even under PYTHONDONTWRITEBYTECODE, which only
# stops it writing there; a source edited since is compiled again in memory, as without this.
bytecode: setup
	$(BIN)/python -m compileall -q widgets

serve: setup bytecode
	$(BIN)/samenspraak serve $(ARGS)

chromium:
	scripts/install-chromium.sh

postgres:
	scripts/install-postgres.sh

lint: setup
	$(BIN)/ruff format --check widgets tests workshops benchmarks
	$(BIN)/ruff check widgets tests workshops benchmarks

# pytest runs inside a throw-away PostgreSQL cluster, so the store tests run there too.
test: setup bytecode chromium postgres lint
	$(BIN)/samenspraak check
	SAMENSPRAAK_REQUIRE_POSTGRES=1 pg_virtualenv -t $(BIN)/pytest $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
