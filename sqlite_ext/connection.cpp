// The lucia.* settings of one SQLite connection, parsed and shown as PostgreSQL does.
#include "connection.hpp"

#include "core/errors.hpp"
#include "core/setting_values.hpp"
#include "core/unicode.hpp"

namespace lucia_sqlite {

namespace {

const char* on_off(bool value) {
    return value ? "on" : "off";
}

[[noreturn]] void unknown_setting(const std::string& name) {
    // (name is already lower-cased, as PostgreSQL reports it)
    throw lucia::Error(lucia::ErrorCode::InvalidArgument, "unrecognized configuration parameter \"" + name + "\"");
}

}  // namespace

std::string set_setting(Settings& settings, const std::string& given_name, const std::string& value) {
    // Setting names are case-insensitive, as in PostgreSQL.
    const std::string name = lucia::ascii_lower(given_name);
    if (name == "lucia.active_period") {
        settings.active_period_seconds = lucia::parse_duration_seconds(value);
    } else if (name == "lucia.idle_period") {
        settings.idle_period_seconds = lucia::parse_duration_seconds(value);
    } else if (name == "lucia.auto_database_cleanup") {
        settings.auto_database_cleanup = lucia::parse_setting_bool(value);
    } else if (name == "lucia.renewal") {
        settings.renewal_extend = lucia::parse_setting_enum(value, {"rotate", "extend"}) == 1;
    } else if (name == "lucia.tables_schema") {
        if (value.empty()) throw lucia::Error(lucia::ErrorCode::InvalidArgument, "lucia.tables_schema must not be empty");
        settings.tables_schema = value;
    } else if (name == "lucia.csrf_protection") {
        settings.csrf_protection = lucia::parse_setting_bool(value);
    } else if (name == "lucia.env") {
        settings.env_prod = lucia::parse_setting_enum(value, {"prod", "dev"}) == 0;
    } else if (name == "lucia.cookie_path") {
        settings.cookie_path = value;
    } else if (name == "lucia.cookie_domain") {
        settings.cookie_domain = value;
    } else if (name == "lucia.cookie_same_site") {
        const char* choices[] = {"lax", "strict", "none"};
        settings.cookie_same_site = choices[lucia::parse_setting_enum(value, {"lax", "strict", "none"})];
    } else {
        unknown_setting(name);
    }
    return show_setting(settings, name);
}

std::string show_setting(const Settings& settings, const std::string& given_name) {
    const std::string name = lucia::ascii_lower(given_name);
    if (name == "lucia.active_period") return lucia::format_duration_seconds(settings.active_period_seconds);
    if (name == "lucia.idle_period") return lucia::format_duration_seconds(settings.idle_period_seconds);
    if (name == "lucia.auto_database_cleanup") return on_off(settings.auto_database_cleanup);
    if (name == "lucia.renewal") return settings.renewal_extend ? "extend" : "rotate";
    if (name == "lucia.tables_schema") return settings.tables_schema;
    if (name == "lucia.csrf_protection") return on_off(settings.csrf_protection);
    if (name == "lucia.env") return settings.env_prod ? "prod" : "dev";
    if (name == "lucia.cookie_path") return settings.cookie_path;
    if (name == "lucia.cookie_domain") return settings.cookie_domain;
    if (name == "lucia.cookie_same_site") return settings.cookie_same_site;
    unknown_setting(name);
}

}  // namespace lucia_sqlite
