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

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

// Looks only at each "(" and the name before it: a call is the only form that matters, and
// statements have few parentheses (this runs on every call of every function).
Naming call_naming(std::string_view sql, std::string_view function) {
    Naming found = Naming::None;
    for (std::size_t paren = sql.find('('); paren != std::string_view::npos; paren = sql.find('(', paren + 1)) {
        std::size_t end = paren;
        while (end > 0 && is_space(sql[end - 1])) --end;
        bool quoted = end > 0 && sql[end - 1] == '"';
        if (quoted) --end;
        if (end < function.size()) continue;
        std::size_t at = end - function.size();
        if (!equal_ignoring_case(sql.substr(at, function.size()), function)) continue;
        char before = at > 0 ? sql[at - 1] : ' ';
        if (quoted) {
            if (before == '"') return Naming::Quoted;
            continue;
        }
        if (is_identifier_byte(before) || before == '"' || before == '`' || before == '[' || before == '\'') continue;
        found = Naming::Plain;
    }
    return found;
}

void require_direct_call(sqlite3* db, std::string_view function) {
    bool plain = false;
    for (sqlite3_stmt* stmt = sqlite3_next_stmt(db, nullptr); stmt != nullptr; stmt = sqlite3_next_stmt(db, stmt)) {
        if (!sqlite3_stmt_busy(stmt)) continue;
        const char* sql = sqlite3_sql(stmt);
        if (sql == nullptr) continue;
        Naming naming = call_naming(sql, function);
        if (naming == Naming::Quoted) {
            plain = false;
            break;
        }
        plain = plain || naming == Naming::Plain;
    }
    if (!plain)
        throw lucia::Error(lucia::ErrorCode::InvalidArgument,
                           std::string(function) + " runs only when the application's SQL calls it by its plain name, "
                           "not from a database file's schema or from SQL a module builds");
}

}  // namespace lucia_sqlite
