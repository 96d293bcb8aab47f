#include "direct_call.hpp"

#include "core/errors.hpp"

#include <cstring>
#include <new>
#include <string>

namespace lucia_sqlite {

namespace {

// What a byte can start, looked up in one step: this runs over every running statement's SQL on
// every call of every function.
enum ByteClass : unsigned char { kOther, kIdentifier, kMaybeQuoted };

constexpr struct ByteClasses {
    ByteClass of[256] = {};
    constexpr ByteClasses() {
        for (int c = 0; c < 256; ++c) {
            // Letters, digits, '_', '$' and every non-ASCII byte continue an identifier in SQLite.
            bool identifier = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                              c == '$' || c >= 0x80;
            bool quoted = c == '\'' || c == '"' || c == '`' || c == '[' || c == '-' || c == '/';
            of[c] = identifier ? kIdentifier : quoted ? kMaybeQuoted : kOther;
        }
    }
} kClasses;

ByteClass class_of(char c) {
    return kClasses.of[static_cast<unsigned char>(c)];
}

bool is_identifier_byte(char c) {
    return class_of(c) == kIdentifier;
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
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The end of the token that starts at sql[at] with `open`: a string literal ('...'), a quoted
// identifier ("...", `...`, [...]) or a comment (-- ..., /* ... */); quotes are doubled inside.
std::size_t end_of_quoted(std::string_view sql, std::size_t at) {
    char open = sql[at];
    if (open == '-') {
        std::size_t newline = sql.find('\n', at);
        return newline == std::string_view::npos ? sql.size() : newline + 1;
    }
    if (open == '/') {
        std::size_t close = sql.find("*/", at + 2);
        return close == std::string_view::npos ? sql.size() : close + 2;
    }
    char close = open == '[' ? ']' : open;
    for (std::size_t i = at + 1; i < sql.size(); ++i) {
        if (sql[i] != close) continue;
        if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
            ++i;  // a doubled quote stands for itself
            continue;
        }
        return i + 1;
    }
    return sql.size();
}

// Whether sql[at] opens a token that end_of_quoted skips.
bool opens_quoted(std::string_view sql, std::size_t at) {
    char c = sql[at];
    if (c == '\'' || c == '"' || c == '`' || c == '[') return true;
    if (c == '-' && at + 1 < sql.size() && sql[at + 1] == '-') return true;
    return c == '/' && at + 1 < sql.size() && sql[at + 1] == '*';
}

bool same_name(std::string_view token, std::string_view lower_name) {
    return token.size() == lower_name.size() && equal_ignoring_case(token, lower_name);
}

// Whether sql[at...] is "(" after optional white space.
bool opens_call(std::string_view sql, std::size_t at) {
    while (at < sql.size() && is_space(sql[at])) ++at;
    return at < sql.size() && sql[at] == '(';
}

}  // namespace

// Reads the SQL as SQLite's tokenizer would, as far as it matters here: a call is an identifier
// token followed by "("; text inside string literals and comments is no call at all, and a quoted
// identifier followed by "(" is the quoted form.
Naming call_naming(std::string_view sql, std::string_view function) {
    Naming found = Naming::None;
    std::size_t at = 0;
    while (at < sql.size()) {
        ByteClass kind = class_of(sql[at]);
        if (kind == kOther) {
            ++at;
            continue;
        }
        if (kind == kMaybeQuoted && opens_quoted(sql, at)) {
            std::size_t end = end_of_quoted(sql, at);
            char open = sql[at];
            bool identifier = open == '"' || open == '`' || open == '[';
            if (identifier && end >= at + 2 && same_name(sql.substr(at + 1, end - at - 2), function) &&
                opens_call(sql, end))
                return Naming::Quoted;
            at = end;
            continue;
        }
        if (kind == kIdentifier) {
            std::size_t end = at + 1;
            while (end < sql.size() && is_identifier_byte(sql[end])) ++end;
            if (same_name(sql.substr(at, end - at), function) && opens_call(sql, end)) found = Naming::Plain;
            at = end;
            continue;
        }
        ++at;
    }
    return found;
}

Naming NamingMemo::naming(const char* sql, std::string_view function) {
    // strcmp stops at the first difference, and a remembered text never holds a NUL.
    for (int slot = 0; slot < kSlots; ++slot)
        if (std::strcmp(sql_[slot].c_str(), sql) == 0) return naming_[slot];
    Naming naming = call_naming(sql, function);
    // Remembering only saves time: without the memory for it the answer is not kept, and the call
    // goes on (lucia_authenticate's body, which first leaves nobody authenticated, still runs).
    try {
        sql_[next_].assign(sql);
    } catch (const std::bad_alloc&) {
        return naming;  // assign changed nothing: each slot still holds its text and answer
    }
    naming_[next_] = naming;
    next_ = (next_ + 1) % kSlots;
    return naming;
}

void require_direct_call(sqlite3* db, std::string_view function, NamingMemo& memo) {
    bool plain = false;
    for (sqlite3_stmt* stmt = sqlite3_next_stmt(db, nullptr); stmt != nullptr; stmt = sqlite3_next_stmt(db, stmt)) {
        if (!sqlite3_stmt_busy(stmt)) continue;
        const char* sql = sqlite3_sql(stmt);
        if (sql == nullptr) continue;
        Naming naming = memo.naming(sql, function);
        if (naming == Naming::Quoted) {
            plain = false;
            break;
        }
        plain = plain || naming == Naming::Plain;
    }
    if (!plain)
        throw lucia::Error(lucia::ErrorCode::InvalidArgument,
                           std::string(function) +
                               " runs only when the application's SQL calls it by its plain name, "
                               "not from a database file's schema or from SQL a module builds");
}

}  // namespace lucia_sqlite
