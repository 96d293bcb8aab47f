# PostgreSQL extension, built with PGXS: make && make install && make installcheck
# The core library, its unit tests and the SQLite module are built by CMake (CMakeLists.txt).

MODULE_big = lucia
MODULEDIR = extension
DATA = pg_ext/lucia.control $(wildcard pg_ext/lucia--*.sql)

CORE_SOURCES = $(wildcard core/*.cpp)
PG_EXT_SOURCES = $(wildcard pg_ext/*.cpp)
OBJS = $(CORE_SOURCES:.cpp=.o) $(PG_EXT_SOURCES:.cpp=.o)

# Every sql/*.sql is a pg_regress test, so none can be forgotten; each test sets up its own data.
REGRESS = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=. --load-extension=lucia
# Isolation tests (specs/*.spec): concurrent sessions in a fixed interleaving.
ISOLATION = $(sort $(basename $(notdir $(wildcard specs/*.spec))))
ISOLATION_OPTS = --inputdir=. --load-extension=lucia
# Tests that need a server started with pg_stat_statements preloaded and the logging collector on
# (tests/pg/run.sh runs them in the cluster scripts/test.sh starts so): make installcheck-configured.
CONFIGURED_DIR = tests/pg/configured_server
CONFIGURED_REGRESS = $(sort $(basename $(notdir $(wildcard $(CONFIGURED_DIR)/sql/*.sql))))
EXTRA_CLEAN = $(CONFIGURED_DIR)/results $(CONFIGURED_DIR)/regression.diffs $(CONFIGURED_DIR)/regression.out

PG_CONFIG ?= pg_config
# One version: pg_ext/lucia.control's default_version, compiled in for lucia_version().
LUCIA_VERSION := $(shell sed -n "s/^default_version = '\([0-9]*\.[0-9]*\)'$$/\1/p" pg_ext/lucia.control)
ifeq ($(LUCIA_VERSION),)
$(error no default_version = 'X.Y' in pg_ext/lucia.control)
endif
PG_CPPFLAGS = -I$(CURDIR) -DLUCIA_VERSION='"$(LUCIA_VERSION)"'
PG_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror
SHLIB_LINK = -lstdc++ -lcrypto -lutf8proc

# Rebuild objects when a header they include changes (PGXS does not track headers by default).
override autodepend = yes

# No LLVM bitcode for JIT inlining: these functions call SPI and OpenSSL, nothing worth inlining.
override with_llvm = no

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Why: kept out of installcheck, which must pass on any stock PostgreSQL 15 with lucia installed.
.PHONY: installcheck-configured
installcheck-configured:
	$(pg_regress_installcheck) --inputdir=$(CONFIGURED_DIR) --outputdir=$(CONFIGURED_DIR) \
	  --load-extension=lucia $(CONFIGURED_REGRESS)

# The version is compiled in: a new default_version rebuilds the file that reports it.
pg_ext/version_function.o: pg_ext/lucia.control

# PGXN's upload: lucia-X.Y.0.zip (PGXN versions are SemVer: default_version 'X.Y' is X.Y.0) of the
# committed tree (HEAD, so uncommitted changes are left out) under lucia-X.Y.0/, refused and removed
# unless its META.json passes tests/pgxn/validate_meta.py. DIST_DIR says where it goes.
DIST_NAME = lucia-$(LUCIA_VERSION).0
DIST_DIR ?= .
.PHONY: dist
dist:
	@git diff --quiet HEAD -- || echo "make dist: uncommitted changes are not in $(DIST_NAME).zip (it archives HEAD)" >&2
	git archive --format=zip --prefix=$(DIST_NAME)/ -o $(DIST_DIR)/$(DIST_NAME).zip HEAD
	python3 tests/pgxn/validate_meta.py --zip $(DIST_DIR)/$(DIST_NAME).zip || { rm -f $(DIST_DIR)/$(DIST_NAME).zip; exit 1; }
