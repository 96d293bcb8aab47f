// The lucia.* settings of core/settings.def as C++ data, and SQLite's SET and SHOW over them:
// an engine without settings of its own (SQLite) finds, parses and shows a value exactly as
// PostgreSQL's SET and SHOW do for the GUCs pg_ext/settings.cpp registers from the same table.
#pragma once
#include "no_database_headers.hpp"
#include "settings.def"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lucia {

enum class Engine { PostgreSQL, SQLite };

enum class SettingKind { Duration, Boolean, Choice, Text };

// One per line of core/settings.def, in its order (SettingId::renewal is lucia.renewal).
enum class SettingId {
#define LUCIA_SETTING_ID(name, ...) name,
    LUCIA_SETTINGS(LUCIA_SETTING_ID, LUCIA_SETTING_ID, LUCIA_SETTING_ID, LUCIA_SETTING_ID)
#undef LUCIA_SETTING_ID
};

// The values of each choice setting, its choices' indexes (RENEWAL_EXTEND is 1).
#define LUCIA_CHOICE_ENUMERATOR(c_name, word) c_name,
enum RenewalChoice { LUCIA_RENEWAL_CHOICES(LUCIA_CHOICE_ENUMERATOR) };
enum EnvChoice { LUCIA_ENV_CHOICES(LUCIA_CHOICE_ENUMERATOR) };
enum SameSiteChoice { LUCIA_SAME_SITE_CHOICES(LUCIA_CHOICE_ENUMERATOR) };
#undef LUCIA_CHOICE_ENUMERATOR

// One line of core/settings.def.
struct SettingDefinition {
    SettingId id;
    const char* name;  // "lucia.renewal"
    SettingKind kind;
    unsigned engines;                     // LUCIA_ENGINE_* bits
    std::int64_t default_number;          // seconds, 0/1, or the default choice's index
    const char* postgresql_default_text;  // Text settings only
    const char* sqlite_default_text;      // Text settings only
    bool may_be_empty;                    // Text settings only
    std::int64_t minimum;                 // Duration settings only
    std::int64_t maximum;                 // Duration settings only
    std::vector<std::string> choices;     // Choice settings only
    const char* short_description;
    const char* long_description;  // nullptr: none
};

// Every setting, in core/settings.def's order (indexed by SettingId).
const std::vector<SettingDefinition>& setting_definitions();

// One setting's line.
const SettingDefinition& setting_definition(SettingId id);

// Whether `engine` has the setting (lucia.synchronous_apply is PostgreSQL's only).
bool engine_has_setting(const SettingDefinition& setting, Engine engine) noexcept;

// One setting's value: seconds, 0/1 or the choice's index in `number`; a Text setting's in `text`.
struct SettingValue {
    std::int64_t number = 0;
    std::string text;
};

// The setting's value before anyone sets it, in `engine` (lucia.tables_schema differs).
SettingValue default_setting_value(const SettingDefinition& setting, Engine engine);

// The value as PostgreSQL's SHOW prints it ("1d", "on", "rotate", the text).
std::string show_setting_value(const SettingDefinition& setting, const SettingValue& value);

// Where an engine without settings of its own keeps one connection's values: the adapter maps
// each SettingId onto its own fields, and core decides everything else.
class SettingStore {
public:
    virtual SettingValue load(SettingId id) const = 0;
    virtual void store(SettingId id, const SettingValue& value) = 0;

protected:
    ~SettingStore() = default;
};

// Stores every default of `engine` (a new connection's settings).
void reset_settings(SettingStore& store, Engine engine);

// SET: the name case-insensitively, the value as PostgreSQL parses it (no NUL, valid UTF-8).
// Returns the new value as SHOW prints it. Throws Error(InvalidArgument) for an unknown name
// (PostgreSQL's "unrecognized configuration parameter") or a bad value, storing nothing.
std::string set_setting(SettingStore& store, Engine engine, std::string_view name, std::string_view value);

// SHOW: the current value. Throws Error(InvalidArgument) for an unknown name.
std::string show_setting(const SettingStore& store, Engine engine, std::string_view name);

}  // namespace lucia
