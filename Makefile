# Escale — the two commands: `make demo` and `make test`.
# Each first installs the Debian packages it lacks (packaging/debian-packages.txt).
#
#   make demo    build, make a demo database, run the server and the kiosk
#   make test    build and run every test through ctest
#   make bench   build and run the benchmarks (results: docs/PERFORMANCE.md)
#   make build   just build (PRESET=release|debug|asan, default release)
#   make format  clang-format the sources in place
PRESET ?= release
BUILD  := build/$(PRESET)
JOBS   ?= $(shell nproc)

.PHONY: all deps build test demo bench format clean

all: build

deps:
	@packaging/install-deps.sh

build: deps
	@cmake --preset $(PRESET) > /dev/null
	@cmake --build --preset $(PRESET) -j $(JOBS)

test: build
	@ctest --preset $(PRESET) -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)

bench: build
	@scripts/bench.sh $(BUILD)

format:
	@find shared server kiosk tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf build
