# The README's two commands: `make example` and `make test`.
# Both set up a virtual environment in .venv first (pip, from PyPI only).

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
APT_PACKAGES = gettext poppler-utils fonts-noto-core fonts-noto-cjk chromium fontconfig libpango-1.0-0 libpangoft2-1.0-0 \
               libxml2-utils apertium apertium-eng-cat apertium-eng-spa apertium-en-gl npm

.PHONY: setup system-packages js-tools example test bench clean

$(BIN)/polyleaf: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/polyleaf

# Debian packages the PDF fonts and the independent test judges come from
# (msgfmt/msgmerge, pdftotext/pdffonts, headless Chromium, xmllint), and the offline Apertium
# MT engine with its English->Catalan/Spanish/Galician data. Needs root; skipped otherwise.
system-packages:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  missing=$$(for p in $(APT_PACKAGES); do [ $$p = npm ] && command -v npm >/dev/null && continue; dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	  if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi; \
	else echo "not root: install these Debian packages yourself if missing: $(APT_PACKAGES)"; fi

example: setup system-packages
	$(BIN)/polyleaf build

# axe-core (npm), the accessibility judge tests/test_pages_browser.py injects into headless Chromium:
# installed into a project-local .tools/node_modules, never globally.
AXE = .tools/node_modules/axe-core/axe.min.js
$(AXE):
	@if command -v npm >/dev/null; then npm install --prefix .tools --no-save --no-audit --no-fund --silent axe-core@4; \
	else echo "npm not found: the axe-core accessibility test will be skipped"; fi

js-tools: $(AXE)

test: setup system-packages js-tools
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) dist .pytest_cache .tools
