# The two set-up commands on a fresh Debian machine: `make demo` and `make test`.
PREFIX ?= /usr/local
CARGO ?= cargo
BINS := etl $(basename $(notdir $(wildcard src/bin/etl-*.rs)))
export ETLKIT_CORPORA ?= $(abspath ../shared/corpora)
# The fuzz crate (fuzz/, its own workspace) builds in the main target directory, so
# that its smoke in `make test` reuses the dependencies built there.
FUZZ_CARGO = CARGO_TARGET_DIR="$${CARGO_TARGET_DIR:-$(CURDIR)/target}" $(CARGO)
FUZZ_SECONDS ?= 60

.PHONY: all build release test lint docs demo install install-files uninstall bench clean fuzz

all: build

build:
	$(CARGO) build

release:
	$(CARGO) build --release

## Every test, formatting and lints, and the fuzz targets' stable smoke; what .ci/run
## calls. scripts/services installs and starts PostgreSQL and Kafka (or reuses running
## ones) and says where they answer; scripts/airflow installs Airflow 3 and 2 (once,
## in ~/.cache/etlkit) for the DAG's tests.
test:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(FUZZ_CARGO) fmt --check --manifest-path fuzz/Cargo.toml
	$(FUZZ_CARGO) clippy --manifest-path fuzz/Cargo.toml --all-targets -- -D warnings
	scripts/services up
	scripts/airflow up
	services="$$(scripts/services env && scripts/airflow env)" && eval "$$services" && $(CARGO) test
	$(FUZZ_CARGO) test --manifest-path fuzz/Cargo.toml

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(FUZZ_CARGO) fmt --check --manifest-path fuzz/Cargo.toml
	$(FUZZ_CARGO) clippy --manifest-path fuzz/Cargo.toml --all-targets -- -D warnings

## Every fuzz target for FUZZ_SECONDS seconds under libFuzzer, one at a time (nightly
## Rust and cargo-fuzz); FUZZ_TARGETS="csv ndjson" for some. See FUZZING.md.
fuzz:
	@$(CARGO) +nightly fuzz --version >/dev/null 2>&1 || { \
	  echo "make fuzz needs the nightly toolchain and cargo-fuzz:" >&2; \
	  echo "  rustup toolchain install nightly && cargo install cargo-fuzz" >&2; exit 1; }
	fuzz/run $(FUZZ_SECONDS) $(FUZZ_TARGETS)

## Regenerate man/ and completions/ from the clap definitions.
docs:
	ETLKIT_BLESS=1 $(CARGO) test --test cli generated

## The course's pipelines on the servers of scripts/services (started, or reused), on
## a debug build: a release build takes minutes, the demo's data a few milliseconds.
demo: build
	PATH="$(CURDIR)/target/debug:$$PATH" examples/demo.sh

## Install the binaries, man pages, completions, and the example scripts under
## PREFIX/share/etlkit/ (cron/, streaming/, airflow/), where the crontab lines and the
## systemd unit of examples/ run them from.
install: release
	$(MAKE) install-files

## `install` without building: the binaries come from BUILT (the tests install a
## debug build).
BUILT ?= target/release
SHARE := $(DESTDIR)$(PREFIX)/share
install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(SHARE)/man/man1 \
	  $(SHARE)/bash-completion/completions $(SHARE)/zsh/site-functions \
	  $(SHARE)/fish/vendor_completions.d \
	  $(SHARE)/etlkit/cron $(SHARE)/etlkit/streaming $(SHARE)/etlkit/airflow
	install -m 755 $(addprefix $(BUILT)/,$(BINS)) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 man/*.1 $(SHARE)/man/man1/
	install -m 644 completions/bash/* $(SHARE)/bash-completion/completions/
	install -m 644 completions/zsh/* $(SHARE)/zsh/site-functions/
	install -m 644 completions/fish/* $(SHARE)/fish/vendor_completions.d/
	install -m 755 examples/cron/*.sh $(SHARE)/etlkit/cron/
	install -m 755 examples/streaming/*.sh $(SHARE)/etlkit/streaming/
	install -m 644 examples/streaming/*.service $(SHARE)/etlkit/streaming/
	install -m 755 examples/airflow/*.sh $(SHARE)/etlkit/airflow/
	install -m 644 examples/airflow/*.py $(SHARE)/etlkit/airflow/

## Remove what `install` installed.
uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/bin/,$(BINS))
	rm -f $(addprefix $(SHARE)/man/man1/,$(notdir $(wildcard man/*.1)))
	rm -f $(addprefix $(SHARE)/bash-completion/completions/,$(notdir $(wildcard completions/bash/*)))
	rm -f $(addprefix $(SHARE)/zsh/site-functions/,$(notdir $(wildcard completions/zsh/*)))
	rm -f $(addprefix $(SHARE)/fish/vendor_completions.d/,$(notdir $(wildcard completions/fish/*)))
	rm -rf $(SHARE)/etlkit

bench:
	bench/run

clean:
	$(CARGO) clean
