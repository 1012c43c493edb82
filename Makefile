# Ting: live polls for large-group workshops.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
GO      ?= go
# The project's Go packages: ./... less the npm trees (an npm package may ship Go files).
PKGS    := $(shell $(GO) list ./... 2>/dev/null | grep -v /node_modules/)

.PHONY: run build test test-go e2e screenshots lint lint-go lint-js fuzz bench load load-multi docker clean

run: ## run Ting with the embedded engine on :8080
	$(GO) run ./cmd/ting

build: ## build the ting binary into bin/
	CGO_ENABLED=0 $(GO) build -ldflags "-s -w -X main.version=$(VERSION)" -o bin/ting ./cmd/ting

test: lint test-go e2e ## everything CI runs

test-go: ## Go tests with the race detector (needs Redis on 127.0.0.1:6379)
	$(GO) test -race -count=1 $(PKGS)

e2e: ## browser tests in Debian's Chromium
	cd e2e && npm ci --no-audit --no-fund && npm test

screenshots: e2e ## the README's pictures of the pages, taken by the browser tests
	cp e2e/screenshots/phone-wordcloud.png docs/screenshots/phone.png
	cp e2e/screenshots/phone-group.png docs/screenshots/phone-group.png
	cp e2e/screenshots/screen-wordcloud.png docs/screenshots/screen.png
	cp e2e/screenshots/host-wordcloud.png docs/screenshots/host.png
	cp e2e/screenshots/programme-results.png e2e/screenshots/report-1.png e2e/screenshots/report-2.png docs/screenshots/
	cp e2e/screenshots/remote-360.png docs/screenshots/remote.png
	cp e2e/screenshots/workspace.png docs/screenshots/workspace.png

lint: lint-go lint-js ## every linter: gofmt, go vet, staticcheck, ESLint

lint-go: ## Go: gofmt, go vet, and staticcheck (pinned in go.mod's tool directive)
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) tool staticcheck $(PKGS)

lint-js: node_modules/.package-lock.json ## ESLint on static/ and e2e/ (pinned in package.json)
	npx --no-install eslint static e2e

# ESLint and its rules as package-lock.json pins them; again when the lock changes.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# Fuzz targets as package:function; `go test` alone runs only their seeds.
# FUZZMINIMIZE bounds the minimizing of each new input (go's default, 60s,
# stalls a short run on its first large find).
FUZZTIME     ?= 30s
FUZZMINIMIZE ?= 5s
FUZZ_TARGETS := ./pkg/protocol:FuzzDecode ./pkg/poll:FuzzParse ./pkg/wordcloud:FuzzNormalize ./pkg/server:FuzzPhoneFrame
fuzz: ## run each fuzz target for FUZZTIME (default 30s); not part of test
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; echo "fuzz $$fn in $$pkg for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) $$pkg || exit 1; \
	done

BENCH ?= .
bench: ## benchmarks of the hub's fan-out, the engines and aggregation (BENCH=regexp; Redis on 127.0.0.1:6379)
	ulimit -n 20000 2>/dev/null || ulimit -n "$$(ulimit -Hn)"; $(GO) test -run '^$$' -bench '$(BENCH)' -benchmem $(PKGS)

load: ## load test (loadtest/README.md); FRESH=1 starts a fresh Ting for it and reports its memory
ifdef FRESH
	GO=$(GO) sh loadtest/fresh.sh $(ARGS)
else
	$(GO) run ./loadtest $(ARGS)
endif

load-multi: ## load test against two fresh Ting nodes on the Redis at 127.0.0.1:6379 (own key prefix, deleted after); ARGS as for load
	GO=$(GO) sh loadtest/multinode.sh $(ARGS)

docker: ## container image (needs a Docker engine)
	docker build -f deploy/Dockerfile -t ting:$(VERSION) .

clean:
	rm -rf bin
