// Where one SQLite connection keeps its lucia.* settings (SQLite has no GUCs): typed fields that
// the functions read directly, and the map from core's setting table onto them. Names, defaults,
// parsing and SHOW spellings are core's (core/settings.def, core/settings.hpp).
#pragma once

#include "core/settings.hpp"

#include <cstdint>
#include <string>

namespace lucia_sqlite {

struct Settings final : lucia::SettingStore {
    std::int64_t active_period_seconds = 0;
    std::int64_t idle_period_seconds = 0;
    bool auto_database_cleanup = false;
    bool renewal_extend = false;  // lucia.renewal: rotate (false) or extend (true)
    std::string tables_schema;    // the attached database that holds the tables
    bool csrf_protection = false;
    bool env_prod = false;  // lucia.env: prod adds Secure to the cookie
    std::string cookie_path;
    std::string cookie_domain;
    std::string cookie_same_site;  // "lax", "strict" or "none"

    // Every setting at its SQLite default (core/settings.def).
    Settings();

    lucia::SettingValue load(lucia::SettingId id) const override;
    void store(lucia::SettingId id, const lucia::SettingValue& value) override;
};

}  // namespace lucia_sqlite
