#include "direct_call.hpp"

#include "core/errors.hpp"

#include <string>

namespace lucia_sqlite {

namespace {

// Letters, digits, '_', '$' and every non-ASCII byte continue an identifier in SQLite.
bool is_identifier_byte(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u == '$' ||
           u >= 0x80;
}

char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignoring_case(std::string_view text, std::string_view lower_name) {
    for (std::size_t i = 0; i < lower_name.size(); ++i)
        if (ascii_lower(text[i]) != lower_name[i]) return false;
    return true;
}

}  // namespace

bool names_identifier(std::string_view sql, std::string_view name) {
    if (name.empty() || sql.size() < name.size()) return false;
    for (std::size_t at = 0; at + name.size() <= sql.size(); ++at) {
        if (at > 0 && is_identifier_byte(sql[at - 1])) continue;
        if (!equal_ignoring_case(sql.substr(at, name.size()), name)) continue;
        std::size_t end = at + name.size();
        if (end < sql.size() && is_identifier_byte(sql[end])) continue;
        return true;
    }
    return false;
}

void require_direct_call(const Call& call, std::string_view function) {
    for (sqlite3_stmt* stmt = sqlite3_next_stmt(call.db(), nullptr); stmt != nullptr;
         stmt = sqlite3_next_stmt(call.db(), stmt)) {
        if (!sqlite3_stmt_busy(stmt)) continue;
        const char* sql = sqlite3_sql(stmt);
        if (sql != nullptr && names_identifier(sql, function)) return;
    }
    throw lucia::Error(lucia::ErrorCode::InvalidArgument,
                       std::string(function) + " may only be called by a statement that names it, "
                       "not from a schema object such as a CHECK constraint");
}

}  // namespace lucia_sqlite
