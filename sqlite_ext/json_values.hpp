// JSON arguments read with SQLite's own JSON functions, so that SQLite decides what valid JSON is.
#pragma once

#include "sqlite_api.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lucia_sqlite {

// Whether `text` is valid JSON whose top level is of `type` ("object", "array").
bool is_json_of_type(sqlite3* db, std::string_view text, const char* type);

// The strings of a JSON array of strings, or nullopt when `text` is anything else.
std::optional<std::vector<std::string>> json_string_array(sqlite3* db, std::string_view text);

}  // namespace lucia_sqlite
