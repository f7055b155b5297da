# seqthink: the two commands are `make run` and `make test`; both do their own set-up.
SHELL := /bin/bash
.DEFAULT_GOAL := help
SWIFT ?= swift
PORT ?= 8443

.PHONY: help deps test-deps build release run test clean

help:
	@echo "make run   - install missing packages, build release, serve on :$(PORT)"
	@echo "make test  - install missing packages (and test peers), then run every test"

deps:
	@scripts/ensure-deps.sh

test-deps:
	@scripts/ensure-deps.sh --test

release: deps
	$(SWIFT) build -c release --product seqthink

run: release
	PORT=$(PORT) .build/release/seqthink serve

# Tests run one at a time (--no-parallel): many are live (servers, peers, child processes) and the
# machines have 2 cores; run in parallel, blocking peers starve the 2-thread cooperative pool.
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel

clean:
	rm -rf .build
