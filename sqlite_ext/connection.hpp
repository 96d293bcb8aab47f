// Per-connection state of the module: the lucia.* settings (SQLite has no GUCs, so each
// connection keeps its own, under the same names as PostgreSQL's).
#pragma once

#include "sqlite_api.hpp"
#include "statement_cache.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace lucia_sqlite {

struct Settings {
    std::int64_t active_period_seconds = 86400;
    std::int64_t idle_period_seconds = 1209600;
    bool auto_database_cleanup = true;
    bool renewal_extend = false;          // lucia.renewal: rotate (false) or extend (true)
    std::string tables_schema = "main";   // the attached database that holds the tables
    bool csrf_protection = true;
    bool env_prod = true;                 // lucia.env: prod adds Secure to the cookie
    std::string cookie_path = "/";
    std::string cookie_domain;
    std::string cookie_same_site = "lax";
};

struct Connection {
    sqlite3* db = nullptr;
    Settings settings;
    std::shared_ptr<StatementCache> statements = std::make_shared<StatementCache>();
};

// Sets one lucia.* setting from its PostgreSQL spelling; throws lucia::Error for an unknown name
// or a bad value. Returns the value as PostgreSQL's SHOW would print it.
std::string set_setting(Settings& settings, const std::string& name, const std::string& value);

// The setting as SHOW prints it; throws lucia::Error for an unknown name.
std::string show_setting(const Settings& settings, const std::string& name);

}  // namespace lucia_sqlite
