// Refusing calls that come from a database file rather than from the application's own SQL.
#pragma once

#include "sqlite_api.hpp"

#include <string>
#include <string_view>

namespace lucia_sqlite {

// Throws AUTH_INVALID_ARGUMENT unless a statement running on the connection calls `function` by
// its plain name ("lucia_x(") and none calls it by a quoted one ("\"lucia_x\"("). A file reaches
// a function without the application naming it through a CHECK constraint (SQLite marks it only
// for a deterministic function, and only when the schema was parsed on this connection after the
// module was loaded) or through SQL a module builds from the file (FTS4's compress= and
// uncompress= options, which FTS4 always quotes).
// How `sql` calls `function` (ASCII case ignored): Plain for name(, Quoted for "name"(.
enum class Naming { None, Plain, Quoted };
Naming call_naming(std::string_view sql, std::string_view function);

// The last SQL texts one function's call_naming read, with the answers: the same statement calls
// the function again and again, and comparing its text is cheaper than reading it again. The
// answer depends on nothing but the text, so a remembered one is exactly the one a new read gives.
// Never fails for want of memory: a text it cannot copy is read again next time.
class NamingMemo {
public:
    // `sql` is a statement's NUL-terminated text (sqlite3_sql), compared without measuring it first.
    Naming naming(const char* sql, std::string_view function);

private:
    static constexpr int kSlots = 4;
    std::string sql_[kSlots];
    Naming naming_[kSlots] = {};
    int next_ = 0;  // the slot a new text replaces
};

void require_direct_call(sqlite3* db, std::string_view function, NamingMemo& memo);

}  // namespace lucia_sqlite
