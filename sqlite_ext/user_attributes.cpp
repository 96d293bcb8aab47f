#include "user_attributes.hpp"

#include "statement.hpp"

#include <cstdlib>

namespace lucia_sqlite {

namespace {

constexpr std::size_t kMaxIdentifierBytes = 63;  // PostgreSQL's limit, kept so both engines agree

[[noreturn]] void invalid(const std::string& detail) {
    throw lucia::Error(lucia::ErrorCode::InvalidArgument, detail);
}

// Exact-case match against the table's columns (SQLite itself would match case-insensitively,
// PostgreSQL would not; both engines refuse "Username" for "username").
void check_column(const Call& call, const std::string& name) {
    if (name == "id") invalid("attributes cannot set the user id");
    if (name.size() > kMaxIdentifierBytes) invalid("attribute names are at most 63 bytes");
    Statement columns(call.db(), "SELECT name, hidden FROM pragma_table_xinfo('auth_user', ?1)", "");
    columns.bind(1, call.settings().tables_schema);
    while (columns.step()) {
        if (columns.text(0) == name && columns.int64(1) == 0) return;
    }
    invalid("auth_user has no writable column " + display_identifier(name));
}

}  // namespace

std::string display_identifier(const std::string& name) {
    bool plain = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
    for (char c : name) plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    return plain ? name : quote_identifier(name);
}

std::vector<Attribute> read_attributes(const Call& call, const std::optional<std::string_view>& json) {
    std::vector<Attribute> attributes;
    if (!json.has_value()) return attributes;
    Statement type(call.db(), "SELECT json_valid(?1) AND json_type(?1) = 'object'", "");
    type.bind(1, *json).step();
    if (type.int64(0) == 0) invalid("attributes must be a JSON object");
    Statement members(call.db(), "SELECT key, type, CASE WHEN type IN ('true', 'false') THEN NULL ELSE value END FROM json_each(?1)", "");
    members.bind(1, *json);
    while (members.step()) {
        Attribute attribute{members.text(0), members.text(1), members.optional_text(2).value_or("")};
        check_column(call, attribute.column);
        attributes.push_back(std::move(attribute));
    }
    return attributes;
}

void bind_attribute(Statement& statement, int index, const Attribute& attribute) {
    const std::string& type = attribute.json_type;
    if (type == "null") {
        statement.bind_null(index);
    } else if (type == "true" || type == "false") {
        statement.bind(index, static_cast<std::int64_t>(type == "true" ? 1 : 0));
    } else if (type == "integer") {
        statement.bind(index, static_cast<std::int64_t>(std::strtoll(attribute.value.c_str(), nullptr, 10)));
    } else if (type == "real") {
        statement.bind(index, std::strtod(attribute.value.c_str(), nullptr));
    } else {
        statement.bind(index, std::string_view(attribute.value));
    }
}

}  // namespace lucia_sqlite
