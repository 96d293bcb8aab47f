// The lucia.* settings (GUCs), all superuser-only (PGC_SUSET). lucia.tables_schema: the functions
// run as the lucia_owner role, and a caller who could point them at tables of its own choosing
// could run its own triggers with that role's rights. The others decide how long a session
// lives, whether a cross-site POST passes and which attributes the cookie carries: a database
// owner who could ALTER DATABASE ... SET them would weaken every application of the database.
// A superuser sets them per database or role, or lets a role set one in its own sessions with
// GRANT SET ON PARAMETER (PostgreSQL 15). Names, defaults, ranges, choices and descriptions are
// core/settings.def's, the table SQLite's lucia_set_config uses too.
#include "pg_headers.hpp"
#include "settings.hpp"
#include "stale_setting.hpp"

// Each setting's variable (PostgreSQL stores the value there); DefineCustom*Variable sets the
// default. A setting added to core/settings.def needs its line here, or this file does not compile.
#define LUCIA_GUC_active_period lucia_active_period_seconds
#define LUCIA_GUC_idle_period lucia_idle_period_seconds
#define LUCIA_GUC_auto_database_cleanup lucia_auto_database_cleanup
#define LUCIA_GUC_renewal lucia_renewal_mode
#define LUCIA_GUC_tables_schema lucia_tables_schema
#define LUCIA_GUC_csrf_protection lucia_csrf_protection
#define LUCIA_GUC_env lucia_env
#define LUCIA_GUC_cookie_path lucia_cookie_path
#define LUCIA_GUC_cookie_domain lucia_cookie_domain
#define LUCIA_GUC_cookie_same_site lucia_cookie_same_site
#define LUCIA_GUC_synchronous_apply lucia_synchronous_apply

int lucia_active_period_seconds;
int lucia_idle_period_seconds;
bool lucia_auto_database_cleanup;
int lucia_renewal_mode;
char *lucia_tables_schema = nullptr;
bool lucia_csrf_protection;
int lucia_env;
char *lucia_cookie_path = nullptr;
char *lucia_cookie_domain = nullptr;
int lucia_cookie_same_site;
bool lucia_synchronous_apply;

// The enum entries of each choice setting, in the order of their values (<name>_options).
#define LUCIA_ENUM_ENTRY(c_name, word) {word, LUCIA_##c_name, false},
#define LUCIA_NO_OPTIONS(name, ...)
#define LUCIA_OPTIONS(name, engines, choices, initial, short_text, long_text) \
    static const struct config_enum_entry name##_options[] = {choices(LUCIA_ENUM_ENTRY){nullptr, 0, false}};
LUCIA_SETTINGS(LUCIA_NO_OPTIONS, LUCIA_NO_OPTIONS, LUCIA_OPTIONS, LUCIA_NO_OPTIONS)
#undef LUCIA_OPTIONS
#undef LUCIA_NO_OPTIONS
#undef LUCIA_ENUM_ENTRY

// Registers every setting of core/settings.def that PostgreSQL has; the README's configuration
// table lists them (tests/settings_docs_check.cpp).
void lucia_define_settings(void) {
#define LUCIA_DEFINE_DURATION(name, engines, initial, minimum, maximum, short_text, long_text)                       \
    if ((engines)&LUCIA_ENGINE_POSTGRESQL)                                                                           \
        DefineCustomIntVariable("lucia." #name, short_text, long_text, &LUCIA_GUC_##name, initial, minimum, maximum, \
                                PGC_SUSET, GUC_UNIT_S, nullptr, nullptr, nullptr);
#define LUCIA_DEFINE_BOOLEAN(name, engines, initial, short_text, long_text)                                           \
    if ((engines)&LUCIA_ENGINE_POSTGRESQL)                                                                            \
        DefineCustomBoolVariable("lucia." #name, short_text, long_text, &LUCIA_GUC_##name, (initial) != 0, PGC_SUSET, \
                                 0, nullptr, nullptr, nullptr);
#define LUCIA_DEFINE_CHOICE(name, engines, choices, initial, short_text, long_text)                         \
    if ((engines)&LUCIA_ENGINE_POSTGRESQL)                                                                  \
        DefineCustomEnumVariable("lucia." #name, short_text, long_text, &LUCIA_GUC_##name, LUCIA_##initial, \
                                 name##_options, PGC_SUSET, 0, nullptr, nullptr, nullptr);
#define LUCIA_DEFINE_TEXT(name, engines, initial, sqlite_initial, may_be_empty, short_text, long_text)              \
    if ((engines)&LUCIA_ENGINE_POSTGRESQL)                                                                          \
        DefineCustomStringVariable("lucia." #name, short_text, long_text, &LUCIA_GUC_##name, initial, PGC_SUSET, 0, \
                                   nullptr, nullptr, nullptr);
    LUCIA_SETTINGS(LUCIA_DEFINE_DURATION, LUCIA_DEFINE_BOOLEAN, LUCIA_DEFINE_CHOICE, LUCIA_DEFINE_TEXT)
#undef LUCIA_DEFINE_DURATION
#undef LUCIA_DEFINE_BOOLEAN
#undef LUCIA_DEFINE_CHOICE
#undef LUCIA_DEFINE_TEXT
    MarkGUCPrefixReserved("lucia");
}

int64_t lucia_active_period_ms(void) {
    return static_cast<int64_t>(lucia_active_period_seconds) * 1000;
}

int64_t lucia_idle_period_ms(void) {
    return static_cast<int64_t>(lucia_idle_period_seconds) * 1000;
}

const char *lucia_same_site_name(void) {
    // The entries are in the order of their values (core/settings.def); the GUC holds only those.
    return cookie_same_site_options[lucia_cookie_same_site].name;
}

const char *lucia_tables_schema_name(void) {
    if (lucia_tables_schema == nullptr || lucia_tables_schema[0] == '\0')
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("lucia.tables_schema%s", LUCIA_MSG_MUST_NOT_BE_EMPTY)));
    lucia_refuse_stale_tables_schema(lucia_tables_schema);
    return lucia_tables_schema;
}
