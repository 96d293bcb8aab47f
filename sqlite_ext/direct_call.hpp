// Refusing calls that come from a database file's schema rather than from the application.
#pragma once

#include "arguments.hpp"

#include <string_view>

namespace lucia_sqlite {

// Throws AUTH_INVALID_ARGUMENT unless a statement running on the connection names `function` in
// its own SQL. For the non-deterministic functions only: SQLite refuses the others in schema
// objects itself (see kState in lucia_sqlite.cpp), but runs a non-deterministic function from a
// CHECK constraint of any attached file, inside the application's INSERT or UPDATE, whose text
// does not name it.
void require_direct_call(const Call& call, std::string_view function);

// Whether `sql` contains `name` as a whole identifier, ignoring ASCII case.
bool names_identifier(std::string_view sql, std::string_view name);

}  // namespace lucia_sqlite
