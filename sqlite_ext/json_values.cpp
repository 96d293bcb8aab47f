// JSON arguments read with SQLite's own JSON functions (json_values.hpp).
#include "json_values.hpp"

#include "statement.hpp"

namespace lucia_sqlite {

bool is_json_of_type(sqlite3* db, std::string_view text, const char* type) {
    Statement check(db, "SELECT CASE WHEN json_valid(?1) THEN json_type(?1) = ?2 ELSE 0 END");
    check.bind(1, text).bind(2, std::string_view(type)).step();
    return check.int64(0) != 0;
}

std::optional<std::vector<std::string>> json_string_array(sqlite3* db, std::string_view text) {
    if (!is_json_of_type(db, text, "array")) return std::nullopt;
    // "temp." because a table named json_each in the main or an attached file would hide the built-in.
    Statement members(db, "SELECT type, value FROM temp.json_each(?1)");
    members.bind(1, text);
    std::vector<std::string> strings;
    while (members.step()) {
        if (members.text(0) != "text") return std::nullopt;
        strings.push_back(members.text(1));
    }
    return strings;
}

}  // namespace lucia_sqlite
