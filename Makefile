# liaison — the two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
JOBS ?= 2
RELEASE := build/release
TEST := build/test
DEMO_PASSWORD ?= liaison-demo-password
SWEEP_MB ?= 512
SEARCH_REQUESTS ?= 1000000

.PHONY: run test bench bootstrap build-release build-test test-cpp test-web test-e2e format format-check clean

bootstrap:
	@scripts/bootstrap

build-release: bootstrap
	@cmake -S . -B $(RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@ninja -C $(RELEASE) -j$(JOBS) liaison web

# Builds, creates two peered nodes (CN and US) with demo data on first use, serves both. The
# build's output goes to .run/build.log (shown only when it fails), the nodes' to .run/*.log.
run: bootstrap
	@mkdir -p .run
	@echo "make run: building liaison and the console (log: .run/build.log)..."
	@{ cmake -S . -B $(RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo && \
	  ninja -C $(RELEASE) -j$(JOBS) liaison web; } >.run/build.log 2>&1 \
	  || { tail -n 40 .run/build.log; echo "make run: the build failed; see .run/build.log"; exit 1; }
	@LIAISON_BIN=$(RELEASE)/liaison DEMO_PASSWORD=$(DEMO_PASSWORD) scripts/run-demo

# Every test, in one build tree compiled with AddressSanitizer + UBSan and warnings as errors.
build-test: bootstrap
	@cmake -S . -B $(TEST) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DLIAISON_SANITIZE=address,undefined -DLIAISON_WERROR=ON >/dev/null
	@ninja -C $(TEST) -j$(JOBS)

test-cpp: build-test
	@cd $(TEST) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j$(JOBS) --timeout 600

test-web: bootstrap
	@cd web && npm test --silent

test-e2e: build-test
	@cd web && LIAISON_BIN=$(CURDIR)/$(TEST)/liaison npm run e2e --silent

test: format-check test-cpp test-web test-e2e

# The C++ sources as .clang-format says (Google style, 100 columns); `make format` rewrites them.
FORMATTED = git ls-files 'src/*.cc' 'src/*.h' 'test/*.cc' 'test/*.h' 'bench/*.cc' 'bench/*.h' \
  'fuzz/*.cc' 'fuzz/*.h'
format-check: bootstrap
	@$(FORMATTED) | xargs -r clang-format-14 --dry-run --Werror \
	  || { echo "format-check: run 'make format' (clang-format-14)"; exit 1; }

format: bootstrap
	@$(FORMATTED) | xargs -r clang-format-14 -i

bench: build-release
	@ninja -C $(RELEASE) -j$(JOBS) ledger_benchmark sweep_benchmark replication sweep_bench http_latency search_bench blob_transfer \
	  reports_bench
	@$(RELEASE)/bench/ledger_benchmark
	@$(RELEASE)/bench/sweep_benchmark
	@$(RELEASE)/bench/replication --bin $(RELEASE)/liaison
	@$(RELEASE)/bench/http_latency --bin $(RELEASE)/liaison
	@$(RELEASE)/bench/sweep --bin $(RELEASE)/liaison --size-mb $(SWEEP_MB)
	@$(RELEASE)/bench/search --bin $(RELEASE)/liaison --requests $(SEARCH_REQUESTS)
	@$(RELEASE)/bench/blob_transfer --bin $(RELEASE)/liaison
	@$(RELEASE)/bench/reports --bin $(RELEASE)/liaison --requests 5000

clean:
	rm -rf build
