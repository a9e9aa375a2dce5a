# Escale — the two commands: `make demo` and `make test`.
# Each first installs the Debian packages it lacks (packaging/debian-packages.txt).
#
#   make demo    build, make a demo database, run the server and the kiosk
#   make test    build and run every test through ctest, then (as root) test-packages
#   make check   build and run every test through ctest (no packages)
#   make bench   build and run the benchmarks (results: docs/PERFORMANCE.md)
#   make build   just build (PRESET=release|debug|asan, default release)
#   make format  clang-format the sources in place
#   make deb            the .debs for this machine (build/deb-amd64/)
#   make deb-arm64      the .debs for a Raspberry Pi, cross-built (build/deb-arm64/)
#   make test-arm64     cross-build for arm64, run the unit tests under qemu-user
#   make test-packages  install the .debs here, check them, remove and purge (root)
#   make fuzz       build the fuzz preset (clang-14, libFuzzer, ASan + UBSan) and run each
#                   harness of fuzz/ for FUZZ_SECONDS (default 30) over its corpus
#   make fuzz-long  10 million executions per harness, one at a time on one core (docs/fuzzing.md)
PRESET ?= release
BUILD  := build/$(PRESET)
JOBS   ?= $(shell nproc)

.PHONY: all deps build test check demo bench format clean deb deb-arm64 test-arm64 test-packages fuzz fuzz-long

all: build

deps:
	@packaging/install-deps.sh

build: deps
	@cmake --preset $(PRESET) > /dev/null
	@cmake --build --preset $(PRESET) -j $(JOBS)

# make test: the whole suite, then, as root (CI), the packages.
# - As a plain user: build (PRESET, default release) and ctest; the package test
#   is skipped (it installs packages): sudo make test-packages.
# - As root with the release preset (CI, .ci/run): the .debs are built with the
#   suite inside (scripts/build-deb.sh --with-tests: the code is compiled once,
#   with the packaged flags, and ctest runs in that build), then installed,
#   checked and purged (scripts/test-packages.sh).
# make check: build and ctest only, as any user (the quick loop).
test: deps
	@if [ "$$(id -u)" = 0 ] && [ "$(PRESET)" = release ]; then \
	   JOBS=$(JOBS) scripts/build-deb.sh --with-tests && \
	   JOBS=$(JOBS) scripts/test-packages.sh "$(CURDIR)/build/deb-$$(dpkg --print-architecture)"; \
	 else $(MAKE) --no-print-directory check && \
	   echo "make test: package test skipped (not root): sudo make test-packages"; fi

check: build
	@ctest --preset $(PRESET) -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)

bench: build
	@cmake --build --preset $(PRESET) -j $(JOBS) --target escale_benches
	@scripts/bench.sh $(BUILD)

deb: deps
	@JOBS=$(JOBS) scripts/build-deb.sh

deb-arm64: deps
	@packaging/install-deps.sh --arm64
	@JOBS=$(JOBS) scripts/build-deb.sh arm64

test-arm64: deps
	@JOBS=$(JOBS) scripts/test-arm64.sh

test-packages: deps
	@JOBS=$(JOBS) scripts/test-packages.sh

# FUZZ_ONLY="csv ics" limits either to some harnesses.
FUZZ_SECONDS ?= 30
fuzz: deps
	@FUZZ_SECONDS=$(FUZZ_SECONDS) JOBS=$(JOBS) scripts/fuzz.sh

fuzz-long: deps
	@FUZZ_RUNS=10000000 JOBS=$(JOBS) scripts/fuzz.sh

format:
	@find shared server kiosk tests bench fuzz -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf build

# make stress-test: the whole ctest suite RUNS times (default 3) while
# stress-ng keeps every core busy; lists the tests that failed in any run
# (scripts/stress-test.sh). Shows that no test needs an idle machine.
.PHONY: stress-test
RUNS ?= 3
stress-test: build
	@RUNS=$(RUNS) JOBS=$(JOBS) scripts/stress-test.sh $(BUILD)
