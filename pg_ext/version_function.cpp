// lucia_version(): the version of the loaded library, the same as the SQLite module's
// (pg_ext/lucia.control's default_version, passed in by the Makefile as LUCIA_VERSION).
#include "errors_pg.hpp"
#include "guarded_call.hpp"

#ifndef LUCIA_VERSION
#error "LUCIA_VERSION is defined by the Makefile from pg_ext/lucia.control"
#endif

// Why: after a package upgrade the library may be newer than the SQL objects (extversion) until
// ALTER EXTENSION lucia UPDATE runs; this tells which library answers.
LUCIA_FUNCTION(lucia_version) {
    PG_RETURN_TEXT_P(cstring_to_text(LUCIA_VERSION));
}
