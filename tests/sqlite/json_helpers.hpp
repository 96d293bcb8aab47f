// Small helpers shared by the SQLite suites: reading the module's JSON results with SQLite's own
// JSON functions, binding values the way better-sqlite3 does (REAL numbers, blobs), and checking
// errors against the exact messages of the PostgreSQL suite.
#pragma once

#include "sqlite_fixture.hpp"

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

namespace lucia_test {

// A JSON result of the module, read through SQLite's json functions (no JSON parser here).
class Json {
public:
    Json(Database& db, std::string text) : db_(&db), text_(std::move(text)) {}

    const std::string& str() const {
        return text_;
    }

    // "$.a.b" is used as is; a plain name "state" means "$.state".
    static std::string path(const std::string& field) {
        return field.rfind("$", 0) == 0 ? field : "$." + field;
    }

    // The value with ->> (SQL text of the value; std::nullopt for JSON null or a missing field).
    Value get(const std::string& field) const {
        return first("SELECT ?1 ->> ?2", field);
    }

    // Like get(), but "<null>" for JSON null or missing, so it can be compared in one EXPECT_EQ.
    std::string text(const std::string& field) const {
        return get(field).value_or("<null>");
    }

    // json_type(): null, true, false, integer, real, text, array, object ("" if missing).
    std::string type(const std::string& field) const {
        return first("SELECT json_type(?1, ?2)", field).value_or("");
    }

    // The value as JSON text (strings quoted, true/false/null spelled out).
    std::string json(const std::string& field) const {
        return first("SELECT ?1 -> ?2", field).value_or("");
    }

    std::int64_t integer(const std::string& field) const {
        Value v = get(field);
        return v.has_value() ? std::stoll(*v) : INT64_MIN;
    }

    // Number of elements of this JSON array.
    std::size_t size() const {
        Outcome o = db_->run("SELECT json_array_length(?1)", {text_});
        if (!o.ok) ADD_FAILURE() << "not a JSON array: " << text_ << " (" << o.error << ")";
        return o.ok && !o.is_null() ? static_cast<std::size_t>(std::stoul(o.text())) : 0;
    }

    // Element i of this JSON array.
    Json at(std::size_t i) const {
        return Json(*db_, first("SELECT ?1 -> ?2", "$[" + std::to_string(i) + "]").value_or("null"));
    }

    // The member names of this JSON object, in order, joined with ",".
    std::string keys() const {
        Outcome o = db_->run("SELECT group_concat(key, ',') FROM json_each(?1)", {text_});
        if (!o.ok) ADD_FAILURE() << "not a JSON object: " << text_ << " (" << o.error << ")";
        return o.text();
    }

private:
    Value first(const char* sql, const std::string& field) const {
        Outcome o = db_->run(sql, {text_, path(field)});
        if (!o.ok) {
            ADD_FAILURE() << sql << " on " << text_ << " at " << field << ": " << o.error;
            return std::nullopt;
        }
        return o.row.empty() ? std::nullopt : o.row[0];
    }

    Database* db_;
    std::string text_;
};

// Runs a call that must succeed and returns its result as JSON.
inline Json call_json(Database& db, const std::string& sql, const std::vector<Value>& params = {}) {
    Outcome o = db.run(sql, params);
    EXPECT_TRUE(o.ok) << sql << " -> " << o.error;
    return Json(db, o.ok && !o.is_null() ? o.text() : std::string("null"));
}

// Succeeds when `sql` fails with exactly `message` (as the PostgreSQL suite's SQLERRM).
inline ::testing::AssertionResult fails_with(Database& db, const std::string& sql, const std::string& message,
                                             const std::vector<Value>& params = {}) {
    Outcome o = db.run(sql, params);
    if (o.ok)
        return ::testing::AssertionFailure()
               << sql << "\n  succeeded with: " << o.text().substr(0, 300) << "\n  expected error: " << message;
    if (o.error != message)
        return ::testing::AssertionFailure()
               << sql << "\n  failed with:    " << o.error << "\n  expected error: " << message;
    return ::testing::AssertionSuccess();
}

// count(*) or any single integer query.
inline std::int64_t integer(Database& db, const std::string& sql, const std::vector<Value>& params = {}) {
    Outcome o = db.run(sql, params);
    EXPECT_TRUE(o.ok) << sql << " -> " << o.error;
    return o.ok && !o.is_null() ? std::stoll(o.text()) : INT64_MIN;
}

inline std::int64_t scrypt_count(Database& db) {
    return integer(db, "SELECT lucia_scrypt_count()");
}

// A parameter bound with its own storage class, as better-sqlite3 binds JS values.
struct Param {
    enum class Kind { Null, Text, Real, Integer, Blob };
    Kind kind = Kind::Null;
    std::string bytes;
    double real = 0;
    std::int64_t integer = 0;

