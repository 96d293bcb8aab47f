// User attributes: the extra columns of auth_user, in as a JSON object, checked against the table.
#pragma once

#include "arguments.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lucia_sqlite {

// One attribute: its column and its JSON value, typed as SQLite's json_each reports it.
struct Attribute {
    std::string column;
    std::string json_type;  // null, true, false, integer, real, text, array, object
    std::string value;      // the value's text (JSON text for arrays and objects)
};

// The attributes object's members, each checked to be a writable column of auth_user other than
// id. Raises AUTH_INVALID_ARGUMENT otherwise (also for JSON that is not an object).
std::vector<Attribute> read_attributes(const Call& call, const std::optional<std::string_view>& json);

// Binds an attribute's value at `index`, converted from JSON as better-sqlite3 would store it
// (true/false as 1/0, arrays and objects as JSON text).
void bind_attribute(class Statement& statement, int index, const Attribute& attribute);

// An identifier as PostgreSQL's quote_identifier prints it in messages (quoted only if needed).
std::string display_identifier(const std::string& name);

}  // namespace lucia_sqlite
