# The two set-up commands on a fresh Debian machine: `make demo` and `make test`.
PREFIX ?= /usr/local
CARGO ?= cargo
BINS := etl $(basename $(notdir $(wildcard src/bin/etl-*.rs)))
export ETLKIT_CORPORA ?= $(abspath ../shared/corpora)

.PHONY: all build release test lint docs demo install bench clean

all: build

build:
	$(CARGO) build

release:
	$(CARGO) build --release

## Every test, formatting and lints; what .ci/run calls. scripts/services installs and
## starts PostgreSQL and Kafka (or reuses running ones) and says where they answer.
test:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	scripts/services up
	services="$$(scripts/services env)" && eval "$$services" && $(CARGO) test

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

## Regenerate man/ and completions/ from the clap definitions.
docs:
	ETLKIT_BLESS=1 $(CARGO) test --test cli generated

demo: release
	PATH="$(CURDIR)/target/release:$$PATH" examples/demo.sh

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(addprefix target/release/,$(BINS)) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 completions/bash/* $(DESTDIR)$(PREFIX)/share/bash-completion/completions/
	install -m 644 completions/zsh/* $(DESTDIR)$(PREFIX)/share/zsh/site-functions/
	install -m 644 completions/fish/* $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/

bench:
	bench/run

clean:
	$(CARGO) clean
