# Quire — two commands do everything on a fresh Debian/Ubuntu machine:
#   make run    installs what is missing, builds and opens the app
#   make test   installs what is missing, runs every test (core, CLI, desktop, end to end)
SHELL := /bin/bash
.DEFAULT_GOAL := run
.PHONY: run test deps test-deps check bench

# Debian/Ubuntu packages. To build and run: WebKitGTK for the window, and
# the American English dictionary its spelling checker (enchant-2 with
# hunspell) underlines and suggests from.
APT_RUN := build-essential pkg-config ca-certificates curl file libssl-dev libwebkit2gtk-4.1-dev hunspell-en-us
# To test as well: Xvfb + WebKitWebDriver for the end-to-end tests (xdotool
# drives the native file dialogs, xclip fills the clipboard), Hugo and
# Jekyll (Astro comes from npm, pinned in tests/astro) to prove that real
# generators build the Markdown export, and Java and Chromium for the W3C
# checker and axe-core (both from npm, pinned in tests/standards).
APT_TEST := xvfb xauth x11-utils xdotool xclip imagemagick webkit2gtk-driver fonts-dejavu-core hugo jekyll \
	default-jre-headless chromium chromium-driver
ASTRO := tests/astro/node_modules/.package-lock.json
STANDARDS := tests/standards/node_modules/.package-lock.json
# Edition 2024 needs Rust 1.85 and the export folder's lock (File::try_lock) 1.89;
# Debian's own cargo is older, so rustup provides it.
RUST_MIN := 1.89.0
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PATH := $(HOME)/.cargo/bin:$(PATH)

# Installs those of the packages $(1) that are missing (idempotent).
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:" $$missing; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt_install,$(APT_RUN))
	@set -o pipefail; need=$(RUST_MIN); have=$$(rustc --version 2>/dev/null | cut -d' ' -f2); \
	if [ -z "$$have" ] || [ "$$(printf '%s\n' $$need $$have | sort -V | head -n1)" != "$$need" ]; then \
		echo "Installing Rust $$need or newer with rustup (found: $${have:-none})"; \
		if command -v rustup >/dev/null; then rustup toolchain install stable --profile minimal -c rustfmt,clippy && rustup default stable; \
		else curl --proto '=https' --tlsv1.2 -sSf https://static.rust-lang.org/rustup/rustup-init.sh | sh -s -- -y --profile minimal -c rustfmt,clippy; fi \
		&& rustc --version || { echo "error: could not install Rust $$need with rustup; install it (https://rustup.rs) and run make again" >&2; exit 1; }; \
	fi

test-deps: deps
	$(call apt_install,$(APT_TEST))
	@command -v node >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y --no-install-recommends nodejs; }
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y --no-install-recommends npm; }
	@command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked
	@$(MAKE) --no-print-directory -s $(ASTRO) $(STANDARDS)

# The Astro site the export tests build, installed again when its lock file changes.
$(ASTRO): tests/astro/package-lock.json
	cd tests/astro && npm ci --no-audit --no-fund --loglevel=error

# The W3C checker (vnu.jar) and axe-core, likewise. Java is installed first
# (apt, above): without it vnu-jar's install step tries to download one.
$(STANDARDS): tests/standards/package-lock.json
	cd tests/standards && npm ci --no-audit --no-fund --loglevel=error

run: deps
	cargo run --release -p quire-desktop

test: test-deps
	cargo test --workspace
	CARGO_TARGET_DIR=$(CURDIR)/target tests/e2e/run.sh

check: deps
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

bench:
	cargo bench -p quire --bench store
	cargo bench -p quire --bench export
	cargo bench -p quire --bench reexport
	cargo bench -p quire --bench media
	cargo bench -p quire --bench import
	cargo bench -p quire --bench paste
	cargo bench -p quire --bench check
	cargo bench -p quire --bench publish
	cargo bench -p quire-desktop --bench ipc
