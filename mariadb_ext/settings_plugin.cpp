// The lucia_* system variables, from core/settings.def: a daemon plugin in the same library as the
// loadable functions (INSTALL SONAME 'lucia_mariadb'), so that `SET SESSION lucia_renewal = 'extend'`
// and `SET GLOBAL lucia_active_period = 3600` are checked by the server (type, range, choices)
// like PostgreSQL's GUCs, and the routines read them as @@lucia_renewal.
// Not here: lucia.tables_schema (the routines are created beside the tables, in one database)
// and PostgreSQL's own settings (lucia.synchronous_apply).
#include <mysql/plugin.h>

#include "core/settings.hpp"
#include "udf.hpp"

#include <cstring>

namespace {

#define LUCIA_CHOICE_WORD(c_name, word) word,

// One system variable per line of core/settings.def; the server keeps a value per session and
// a global default, and refuses a value outside the setting's range or choices.
#define LUCIA_MARIADB_DURATION(name, engines, def, min, max, short_desc, long_desc)                                   \
    [[maybe_unused]] static MYSQL_THDVAR_UINT(name, PLUGIN_VAR_RQCMDARG, short_desc, nullptr, nullptr, def, min, max, \
                                              0);
#define LUCIA_MARIADB_BOOLEAN(name, engines, def, short_desc, long_desc) \
    [[maybe_unused]] static MYSQL_THDVAR_BOOL(name, PLUGIN_VAR_OPCMDARG, short_desc, nullptr, nullptr, def);
#define LUCIA_MARIADB_CHOICE(name, engines, CHOICES, def, short_desc, long_desc)                                   \
    const char* name##_words[] = {CHOICES(LUCIA_CHOICE_WORD) nullptr};                                             \
    TYPELIB name##_typelib = {sizeof(name##_words) / sizeof(name##_words[0]) - 1, "", name##_words, nullptr};      \
    [[maybe_unused]] static MYSQL_THDVAR_ENUM(name, PLUGIN_VAR_RQCMDARG, short_desc, nullptr, nullptr, lucia::def, \
                                              &name##_typelib);
#define LUCIA_MARIADB_TEXT(name, engines, pg_default, sqlite_default, may_be_empty, short_desc, long_desc)         \
    [[maybe_unused]] static MYSQL_THDVAR_STR(name, PLUGIN_VAR_RQCMDARG | PLUGIN_VAR_MEMALLOC, short_desc, nullptr, \
                                             nullptr, sqlite_default);
LUCIA_SETTINGS(LUCIA_MARIADB_DURATION, LUCIA_MARIADB_BOOLEAN, LUCIA_MARIADB_CHOICE, LUCIA_MARIADB_TEXT)

// Every setting both other engines have, except tables_schema (see the top of this file).
#define LUCIA_MARIADB_ENTRY(name, engines, ...)                                                       \
    ((((engines)&LUCIA_ENGINES_ALL) == LUCIA_ENGINES_ALL && std::strcmp(#name, "tables_schema") != 0) \
         ? MYSQL_SYSVAR(name)                                                                         \
         : nullptr),
st_mysql_sys_var* const all_variables[] = {
    LUCIA_SETTINGS(LUCIA_MARIADB_ENTRY, LUCIA_MARIADB_ENTRY, LUCIA_MARIADB_ENTRY, LUCIA_MARIADB_ENTRY)};

// MariaDB's own, so not in core/settings.def: lucia_allow_logged_passwords. The calls that take a
// password refuse while the general query log, or a slow query log that records every login,
// would write their statements, password included (lucia_check_logging in lucia.sql); ON accepts
// that. Global only: whether passwords may reach the logs is the administrator's decision, not
// an application's (SET GLOBAL needs SUPER).
my_bool allow_logged_passwords = 0;
MYSQL_SYSVAR_BOOL(allow_logged_passwords, allow_logged_passwords, PLUGIN_VAR_OPCMDARG,
                  "Let the lucia_* calls that take a password run while a query log records them.", nullptr, nullptr,
                  0);

// The server reads the list up to its first null, so the ones left out are dropped here, when
// the library is loaded.
st_mysql_sys_var* system_variables[sizeof(all_variables) / sizeof(all_variables[0]) + 2];
const bool variables_listed = [] {
    std::size_t used = 0;
    for (st_mysql_sys_var* variable : all_variables)
        if (variable != nullptr) system_variables[used++] = variable;
    system_variables[used++] = MYSQL_SYSVAR(allow_logged_passwords);
    system_variables[used] = nullptr;
    return true;
}();

st_mysql_daemon settings_plugin = {MYSQL_DAEMON_INTERFACE_VERSION};

// The plugin also gives the loadable functions a slot per connection (udf.cpp), so that an error
// one connection left is never read by another.
int start_plugin(void*) {
    return lucia_mariadb::start_connection_slot() ? 0 : 1;
}
int stop_plugin(void*) {
    lucia_mariadb::stop_connection_slot();
    return 0;
}

}  // namespace

maria_declare_plugin(lucia){
    MYSQL_DAEMON_PLUGIN,
    &settings_plugin,
    "lucia",
    "lucia",
    "Lucia v1 auth settings (lucia_active_period, lucia_renewal, ...) for the lucia_* routines",
    PLUGIN_LICENSE_BSD,
    start_plugin,
    stop_plugin,
    0x0100,
    nullptr,
    system_variables,
    LUCIA_VERSION,
    MariaDB_PLUGIN_MATURITY_GAMMA,  // the lowest a default server (plugin_maturity = gamma) loads
} maria_declare_plugin_end;
