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
CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
endif
CPPFLAGS += -Iinclude -Iengine
LIBS = -lglpk -lsqlite3 -lcjson -lcsv -lcrypto -lm

BUILD ?= build
LIB_SRC = $(wildcard engine/*.c)
CLI_SRC = $(wildcard engine/cli/*.c)
LIB_OBJ = $(LIB_SRC:engine/%.c=$(BUILD)/obj/%.o)
CLI_OBJ = $(CLI_SRC:engine/cli/%.c=$(BUILD)/obj/cli/%.o)
DEPS = $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# Debian packages the project needs to build and test (make deps)
DEB_PKGS = gcc make libglpk-dev glpk-utils libcjson-dev libsqlite3-dev sqlite3 \
           libcsv-dev libssl-dev libcmocka-dev python3 valgrind clang \
           libclang-rt-14-dev

.PHONY: all deps run test check-unit check-golden memcheck clean install bench

all: $(BUILD)/coalitions

$(BUILD)/libcoalitions.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

$(BUILD)/coalitions: $(CLI_OBJ) $(BUILD)/libcoalitions.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libcoalitions.a $(LIBS)

$(BUILD)/obj/%.o: engine/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<

-include $(DEPS)

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "all build and test packages are present"; fi

# The main job on the bundled dataset, recorded in the embedded SQLite store.
run: $(BUILD)/coalitions
	$(BUILD)/coalitions plan datasets/ccm-2018.json --json $(BUILD)/ccm-2018.plan.json --csv $(BUILD)/ccm-2018

install: $(BUILD)/coalitions
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib
	install -m 755 $(BUILD)/coalitions $(DESTDIR)$(PREFIX)/bin/
	install -m 644 include/coalitions.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(BUILD)/libcoalitions.a $(DESTDIR)$(PREFIX)/lib/

clean:
	rm -rf $(BUILD)
