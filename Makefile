# Convenience front end to CMake. The two commands the README documents:
#   make demo   install missing Debian packages, build, ingest corpus/, draw the graph
#   make test   install missing Debian packages, build, run the whole suite through CTest
BUILD   ?= build
JOBS    ?= 2
KG      := $(BUILD)/kg
KG_DB   ?= out/kg.sqlite
export KG_DB

.PHONY: all deps build demo test asan-test fuzz-build fuzz-smoke clean

all: build

deps:
	@tools/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@mkdir -p out
	$(KG) ingest corpus
	$(KG) graph --format dot -o out/graph.dot
	$(KG) graph --format svg -o out/graph.svg
	$(KG) summary

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan-test: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DKG_SANITIZE=ON
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS)

fuzz-build: deps
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKG_FUZZ=ON
	cmake --build build-fuzz -j $(JOBS) --target fuzz_extract fuzz_rules fuzz_literals

# A short, repeatable run of each fuzzer (CI); fuzz/run build-fuzz 600 for a long one.
fuzz-smoke: fuzz-build
	fuzz/run build-fuzz runs=8000

clean:
	rm -rf $(BUILD) build-asan build-fuzz
