// lucia_version(): the version of this module, the same as the PostgreSQL extension's
// (pg_ext/lucia.control's default_version, passed in by CMakeLists.txt as LUCIA_VERSION).
#include "functions.hpp"

#ifndef LUCIA_VERSION
#error "LUCIA_VERSION is defined by CMakeLists.txt from pg_ext/lucia.control"
#endif

namespace lucia_sqlite {

// Why: an application can check which lucia it loaded, as SELECT extversion does in PostgreSQL.
void lucia_version(const Call& call) {
    result_text(call, LUCIA_VERSION);
}

}  // namespace lucia_sqlite
