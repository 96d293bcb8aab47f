#include "user_attributes.hpp"

#include "json_values.hpp"
#include "statement.hpp"

#include <new>

namespace lucia_sqlite {

namespace {

// An identifier as it appears in messages: quoted when it is not a plain lower-case name or is a
// keyword (PostgreSQL's quote_identifier does the same with its own keyword list).
std::string display_identifier(const std::string& name) {
    bool plain = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
    for (char c : name) plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    plain = plain && sqlite3_keyword_check(name.data(), static_cast<int>(name.size())) == 0;
    return plain ? name : quote_identifier(name);
}

constexpr std::size_t kMaxIdentifierBytes = 63;  // PostgreSQL's limit, kept so both engines agree

[[noreturn]] void invalid(const std::string& detail) {
    throw lucia::Error(lucia::ErrorCode::InvalidArgument, detail);
}

// Exact-case match against the table's columns (SQLite itself would match case-insensitively,
// PostgreSQL would not; both engines refuse "Username" for "username").
void check_column(const Call& call, const std::string& name) {
    if (name == "id") invalid(lucia::messages::kAttributesSetUserId);
    if (name.size() > kMaxIdentifierBytes) invalid(lucia::messages::kAttributeNameTooLong);
    for (const std::string& column : writable_columns(call.db(), call.settings().tables_schema, "auth_user"))
        if (column == name) return;
    invalid(lucia::messages::kNoWritableColumn + display_identifier(name));
}

}  // namespace

std::vector<Attribute> read_attributes(const Call& call, const std::optional<std::string_view>& json) {
    std::vector<Attribute> attributes;
    if (!json.has_value()) return attributes;
    if (!is_json_of_type(call.db(), *json, "object")) invalid(lucia::messages::kAttributesNotObject);
    // "temp." because a table named json_each in the main or an attached file would hide the built-in.
    Statement members(call.db(), "SELECT key, value FROM temp.json_each(?1)");
    members.bind(1, *json);
    while (members.step()) {
        std::string column = members.text(0);
        check_column(call, column);
        // A repeated key keeps its last value, as PostgreSQL's jsonb and JSON.parse do.
        for (auto it = attributes.begin(); it != attributes.end(); ++it) {
            if (it->column == column) {
                attributes.erase(it);
                break;
            }
        }
        sqlite3_value* value = sqlite3_value_dup(sqlite3_column_value(members.handle(), 1));
        if (value == nullptr) throw std::bad_alloc();
        attributes.push_back(Attribute{std::move(column), std::shared_ptr<sqlite3_value>(value, sqlite3_value_free)});
    }
    return attributes;
}

void bind_attribute(Statement& statement, int index, const Attribute& attribute) {
    statement.bind(index, attribute.value.get());
}

}  // namespace lucia_sqlite
