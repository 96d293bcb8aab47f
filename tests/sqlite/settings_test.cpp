// Lucia's configuration under PostgreSQL's setting names: lucia_set_config(name, value) and
// lucia_config(name), per connection. Mirrors sql/settings.sql where SQLite has an equivalent
// (no roles or ALTER DATABASE; SET/SHOW become these two functions).
#include "json_helpers.hpp"
#include "sqlite_fixture.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

#include <unistd.h>

using namespace lucia_test;

namespace {

const std::pair<const char*, const char*> kDefaults[] = {
    {"lucia.active_period", "1d"},
    {"lucia.idle_period", "14d"},
    {"lucia.auto_database_cleanup", "on"},
    {"lucia.renewal", "rotate"},
    {"lucia.tables_schema", "main"},
    {"lucia.csrf_protection", "on"},
    {"lucia.env", "prod"},
    {"lucia.cookie_path", "/"},
    {"lucia.cookie_domain", ""},
    {"lucia.cookie_same_site", "lax"},
};

std::string config(Database& db, const std::string& name) {
    return db.value("SELECT lucia_config(?1)", {name});
}

std::string set(Database& db, const std::string& name, const std::string& value) {
    return db.value("SELECT lucia_set_config(?1, ?2)", {name, value});
}

}  // namespace

TEST(SqliteSettings, Defaults) {
    Database db;
    for (const auto& [name, value] : kDefaults) EXPECT_EQ(config(db, name), value) << name;
    EXPECT_EQ(db.value("SELECT typeof(lucia_config('lucia.cookie_domain'))"), "text");
}

// Units as for any PostgreSQL duration setting; the value is shown as SHOW shows it.
TEST(SqliteSettings, DurationsWithUnits) {
    Database db;
    const std::pair<const char*, const char*> cases[] = {
        {"90min", "90min"}, {"3600", "1h"}, {"120", "2min"}, {"1.5h", "90min"}, {"86400s", "1d"},
        {"2h", "2h"},       {"14d", "14d"}, {"59", "59s"},   {"0", "0"},        {" 10min ", "10min"},
    };
    for (const auto& [value, shown] : cases) {
        EXPECT_EQ(set(db, "lucia.active_period", value), shown) << value;
        EXPECT_EQ(config(db, "lucia.active_period"), shown) << value;
    }
    EXPECT_EQ(set(db, "lucia.idle_period", "2h"), "2h");
    EXPECT_EQ(config(db, "lucia.idle_period"), "2h");
}

TEST(SqliteSettings, BooleansEnumsAndStrings) {
    Database db;
    const std::pair<const char*, const char*> booleans[] = {
        {"off", "off"}, {"on", "on"}, {"false", "off"}, {"true", "on"}, {"no", "off"},
        {"yes", "on"},  {"0", "off"}, {"1", "on"},      {"OFF", "off"}, {"On", "on"},
    };
    for (const char* name : {"lucia.auto_database_cleanup", "lucia.csrf_protection"}) {
        for (const auto& [value, shown] : booleans) EXPECT_EQ(set(db, name, value), shown) << name << " = " << value;
    }
    EXPECT_EQ(set(db, "lucia.renewal", "extend"), "extend");
    EXPECT_EQ(set(db, "lucia.renewal", "ROTATE"), "rotate");
    EXPECT_EQ(set(db, "lucia.env", "dev"), "dev");
    EXPECT_EQ(config(db, "lucia.env"), "dev");
    EXPECT_EQ(set(db, "lucia.env", "prod"), "prod");
    EXPECT_EQ(set(db, "lucia.cookie_same_site", "strict"), "strict");
    EXPECT_EQ(set(db, "lucia.cookie_same_site", "None"), "none");
    EXPECT_EQ(set(db, "lucia.cookie_path", "/app"), "/app");
    EXPECT_EQ(set(db, "lucia.cookie_domain", "example.com"), "example.com");
    EXPECT_EQ(set(db, "lucia.cookie_domain", ""), "");
    EXPECT_EQ(set(db, "lucia.tables_schema", "auth"), "auth");
    EXPECT_EQ(config(db, "lucia.tables_schema"), "auth");
}

