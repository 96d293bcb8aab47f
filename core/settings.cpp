#include "settings.hpp"

#include "errors.hpp"
#include "messages.hpp"
#include "setting_values.hpp"
#include "unicode.hpp"

namespace lucia {

namespace {

#define LUCIA_CHOICE_WORD(c_name, word) word,

// Builds every SettingDefinition from its line of core/settings.def.
std::vector<SettingDefinition> build_definitions() {
    std::vector<SettingDefinition> table;
#define LUCIA_DURATION(name, engines, initial, minimum, maximum, short_text, long_text) \
    table.push_back({SettingId::name,                                                   \
                     "lucia." #name,                                                    \
                     SettingKind::Duration,                                             \
                     engines,                                                           \
                     initial,                                                           \
                     nullptr,                                                           \
                     nullptr,                                                           \
                     false,                                                             \
                     minimum,                                                           \
                     maximum,                                                           \
                     {},                                                                \
                     short_text,                                                        \
                     long_text});
#define LUCIA_BOOLEAN(name, engines, initial, short_text, long_text) \
    table.push_back({SettingId::name,                                \
                     "lucia." #name,                                 \
                     SettingKind::Boolean,                           \
                     engines,                                        \
                     initial,                                        \
                     nullptr,                                        \
                     nullptr,                                        \
                     false,                                          \
                     0,                                              \
                     1,                                              \
                     {},                                             \
                     short_text,                                     \
                     long_text});
#define LUCIA_CHOICE(name, engines, choices, initial, short_text, long_text) \
    table.push_back({SettingId::name,                                        \
                     "lucia." #name,                                         \
                     SettingKind::Choice,                                    \
                     engines,                                                \
                     initial,                                                \
                     nullptr,                                                \
                     nullptr,                                                \
                     false,                                                  \
                     0,                                                      \
                     0,                                                      \
                     {choices(LUCIA_CHOICE_WORD)},                           \
                     short_text,                                             \
                     long_text});
#define LUCIA_TEXT(name, engines, postgresql_initial, sqlite_initial, may_be_empty, short_text, long_text) \
    table.push_back({SettingId::name,                                                                      \
                     "lucia." #name,                                                                       \
                     SettingKind::Text,                                                                    \
                     engines,                                                                              \
                     0,                                                                                    \
                     postgresql_initial,                                                                   \
                     sqlite_initial,                                                                       \
                     may_be_empty != 0,                                                                    \
                     0,                                                                                    \
                     0,                                                                                    \
                     {},                                                                                   \
                     short_text,                                                                           \
                     long_text});
    LUCIA_SETTINGS(LUCIA_DURATION, LUCIA_BOOLEAN, LUCIA_CHOICE, LUCIA_TEXT)
#undef LUCIA_DURATION
#undef LUCIA_BOOLEAN
#undef LUCIA_CHOICE
#undef LUCIA_TEXT
    return table;
}

#undef LUCIA_CHOICE_WORD

// The setting `engine` has under this name, compared as PostgreSQL compares names.
const SettingDefinition& find_setting(Engine engine, std::string_view given_name) {
    const std::string name = ascii_lower(given_name);
    for (const SettingDefinition& setting : setting_definitions())
        if (name == setting.name && engine_has_setting(setting, engine)) return setting;
    // (name is lower-cased, as PostgreSQL reports it)
    throw Error(ErrorCode::InvalidArgument, "unrecognized configuration parameter \"" + name + "\"");
}

// The value PostgreSQL would store for `text`, or Error(InvalidArgument) naming what is wrong.
SettingValue parse_setting_value(const SettingDefinition& setting, std::string_view text) {
    SettingValue value;
    switch (setting.kind) {
        case SettingKind::Duration:
            value.number = parse_duration_seconds(text, setting.minimum, setting.maximum);
            break;
        case SettingKind::Boolean: value.number = parse_setting_bool(text) ? 1 : 0; break;
        case SettingKind::Choice:
            value.number = static_cast<std::int64_t>(parse_setting_enum(text, setting.choices));
            break;
        case SettingKind::Text:
            if (text.empty() && !setting.may_be_empty)
                throw Error(ErrorCode::InvalidArgument, std::string(setting.name) + messages::kMustNotBeEmpty);
            value.text = std::string(text);
            break;
    }
    return value;
}

}  // namespace

const std::vector<SettingDefinition>& setting_definitions() {
    static const std::vector<SettingDefinition> table = build_definitions();
    return table;
}

const SettingDefinition& setting_definition(SettingId id) {
    return setting_definitions()[static_cast<std::size_t>(id)];
}

bool engine_has_setting(const SettingDefinition& setting, Engine engine) noexcept {
    unsigned bit = engine == Engine::PostgreSQL ? LUCIA_ENGINE_POSTGRESQL : LUCIA_ENGINE_SQLITE;
    return (setting.engines & bit) != 0;
}

SettingValue default_setting_value(const SettingDefinition& setting, Engine engine) {
    SettingValue value;
    value.number = setting.default_number;
    if (setting.kind == SettingKind::Text)
        value.text = engine == Engine::PostgreSQL ? setting.postgresql_default_text : setting.sqlite_default_text;
    return value;
}

std::string show_setting_value(const SettingDefinition& setting, const SettingValue& value) {
    switch (setting.kind) {
        case SettingKind::Duration: return format_duration_seconds(value.number);
        case SettingKind::Boolean: return value.number != 0 ? "on" : "off";
        case SettingKind::Choice: return setting.choices.at(static_cast<std::size_t>(value.number));
        case SettingKind::Text: return value.text;
    }
    return value.text;
}

void reset_settings(SettingStore& store, Engine engine) {
    for (const SettingDefinition& setting : setting_definitions())
        if (engine_has_setting(setting, engine)) store.store(setting.id, default_setting_value(setting, engine));
}

std::string set_setting(SettingStore& store, Engine engine, std::string_view name, std::string_view value) {
    // PostgreSQL's settings cannot hold NUL; "1\0x" must not pass as "1".
    if (name.find('\0') != std::string_view::npos || value.find('\0') != std::string_view::npos)
        throw Error(ErrorCode::InvalidArgument, "setting names and values must not contain NUL");
    // Nor bytes that are not UTF-8 (PostgreSQL checks the encoding of every text value).
    if (!is_valid_utf8(name) || !is_valid_utf8(value))
        throw Error(ErrorCode::InvalidArgument, "setting names and values must be valid UTF-8");
    const SettingDefinition& setting = find_setting(engine, name);
    SettingValue parsed = parse_setting_value(setting, value);
    store.store(setting.id, parsed);
    return show_setting_value(setting, parsed);
}

std::string show_setting(const SettingStore& store, Engine engine, std::string_view name) {
    const SettingDefinition& setting = find_setting(engine, name);
    return show_setting_value(setting, store.load(setting.id));
}

}  // namespace lucia
