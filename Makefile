# Ting: live polls for large-group workshops.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
GO      ?= go
PKGS    := ./...

.PHONY: run build test test-go e2e lint bench load load-multi docker clean

run: ## run Ting with the embedded engine on :8080
	$(GO) run ./cmd/ting

build: ## build the ting binary into bin/
	CGO_ENABLED=0 $(GO) build -ldflags "-s -w -X main.version=$(VERSION)" -o bin/ting ./cmd/ting

test: lint test-go e2e ## everything CI runs

test-go: ## Go tests with the race detector (needs Redis on 127.0.0.1:6379)
	$(GO) test -race -count=1 $(PKGS)

e2e: ## browser tests in Debian's Chromium
	cd e2e && npm ci --no-audit --no-fund && npm test

lint: ## formatting and vet
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

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
