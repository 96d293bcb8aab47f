#include "core/settings.hpp"

#include "core/errors.hpp"

#include <gtest/gtest.h>

#include "test_helpers.hpp"

#include <map>
#include <set>
#include <string>

namespace {

using lucia::Engine;
using lucia::SettingId;
using lucia::SettingKind;

// The plainest store an engine could have: one value per setting.
class MapStore final : public lucia::SettingStore {
public:
    lucia::SettingValue load(SettingId id) const override {
        return values.at(id);
    }
    void store(SettingId id, const lucia::SettingValue& value) override {
        values[id] = value;
    }
    std::map<SettingId, lucia::SettingValue> values;
};

// A store with every default of `engine`.
MapStore fresh(Engine engine) {
    MapStore store;
    lucia::reset_settings(store, engine);
    return store;
}

}  // namespace

// Each line of core/settings.def is usable by both adapters: in SettingId order, a "lucia." name
// used once, a default inside its range or among its choices, a short description.
TEST(Settings, TableIsWellFormed) {
    std::set<std::string> names;
    std::size_t index = 0;
    for (const lucia::SettingDefinition& setting : lucia::setting_definitions()) {
        SCOPED_TRACE(setting.name);
        EXPECT_EQ(static_cast<std::size_t>(setting.id), index++);
        EXPECT_EQ(std::string(setting.name).rfind("lucia.", 0), 0u);
        EXPECT_TRUE(names.insert(setting.name).second);
        EXPECT_NE(setting.engines & LUCIA_ENGINE_POSTGRESQL, 0u);  // pg_ext/settings.cpp has a variable for each
        ASSERT_NE(setting.short_description, nullptr);
        if (setting.kind == SettingKind::Duration) {
            EXPECT_LE(setting.minimum, setting.default_number);
            EXPECT_LE(setting.default_number, setting.maximum);
        }
        if (setting.kind == SettingKind::Choice) {
            EXPECT_GE(setting.choices.size(), 2u);
            EXPECT_LT(static_cast<std::size_t>(setting.default_number), setting.choices.size());
        }
        if (setting.kind == SettingKind::Boolean) {
            EXPECT_TRUE(setting.default_number == 0 || setting.default_number == 1);
        }
    }
}

// What SHOW prints before anything is set; lucia.tables_schema names a schema or an attached database.
TEST(Settings, DefaultsPerEngine) {
    MapStore postgresql = fresh(Engine::PostgreSQL);
    MapStore sqlite = fresh(Engine::SQLite);
    EXPECT_EQ(lucia::show_setting(postgresql, Engine::PostgreSQL, "lucia.active_period"), "1d");
    EXPECT_EQ(lucia::show_setting(sqlite, Engine::SQLite, "lucia.idle_period"), "14d");
    EXPECT_EQ(lucia::show_setting(sqlite, Engine::SQLite, "lucia.renewal"), "rotate");
    EXPECT_EQ(lucia::show_setting(sqlite, Engine::SQLite, "lucia.cookie_same_site"), "lax");
    EXPECT_EQ(lucia::show_setting(sqlite, Engine::SQLite, "lucia.cookie_domain"), "");
    EXPECT_EQ(lucia::show_setting(postgresql, Engine::PostgreSQL, "lucia.tables_schema"), "public");
    EXPECT_EQ(lucia::show_setting(sqlite, Engine::SQLite, "lucia.tables_schema"), "main");
    EXPECT_EQ(lucia::show_setting(postgresql, Engine::PostgreSQL, "lucia.synchronous_apply"), "off");
}

// lucia.synchronous_apply is PostgreSQL's only: SQLite reports it as PostgreSQL reports an unknown name.
TEST(Settings, EngineOnlySettingsAreUnknownElsewhere) {
    MapStore sqlite = fresh(Engine::SQLite);
    EXPECT_EQ(sqlite.values.count(SettingId::synchronous_apply), 0u);
    try {
        lucia::set_setting(sqlite, Engine::SQLite, "Lucia.Synchronous_Apply", "on");
        ADD_FAILURE() << "no exception";
    } catch (const lucia::Error& e) {
        EXPECT_EQ(e.detail(), "unrecognized configuration parameter \"lucia.synchronous_apply\"");
    }
    expect_invalid_argument([&] { lucia::show_setting(sqlite, Engine::SQLite, "lucia.synchronous_apply"); });
}

// SET answers what SHOW then prints; a refused value leaves the stored one as it was.
TEST(Settings, SetShowsAndRefusalsStoreNothing) {
    MapStore store = fresh(Engine::SQLite);
    EXPECT_EQ(lucia::set_setting(store, Engine::SQLite, "LUCIA.IDLE_PERIOD", "90min"), "90min");
    EXPECT_EQ(store.values[SettingId::idle_period].number, 5400);
    EXPECT_EQ(lucia::set_setting(store, Engine::SQLite, "lucia.renewal", "Extend"), "extend");
    EXPECT_EQ(store.values[SettingId::renewal].number, lucia::RENEWAL_EXTEND);
    EXPECT_EQ(lucia::set_setting(store, Engine::SQLite, "lucia.env", "dev"), "dev");
    EXPECT_EQ(lucia::set_setting(store, Engine::SQLite, "lucia.csrf_protection", "of"), "off");
    EXPECT_EQ(lucia::set_setting(store, Engine::SQLite, "lucia.cookie_domain", ""), "");
    expect_invalid_argument([&] { lucia::set_setting(store, Engine::SQLite, "lucia.idle_period", "-1"); });
    expect_invalid_argument([&] { lucia::set_setting(store, Engine::SQLite, "lucia.renewal", "rotat"); });
    // PostgreSQL refuses SET lucia.renewal = ' rotate' (no blanks around a choice).
    expect_invalid_argument([&] { lucia::set_setting(store, Engine::SQLite, "lucia.renewal", " rotate "); });
    expect_invalid_argument([&] { lucia::set_setting(store, Engine::SQLite, "lucia.tables_schema", ""); });
    expect_invalid_argument(
        [&] { lucia::set_setting(store, Engine::SQLite, "lucia.idle_period", std::string("1\0x", 3)); });
    expect_invalid_argument([&] { lucia::set_setting(store, Engine::SQLite, "lucia.tables_schema", "\xff"); });
    EXPECT_EQ(lucia::show_setting(store, Engine::SQLite, "lucia.idle_period"), "90min");
    EXPECT_EQ(lucia::show_setting(store, Engine::SQLite, "lucia.renewal"), "extend");
    EXPECT_EQ(lucia::show_setting(store, Engine::SQLite, "lucia.tables_schema"), "main");
}
