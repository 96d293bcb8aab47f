// Refusing calls that come from a database file rather than from the application's own SQL.
#pragma once

#include "sqlite_api.hpp"

#include <string_view>

namespace lucia_sqlite {

// Throws AUTH_INVALID_ARGUMENT unless a statement running on the connection calls `function` by
// its plain name ("lucia_x(") and none calls it by a quoted one ("\"lucia_x\"("). A file reaches
// a function without the application naming it through a CHECK constraint (SQLite marks it only
// for a deterministic function, and only when the schema was parsed on this connection after the
// module was loaded) or through SQL a module builds from the file (FTS4's compress= and
// uncompress= options, which FTS4 always quotes).
void require_direct_call(sqlite3* db, std::string_view function);

// How `sql` calls `function` (ASCII case ignored): Plain for name(, Quoted for "name"(.
enum class Naming { None, Plain, Quoted };
Naming call_naming(std::string_view sql, std::string_view function);

}  // namespace lucia_sqlite