// Bad values and unknown names are AUTH_INVALID_ARGUMENT, and leave the setting as it was.
// (PostgreSQL's own GUC machinery words these errors differently.)
TEST(SqliteSettings, BadValuesAndUnknownNames) {
    Database db;
    set(db, "lucia.active_period", "2h");
    const std::pair<const char*, const char*> bad_periods[] = {
        {"-1", "AUTH_INVALID_ARGUMENT: duration must be between 0 and 2147483647 seconds"},
        {"2147483648", "AUTH_INVALID_ARGUMENT: duration must be between 0 and 2147483647 seconds"},
        {"abc", "AUTH_INVALID_ARGUMENT: duration must be a number with an optional unit (ms, s, min, h, d)"},
        {"", "AUTH_INVALID_ARGUMENT: duration must be a number with an optional unit (ms, s, min, h, d)"},
        {"5 weeks", "AUTH_INVALID_ARGUMENT: valid duration units are ms, s, min, h and d"},
    };
    for (const auto& [value, message] : bad_periods) {
        EXPECT_TRUE(fails_with(db, "SELECT lucia_set_config('lucia.active_period', ?1)", message, {value}));
        EXPECT_TRUE(fails_with(db, "SELECT lucia_set_config('lucia.idle_period', ?1)", message, {value}));
    }
    EXPECT_EQ(config(db, "lucia.active_period"), "2h");
    EXPECT_EQ(config(db, "lucia.idle_period"), "14d");

    const std::pair<const char*, const char*> bad_values[] = {
        {"lucia.renewal", "AUTH_INVALID_ARGUMENT: setting must be one of: rotate, extend"},
        {"lucia.env", "AUTH_INVALID_ARGUMENT: setting must be one of: prod, dev"},
        {"lucia.cookie_same_site", "AUTH_INVALID_ARGUMENT: setting must be one of: lax, strict, none"},
        {"lucia.auto_database_cleanup", "AUTH_INVALID_ARGUMENT: boolean setting must be on or off"},
        {"lucia.csrf_protection", "AUTH_INVALID_ARGUMENT: boolean setting must be on or off"},
    };
    for (const auto& [name, message] : bad_values)
        EXPECT_TRUE(fails_with(db, "SELECT lucia_set_config(?1, 'sometimes')", message, {name}));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_set_config('lucia.tables_schema', '')",
                           "AUTH_INVALID_ARGUMENT: lucia.tables_schema must not be empty"));
    for (const auto& [name, value] : kDefaults) {
        if (std::string(name) != "lucia.active_period") {
            EXPECT_EQ(config(db, name), value) << name;
        }
    }

    for (const char* name : {"lucia.unknown_setting", "active_period", "lucia.env2", "", "lucia."}) {
        std::string message =
            std::string("AUTH_INVALID_ARGUMENT: unrecognized configuration parameter \"") + name + "\"";
        EXPECT_TRUE(fails_with(db, "SELECT lucia_set_config(?1, 'x')", message, {name}));
        EXPECT_TRUE(fails_with(db, "SELECT lucia_config(?1)", message, {name}));
    }
}

// PostgreSQL's setting names are case-insensitive (SET Lucia.Env = dev; SHOW LUCIA.ENV).
TEST(SqliteSettings, NamesAreCaseInsensitiveAsInPostgres) {
    Database db;
    EXPECT_EQ(db.value("SELECT lucia_set_config('Lucia.Env', 'dev')"), "dev");
    EXPECT_EQ(db.value("SELECT lucia_config('LUCIA.ENV')"), "dev");
    EXPECT_EQ(config(db, "lucia.env"), "dev");
}

