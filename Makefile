# liaison — the two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
JOBS ?= 2
RELEASE := build/release
TEST := build/test
RUN_DIR ?= .run/cn
LISTEN ?= 127.0.0.1:8443
DEMO_PASSWORD ?= liaison-demo-password

.PHONY: run test bench bootstrap build-release build-test test-cpp test-web test-e2e clean

bootstrap:
	@scripts/bootstrap

build-release: bootstrap
	@cmake -S . -B $(RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@ninja -C $(RELEASE) -j$(JOBS) liaison web

# Builds, creates a CN node with demo data on first use, and serves it on HTTPS.
run: build-release
	@if [ ! -f $(RUN_DIR)/config.toml ]; then \
	  LIAISON_ADMIN_PASSWORD=$(DEMO_PASSWORD) $(RELEASE)/liaison init --data $(RUN_DIR) \
	    --party CN --name "CN National Cybercrime Centre (demo)" --timezone Asia/Shanghai >/dev/null && \
	  $(RELEASE)/liaison demo --data $(RUN_DIR); fi
	@echo ""
	@echo "  liaison console:  https://$(LISTEN)/   (self-signed certificate)"
	@echo "  log in as:        admin / $(DEMO_PASSWORD)"
	@echo "  data directory:   $(RUN_DIR)   (stop with Ctrl-C)"
	@echo ""
	@$(RELEASE)/liaison serve --data $(RUN_DIR) --listen $(LISTEN)

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

test: test-cpp test-web test-e2e

bench: build-release
	@ninja -C $(RELEASE) -j$(JOBS) ledger_benchmark replication
	@$(RELEASE)/bench/ledger_benchmark
	@$(RELEASE)/bench/replication --bin $(RELEASE)/liaison

clean:
	rm -rf build
