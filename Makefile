# coalitions: donor-to-need matching engine (C11, GLPK, SQLite, cJSON)
PREFIX ?= /usr/local
DESTDIR ?=
CC ?= gcc
CFLAGS ?= -O2 -g
WARN = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wshadow -Wformat=2 \
       -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wcast-qual \
       -Wwrite-strings -Wundef -Wvla -Wno-format-nonliteral
ifdef CI
WARN += -Werror
endif
ifdef WERROR
WARN += -Werror
endif
ifdef SANITIZE
override CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
override LDFLAGS += -fsanitize=$(SANITIZE)
endif
CPPFLAGS += -Iinclude -Iengine
LIBS = -lglpk -lsqlite3 -lcjson -lcsv -lxlsxwriter -lcrypto -lm

BUILD ?= build
LIB_DIRS = base data io model solve result run store render
LIB_SRC = $(foreach d,$(LIB_DIRS),$(wildcard engine/$(d)/*.c))
CLI_SRC = $(wildcard engine/cli/*.c)
LIB_OBJ = $(LIB_SRC:engine/%.c=$(BUILD)/obj/%.o)
CLI_OBJ = $(CLI_SRC:engine/cli/%.c=$(BUILD)/obj/cli/%.o)
DEPS = $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# Debian packages the project needs to build and test (make deps)
DEB_PKGS = gcc make libglpk-dev glpk-utils libcjson-dev libsqlite3-dev sqlite3 \
           libcsv-dev libxlsxwriter-dev libssl-dev libcmocka-dev python3 valgrind clang \
           libclang-rt-14-dev time coinor-cbc chromium
# Commands make bench needs, as command:package; the package is installed only
# when the command is missing (a machine with NodeSource's nodejs has npm in
# it, and Debian's npm package would conflict with it).
DEB_CMDS = node:nodejs npm:npm

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# fuzz targets and their replay binaries (see "Fuzzing" below)
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = json csv set scenario plan
SAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_OBJ = $(LIB_SRC:engine/%.c=$(BUILD)/fuzz/obj/%.o)
FUZZ_BIN = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
REPLAY_BIN = $(FUZZ_TARGETS:%=$(BUILD)/tests/replay_%)
FUZZ_COMMON = tests/fuzz/roundtrip.c

.PHONY: all deps run test test-artifacts san-artifacts check-quick unit memcheck clean install bench fuzz fuzz-merge

all: $(BUILD)/coalitions

$(BUILD)/libcoalitions.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/coalitions: $(CLI_OBJ) $(BUILD)/libcoalitions.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libcoalitions.a $(LIBS)

$(BUILD)/obj/%.o: engine/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<

-include $(DEPS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libcoalitions.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -Wno-missing-prototypes -o $@ $< \
	    $(BUILD)/libcoalitions.a $(LDFLAGS) $(LIBS) -lcmocka

# the option parser's test links the command line's parser and helpers
$(BUILD)/tests/test_options: tests/unit/test_options.c $(BUILD)/obj/cli/options.o \
                             $(BUILD)/obj/cli/common.o $(BUILD)/libcoalitions.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -Wno-missing-prototypes -o $@ $< \
	    $(BUILD)/obj/cli/options.o $(BUILD)/obj/cli/common.o $(BUILD)/libcoalitions.a \
	    $(LDFLAGS) $(LIBS) -lcmocka

unit: $(UNIT_BIN)

# Everything, offline: unit tests (cmocka), the shell suites in tests/ and
# the replay of the fuzz corpora, first with the normal build, then again
# with AddressSanitizer and UBSan (in $(SAN_BUILD)). Both builds are made
# at once (-j, one job per processor), and tests/run_all.sh runs the
# suites of both side by side in one pool (each build's report apart). NO_ASAN=1 (or make check-quick) runs the normal
# build only and leaves the sanitizer replays out; SANITIZE=... runs one
# build with those sanitizers.
NPROC := $(shell nproc 2>/dev/null || echo 2)
SAN_BUILD ?= $(BUILD)/asan
TEST_ARTIFACTS = $(BUILD)/coalitions $(UNIT_BIN) $(BUILD)/tests/faultwrite.so
ASAN_PASS := $(if $(SANITIZE)$(NO_ASAN),,yes)
comma := ,

test-artifacts: $(TEST_ARTIFACTS)

# the sanitizer build, and the replay binaries linked to its library
san-artifacts:
	@$(MAKE) --no-print-directory BUILD=$(SAN_BUILD) SANITIZE=address,undefined \
	    test-artifacts $(REPLAY_BIN:$(BUILD)/%=$(SAN_BUILD)/%)

test:
	@$(MAKE) --no-print-directory -j$(NPROC) test-artifacts $(if $(ASAN_PASS),san-artifacts)
	@BUILDS="$(BUILD)$(if $(SANITIZE),:$(SANITIZE))$(if $(ASAN_PASS), $(SAN_BUILD):address$(comma)undefined)" \
	    REPLAY_DIR=$(if $(ASAN_PASS),$(SAN_BUILD)/tests,$(if $(SANITIZE),$(BUILD)/tests)) \
	    tests/run_all.sh

# The edit-test loop: the normal build and every suite, no sanitizer pass.
check-quick:
	@$(MAKE) --no-print-directory test NO_ASAN=1

# The solver benchmark (not part of test): the ladder of generated sizes up
# to 400x300 (the engine at 1, 10 and 60 s against its time limit), CBC for
# 15 minutes on 200x150, families of 40x30 shapes, against glpsol, CBC and
# HiGHS (the npm package `highs`, installed into $(BUILD)/bench/npm by
# bench/run.sh, never a dependency of the engine or of test); writes
# docs/BENCHMARKS.md, then the multi-year targets (bench/multiyear.sh).
# About an hour; BENCH_QUICK=1 runs 12x10 and
# 40x30 and one held-out case, peers at 10 s (a few minutes), and writes
# $(BUILD)/bench/BENCHMARKS.md. See bench/run.sh.
bench: $(BUILD)/coalitions
	@BUILD=$(BUILD) BENCH_QUICK=$(BENCH_QUICK) bash bench/run.sh
	@BUILD=$(BUILD) BENCH_QUICK=$(BENCH_QUICK) bash bench/multiyear.sh

# Fuzzing (tests/fuzz): a libFuzzer target per parser (the JSON loader,
# the CSV bundle loader, --set, the scenario file, the plan and comparison
# readers), built with clang. `make fuzz` runs each for FUZZ_SECONDS,
# from the committed corpus tests/fuzz/corpus/T; new inputs go to
# $(BUILD)/fuzz/corpus-T, crashes to $(BUILD)/fuzz/crash-T-*,
# the CSV target's scratch files to $(BUILD)/fuzz/tmp.
# `make fuzz-merge` minimises what was found into the committed corpus.
# `make test` replays the committed corpora (crashes found earlier are
# kept there) through replay binaries built with $(CC) under
# AddressSanitizer and UBSan, so it needs no clang. Variables: see above.
$(BUILD)/fuzz/obj/%.o: engine/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(SAN_FLAGS) -fsanitize=fuzzer-no-link $(WARN) -MMD -MP -c -o $@ $<

$(BUILD)/fuzz/libcoalitions.a: $(FUZZ_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_COMMON) tests/fuzz/fuzz.h $(BUILD)/fuzz/libcoalitions.a
	$(FUZZ_CC) $(CPPFLAGS) $(SAN_FLAGS) -fsanitize=fuzzer $(WARN) -o $@ $< $(FUZZ_COMMON) \
	    $(BUILD)/fuzz/libcoalitions.a $(LIBS)

$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_COMMON) tests/fuzz/fuzz.h \
                         $(BUILD)/libcoalitions.a
	@test -n "$(SANITIZE)" || { echo "replay binaries are built in a sanitizer build (make test)"; exit 1; }
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $< tests/fuzz/replay.c $(FUZZ_COMMON) \
	    $(BUILD)/libcoalitions.a $(LDFLAGS) $(LIBS)

-include $(FUZZ_OBJ:.o=.d)

fuzz: $(FUZZ_BIN)
	@mkdir -p $(BUILD)/fuzz/tmp
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(BUILD)/fuzz/corpus-$$t; \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  TMPDIR=$(CURDIR)/$(BUILD)/fuzz/tmp $(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -dict=tests/fuzz/$$t.dict -artifact_prefix=$(BUILD)/fuzz/crash-$$t- -print_final_stats=1 \
	    $(BUILD)/fuzz/corpus-$$t tests/fuzz/corpus/$$t 2>$(BUILD)/fuzz/fuzz_$$t.log \
	  || { tail -60 $(BUILD)/fuzz/fuzz_$$t.log; exit 1; }; \
	  grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^Done' $(BUILD)/fuzz/fuzz_$$t.log; \
	done

# (edges only, not hit counts: a file joins the committed corpus when it
# reaches code that no file there reaches, which keeps it small)
fuzz-merge: $(FUZZ_BIN)
	@mkdir -p $(BUILD)/fuzz/tmp
	@for t in $(FUZZ_TARGETS); do \
	  TMPDIR=$(CURDIR)/$(BUILD)/fuzz/tmp $(BUILD)/fuzz/fuzz_$$t -merge=1 -use_counters=0 tests/fuzz/corpus/$$t $(BUILD)/fuzz/corpus-$$t \
	    2>&1 | grep -E '^MERGE-OUTER: [0-9]+ new files'; \
	done

# A write that fails (full disk, read-only folder) is simulated by this
# LD_PRELOAD shim (tests/t_badinput.sh).
$(BUILD)/tests/faultwrite.so: tests/fault/faultwrite.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Wextra -fPIC -shared -o $@ $< -ldl

# The test suites and the unit tests under valgrind (memcheck), which must
# find no errors and no leaks. $(BUILD)/tests/co-valgrind wraps the binary
# so the suites see one command in CO; the ASan replays are left out.
VALGRIND = valgrind --error-exitcode=99 --leak-check=full \
           --errors-for-leak-kinds=definite,indirect -q
memcheck: $(BUILD)/coalitions $(UNIT_BIN) $(BUILD)/tests/faultwrite.so
	@mkdir -p $(BUILD)/tests
	@printf '#!/bin/sh\nexec %s "%s" "$$@"\n' '$(VALGRIND)' '$(CURDIR)/$(BUILD)/coalitions' \
	    >$(BUILD)/tests/co-valgrind && chmod +x $(BUILD)/tests/co-valgrind
	@BUILD=$(BUILD) MEMCHECK='$(VALGRIND)' tests/run_all.sh

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	for cp in $(DEB_CMDS); do \
	  command -v $${cp%%:*} >/dev/null 2>&1 || missing="$$missing $${cp#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	else echo "all build and test packages are present"; fi

# The main job on the bundled dataset, recorded in the embedded SQLite store.
run: $(BUILD)/coalitions
	$(BUILD)/coalitions plan datasets/ccm-2018.json --json $(BUILD)/ccm-2018.plan.json --csv $(BUILD)/ccm-2018
	$(BUILD)/coalitions history --limit 5

install: $(BUILD)/coalitions
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib
	install -m 755 $(BUILD)/coalitions $(DESTDIR)$(PREFIX)/bin/
	install -m 644 include/coalitions.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(BUILD)/libcoalitions.a $(DESTDIR)$(PREFIX)/lib/

clean:
	rm -rf $(BUILD)