// Settings belong to the connection, as PostgreSQL's SET belongs to the session.
TEST(SqliteSettings, PerConnection) {
    Database first;
    Database second;
    for (Database* db : {&first, &second}) {
        db->value("SELECT lucia_create_tables()");
        call_json(*db, "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')");
    }
    set(first, "lucia.active_period", "10min");
    set(first, "lucia.idle_period", "2h");
    set(first, "lucia.env", "dev");
    EXPECT_EQ(config(first, "lucia.idle_period"), "2h");
    EXPECT_EQ(config(second, "lucia.idle_period"), "14d");
    EXPECT_EQ(config(second, "lucia.active_period"), "1d");
    EXPECT_EQ(config(second, "lucia.env"), "prod");

    std::int64_t before = Database::now_ms();
    Json a = call_json(first, "SELECT lucia_create_session('ada')");
    std::int64_t after = Database::now_ms();
    EXPECT_EQ(a.integer("idle_expires") - a.integer("active_expires"), 7200000);
    EXPECT_GE(a.integer("active_expires"), before + 600000);
    EXPECT_LE(a.integer("active_expires"), after + 600000);
    Json b = call_json(second, "SELECT lucia_create_session('ada')");
    EXPECT_EQ(b.integer("idle_expires") - b.integer("active_expires"), 1209600000);
    EXPECT_GE(b.integer("active_expires") - before, 86400000);

    // A new connection starts from the defaults again.
    Database third;
    for (const auto& [name, value] : kDefaults) EXPECT_EQ(config(third, name), value) << name;
}

// lucia.tables_schema names an ATTACHed database holding the tables.
TEST(SqliteSettings, TablesSchemaInAnAttachedDatabase) {
    char path[] = "/tmp/lucia_settings_XXXXXX";
    int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    close(fd);
    {
        Database db;
        db.exec(std::string("ATTACH DATABASE ") + sql_quote(path) + " AS \"lucia store\"");
        db.value("SELECT lucia_create_tables('lucia store')");
        db.exec("ALTER TABLE \"lucia store\".auth_user ADD COLUMN username TEXT");
        EXPECT_EQ(integer(db, "SELECT count(*) FROM main.sqlite_schema WHERE name LIKE 'auth_%'"), 0);
        EXPECT_EQ(
            integer(db,
                    "SELECT count(*) FROM \"lucia store\".sqlite_schema WHERE name LIKE 'auth_%' AND type = 'table'"),
            3);
        EXPECT_EQ(integer(db, "SELECT count(*) FROM \"lucia store\".sqlite_schema WHERE name LIKE 'auth_%_idx'"), 3);

        EXPECT_EQ(set(db, "lucia.tables_schema", "lucia store"), "lucia store");
        Json user = call_json(
            db, "SELECT lucia_create_user('email', 'ada@example.com', NULL, '{\"username\": \"ada\"}', 'ada')");
        EXPECT_EQ(user.json("attributes"), "{\"username\":\"ada\"}");
        Json session = call_json(db, "SELECT lucia_create_session('ada')");
        EXPECT_EQ(call_json(db, "SELECT lucia_validate_session_user(?1)", {session.text("session_id")})
                      .json("user_attributes"),
                  "{\"username\":\"ada\"}");
        EXPECT_EQ(call_json(db, "SELECT lucia_get_all_user_keys('ada')").size(), 1u);
        EXPECT_EQ(call_json(db, "SELECT lucia_validate_key('email', 'ada@example.com', NULL)").text("user_id"), "ada");
        EXPECT_EQ(integer(db, "SELECT count(*) FROM \"lucia store\".auth_session"), 1);
        EXPECT_EQ(integer(db, "SELECT lucia_delete_expired_sessions()"), 0);

        // Pointing back at main, where there are no tables, is SQLite's own error.
        set(db, "lucia.tables_schema", "main");
        Outcome o = db.run("SELECT lucia_get_user('ada')");
        EXPECT_FALSE(o.ok);
        EXPECT_EQ(o.error, "no such table: main.auth_user");
    }
    // The rows are in the attached file.
    {
        Database reopened(path);
        EXPECT_EQ(call_json(reopened, "SELECT lucia_get_user('ada')").json("attributes"), "{\"username\":\"ada\"}");
    }
    std::remove(path);
}
