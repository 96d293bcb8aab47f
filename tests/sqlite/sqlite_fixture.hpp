// A real SQLite connection with the real lucia.so loaded, for the SQLite suites.
#pragma once

#include <sqlite3.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace lucia_test {

// The module under test, built by CMake next to the test binaries.
inline const char* module_path() {
    return LUCIA_SQLITE_MODULE;
}

// One result value of a query, as text (NULL is std::nullopt).
using Value = std::optional<std::string>;

// The outcome of one statement: its first row's values, or the error message SQLite reported.
struct Outcome {
    bool ok = false;
    std::vector<Value> row;      // empty when there is no row
    std::string error;           // e.g. "AUTH_INVALID_KEY_ID: key does not exist"
    int error_code = SQLITE_OK;  // extended result code when !ok

    // The first column of the first row ("" if NULL or absent).
    std::string text() const {
        return row.empty() || !row[0].has_value() ? std::string() : *row[0];
    }
    bool is_null() const {
        return row.empty() || !row[0].has_value();
    }
    // The Lucia code at the start of the error message, e.g. "AUTH_INVALID_KEY_ID".
    std::string code() const {
        return error.substr(0, error.find(':'));
    }
};

// Opens `path` (":memory:" by default), loads lucia.so, and runs statements.
class Database {
public:
    explicit Database(const std::string& path = ":memory:") {
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
        sqlite3_enable_load_extension(db_, 1);
        char* error = nullptr;
        if (sqlite3_load_extension(db_, module_path(), nullptr, &error) != SQLITE_OK) {
            std::string message = error ? error : "unknown error";
            sqlite3_free(error);
            throw std::runtime_error("cannot load lucia: " + message);
        }
    }
    ~Database() {
        sqlite3_close(db_);
    }
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    sqlite3* handle() const {
        return db_;
    }

    // Prepares `sql`, lets `bind` bind its parameters, and steps through it: the first row's
    // values, or the error SQLite reported.
    Outcome run_with(const std::string& sql, const std::function<void(sqlite3_stmt*)>& bind) {
        Outcome outcome;
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
            outcome.error = sqlite3_errmsg(db_);
            outcome.error_code = sqlite3_extended_errcode(db_);
            return outcome;
        }
        bind(stmt);
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
                const unsigned char* text = sqlite3_column_text(stmt, c);
                if (text == nullptr)
                    outcome.row.push_back(std::nullopt);
                else
                    outcome.row.emplace_back(std::string(reinterpret_cast<const char*>(text),
                                                         static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
            }
            while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            }
        }
        if (rc == SQLITE_DONE) {
            outcome.ok = true;
        } else {
            outcome.error = sqlite3_errmsg(db_);
            outcome.error_code = sqlite3_extended_errcode(db_);
        }
        sqlite3_finalize(stmt);
        return outcome;
    }

    // Same, with `params` bound as text (std::nullopt as NULL).
    Outcome run(const std::string& sql, const std::vector<Value>& params = {}) {
        return run_with(sql, [&](sqlite3_stmt* stmt) {
            for (std::size_t i = 0; i < params.size(); ++i) {
                if (params[i].has_value())
                    sqlite3_bind_text(stmt, static_cast<int>(i + 1), params[i]->c_str(), -1, SQLITE_TRANSIENT);
                else
                    sqlite3_bind_null(stmt, static_cast<int>(i + 1));
            }
        });
    }

    // Runs `sql` and fails the test unless it succeeds; returns the first column of the first row.
    std::string value(const std::string& sql, const std::vector<Value>& params = {}) {
        Outcome outcome = run(sql, params);
        EXPECT_TRUE(outcome.ok) << sql << " -> " << outcome.error;
        return outcome.text();
    }

    // Runs `sql` and returns the Lucia code it failed with ("" if it did not fail).
    std::string error_code(const std::string& sql, const std::vector<Value>& params = {}) {
        Outcome outcome = run(sql, params);
        return outcome.ok ? std::string() : outcome.code();
    }

    // Runs SQL without results; fails the test on error.
    void exec(const std::string& sql) {
        char* error = nullptr;
        int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
        EXPECT_EQ(rc, SQLITE_OK) << sql << " -> " << (error ? error : "");
        sqlite3_free(error);
    }

    // Milliseconds since the epoch, as the module sees them.
    static std::int64_t now_ms();

private:
    sqlite3* db_ = nullptr;
};

inline std::int64_t Database::now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace lucia_test