    static Param null() {
        return Param{};
    }
    static Param text(std::string s) {
        Param p;
        p.kind = Kind::Text;
        p.bytes = std::move(s);
        return p;
    }
    static Param blob(std::string s) {
        Param p;
        p.kind = Kind::Blob;
        p.bytes = std::move(s);
        return p;
    }
    static Param number(double d) {
        Param p;
        p.kind = Kind::Real;
        p.real = d;
        return p;
    }
    static Param int64(std::int64_t i) {
        Param p;
        p.kind = Kind::Integer;
        p.integer = i;
        return p;
    }
};

// Lucia's tables as a schema not made by lucia_create_tables might declare them, where
// better-sqlite3's REAL-bound numbers are not stored as INTEGER: [0] columns without a declared
// type keep REAL; [1] TEXT columns store text such as '1.0' and '1795401278992.0'.
inline const char* const kBetterSqlite3Schemas[] = {
    "CREATE TABLE auth_user (id NOT NULL PRIMARY KEY, username);"
    "CREATE TABLE auth_session (id NOT NULL PRIMARY KEY, user_id NOT NULL, active_expires NOT NULL, idle_expires NOT "
    "NULL);"
    "CREATE TABLE auth_key (id NOT NULL PRIMARY KEY, user_id NOT NULL, hashed_password, primary_key NOT NULL, "
    "expires);",
    "CREATE TABLE auth_user (id TEXT NOT NULL PRIMARY KEY, username TEXT);"
    "CREATE TABLE auth_session (id TEXT NOT NULL PRIMARY KEY, user_id TEXT NOT NULL, active_expires TEXT NOT NULL, "
    "idle_expires TEXT NOT NULL);"
    "CREATE TABLE auth_key (id TEXT NOT NULL PRIMARY KEY, user_id TEXT NOT NULL, hashed_password TEXT, "
    "primary_key TEXT NOT NULL, expires TEXT);",
};

// Like Database::run, with typed parameters.
inline Outcome run_typed(Database& db, const std::string& sql, const std::vector<Param>& params) {
    return db.run_with(sql, [&](sqlite3_stmt* stmt) {
        for (std::size_t i = 0; i < params.size(); ++i) {
            const Param& p = params[i];
            int index = static_cast<int>(i + 1);
            switch (p.kind) {
                case Param::Kind::Null: sqlite3_bind_null(stmt, index); break;
                case Param::Kind::Text:
                    sqlite3_bind_text64(stmt, index, p.bytes.data(), p.bytes.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
                    break;
                case Param::Kind::Blob:
                    sqlite3_bind_blob64(stmt, index, p.bytes.data(), p.bytes.size(), SQLITE_TRANSIENT);
                    break;
                case Param::Kind::Real: sqlite3_bind_double(stmt, index, p.real); break;
                case Param::Kind::Integer: sqlite3_bind_int64(stmt, index, p.integer); break;
            }
        }
    });
}

// JavaScript's Date.prototype.toISOString for a non-negative ms value ("2026-11-22T04:45:28.542Z").
inline std::string iso_from_ms(std::int64_t ms) {
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[64];
    std::size_t n = std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(buffer + n, sizeof(buffer) - n, ".%03dZ", static_cast<int>(ms % 1000));
    return buffer;
}

// True when every byte of `s` is one of Lucia's 62 symbols.
inline bool is_alphanumeric(const std::string& s) {
    for (char c : s) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!ok) return false;
    }
    return !s.empty();
}

// "s2:" + 16 symbols + ":" + 128 lower-case hex digits: Lucia v1's generateScryptHash.
inline bool is_s2_hash(const std::string& s) {
    if (s.size() != 148 || s.compare(0, 3, "s2:") != 0 || s[19] != ':') return false;
    if (!is_alphanumeric(s.substr(3, 16))) return false;
    for (std::size_t i = 20; i < s.size(); ++i) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

// An SQL string literal.
inline std::string sql_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

}  // namespace lucia_test
