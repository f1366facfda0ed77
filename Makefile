# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make audit   set up .venv if needed, audit corpus/, write reports/
#   make test    set up .venv if needed, run every test (notebooks too, with nbval)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# A writable matplotlib cache, so no "building the font cache" note reaches notebook outputs.
export MPLCONFIGDIR := $(CURDIR)/.cache/matplotlib

.PHONY: install audit test bench notebooks clean

install: $(STAMP)

# Any source change reinstalls, which compiles the modules listed in pyproject.toml again
# (setup.py; about a minute), so that no compiled module runs older code than its .py.
# The first install fetches the build's mypy and setuptools like any package; later ones
# take them from .venv (the test extra), so compiling again works offline.
$(STAMP): pyproject.toml setup.py $(wildcard src/audit/*.py)
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed, found " + sys.version.split()[0]'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	if $(BIN)/python -c 'import mypy, setuptools' 2>/dev/null; then \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-build-isolation -e '.[test]'; \
	else \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'; \
	fi
	$(BIN)/python -m audit.cmudata
	@$(BIN)/python -c 'from audit.build import describe; print(describe())'
	@touch $(STAMP)

audit: install
	$(BIN)/content-audit run corpus --out reports

test: install
	$(BIN)/python -m pytest --nbval --nbval-current-env -q

# Regenerate the committed notebook outputs by a clean top-to-bottom run.
notebooks: install
	$(BIN)/python scripts/build_notebooks.py
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.kernel_name=python3 \
	  notebooks/*.ipynb

bench: install
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) .cache build src/*.so src/audit/*.so reports/*.json reports/*.csv reports/*.html reports/posts
