// User attributes: the extra columns of auth_user, in as a JSON object, checked against the table.
#pragma once

#include "arguments.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lucia_sqlite {

// One attribute: its column and its value as SQLite's json_each gives it (true/false as 1/0,
// arrays and objects as JSON text, numbers with their exact value).
struct Attribute {
    std::string column;
    std::shared_ptr<sqlite3_value> value;
};

// The attributes object's members, each checked to be a writable column of auth_user other than
// id. Raises AUTH_INVALID_ARGUMENT otherwise (also for JSON that is not an object).
std::vector<Attribute> read_attributes(const Call& call, const std::optional<std::string_view>& json);

// Binds an attribute's value at `index`.
void bind_attribute(class Statement& statement, int index, const Attribute& attribute);

}  // namespace lucia_sqlite
