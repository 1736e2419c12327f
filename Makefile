# Link Center. The two commands a new machine needs: `make run` and `make test`.
# Both run scripts/setup first, which installs whatever is missing.
SHELL := /bin/bash
# wasm-opt comes from tools/ (npm binaryen), ahead of any older one on the machine.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# Extra flags for `make run`, e.g. make run ARGS="--azure-auth cli"
ARGS ?=

.PHONY: setup run test build image

# The release site is rebuilt only when a source changed, so `make run` on an unchanged tree
# starts in seconds (cargo-leptos regenerates the wasm on every run otherwise).
SOURCES := Cargo.toml Cargo.lock $(shell find app server emulator style public -type f)
BUILT := target/.release-built

setup:
	scripts/setup

build: setup $(BUILT)

$(BUILT): $(SOURCES)
	cargo leptos build --release --precompress
	@touch $@

## The dashboard on http://127.0.0.1:3000 (the demo estate unless Azure settings are given).
run: build
	target/release/linkcenter serve --site-root target/site $(ARGS)

## The container image: target/linkcenter-image.tar (oci-archive), tagged localhost/linkcenter:<version>.
image: build
	scripts/image

## Every test: fmt, clippy (server and wasm), cargo test, release build, Azure SDK check, schemathesis, browser tests.
test: setup
	scripts/test
