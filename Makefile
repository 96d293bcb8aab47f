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

PG_CONFIG ?= pg_config
PG_CPPFLAGS = -I$(CURDIR)
PG_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror
SHLIB_LINK = -lstdc++ -lcrypto -lutf8proc

# Rebuild objects when a header they include changes (PGXS does not track headers by default).
override autodepend = yes

# No LLVM bitcode for JIT inlining: these functions call SPI and OpenSSL, nothing worth inlining.
override with_llvm = no

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)
