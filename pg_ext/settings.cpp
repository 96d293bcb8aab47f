// The lucia.* settings (GUCs), all superuser-only (PGC_SUSET). lucia.tables_schema: the functions
// run as the lucia_owner role, and a caller who could point them at tables of its own choosing
// could run its own triggers with that role's rights. The others decide how long a session
// lives, whether a cross-site POST passes and which attributes the cookie carries: a database
// owner who could ALTER DATABASE ... SET them would weaken every application of the database.
// A superuser sets them per database or role, or lets a role set one in its own sessions with
// GRANT SET ON PARAMETER (PostgreSQL 15).
#include "pg_headers.hpp"
#include "settings.hpp"
#include "stale_setting.hpp"

#include <limits.h>

int lucia_active_period_seconds = 86400;
int lucia_idle_period_seconds = 1209600;
bool lucia_auto_database_cleanup = true;
int lucia_renewal_mode = LUCIA_RENEWAL_ROTATE;
char *lucia_tables_schema = nullptr;
bool lucia_csrf_protection = true;
int lucia_env = LUCIA_ENV_PROD;
char *lucia_cookie_path = nullptr;
char *lucia_cookie_domain = nullptr;
int lucia_cookie_same_site = LUCIA_SAME_SITE_LAX;
bool lucia_synchronous_apply = false;

static const struct config_enum_entry renewal_options[] = {
    {"rotate", LUCIA_RENEWAL_ROTATE, false},
    {"extend", LUCIA_RENEWAL_EXTEND, false},
    {nullptr, 0, false},
};

static const struct config_enum_entry same_site_options[] = {
    {"lax", LUCIA_SAME_SITE_LAX, false},
    {"strict", LUCIA_SAME_SITE_STRICT, false},
    {"none", LUCIA_SAME_SITE_NONE, false},
    {nullptr, 0, false},
};

static const struct config_enum_entry env_options[] = {
    {"prod", LUCIA_ENV_PROD, false},
    {"dev", LUCIA_ENV_DEV, false},
    {nullptr, 0, false},
};

// Lucia's names map one to one onto these; the README's configuration table lists them.
void lucia_define_settings(void) {
    DefineCustomIntVariable("lucia.active_period", "How long a new or renewed session stays active.",
                            "Lucia's sessionExpiresIn.activePeriod. After it the session is idle.",
                            &lucia_active_period_seconds, 86400, 0, INT_MAX, PGC_SUSET, GUC_UNIT_S,
                            nullptr, nullptr, nullptr);
    DefineCustomIntVariable("lucia.idle_period", "How long a session stays idle (renewable) after its active period.",
                            "Lucia's sessionExpiresIn.idlePeriod. After it the session is dead.",
                            &lucia_idle_period_seconds, 1209600, 0, INT_MAX, PGC_SUSET, GUC_UNIT_S,
                            nullptr, nullptr, nullptr);
    DefineCustomBoolVariable("lucia.auto_database_cleanup", "Delete a user's dead sessions when sessions are created or renewed.",
                             "Lucia's autoDatabaseCleanup.", &lucia_auto_database_cleanup, true,
                             PGC_SUSET, 0, nullptr, nullptr, nullptr);
    DefineCustomEnumVariable("lucia.renewal", "How an idle session is renewed.",
                             "rotate: a new session id, as Lucia v1. extend: the same id with new expiries.",
                             &lucia_renewal_mode, LUCIA_RENEWAL_ROTATE, renewal_options, PGC_SUSET, 0,
                             nullptr, nullptr, nullptr);
    DefineCustomStringVariable("lucia.tables_schema", "Schema that holds auth_user, auth_session and auth_key.",
                               nullptr, &lucia_tables_schema, "public", PGC_SUSET, 0, nullptr, nullptr,
                               nullptr);
    DefineCustomBoolVariable("lucia.csrf_protection", "Check the Origin header of non-GET requests.",
                             "Lucia's csrfProtection.", &lucia_csrf_protection, true, PGC_SUSET, 0,
                             nullptr, nullptr, nullptr);
    DefineCustomEnumVariable("lucia.env", "prod adds Secure to the session cookie; dev does not.",
                             "Lucia's env.", &lucia_env, LUCIA_ENV_PROD, env_options, PGC_SUSET, 0,
                             nullptr, nullptr, nullptr);
    DefineCustomStringVariable("lucia.cookie_path", "Path attribute of the session cookie.", nullptr,
                               &lucia_cookie_path, "/", PGC_SUSET, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable("lucia.cookie_domain", "Domain attribute of the session cookie (empty: none).",
                               nullptr, &lucia_cookie_domain, "", PGC_SUSET, 0, nullptr, nullptr, nullptr);
    DefineCustomEnumVariable("lucia.cookie_same_site", "SameSite attribute of the session cookie.", nullptr,
                             &lucia_cookie_same_site, LUCIA_SAME_SITE_LAX, same_site_options, PGC_SUSET,
                             0, nullptr, nullptr, nullptr);
    DefineCustomBoolVariable("lucia.synchronous_apply",
                             "Functions that write make their transaction's commit wait until synchronous standbys applied it.",
                             "Sets synchronous_commit = remote_apply for the rest of the transaction, so that a new "
                             "session validates, and a deleted one is gone, on every synchronous standby at once.",
                             &lucia_synchronous_apply, false, PGC_SUSET, 0, nullptr, nullptr, nullptr);
    MarkGUCPrefixReserved("lucia");
}

int64_t lucia_active_period_ms(void) {
    return static_cast<int64_t>(lucia_active_period_seconds) * 1000;
}

int64_t lucia_idle_period_ms(void) {
    return static_cast<int64_t>(lucia_idle_period_seconds) * 1000;
}

const char *lucia_same_site_name(void) {
    switch (lucia_cookie_same_site) {
        case LUCIA_SAME_SITE_STRICT: return "strict";
        case LUCIA_SAME_SITE_NONE: return "none";
        default: return "lax";
    }
}

const char *lucia_tables_schema_name(void) {
    if (lucia_tables_schema == nullptr || lucia_tables_schema[0] == '\0')
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("lucia.tables_schema must not be empty")));
    lucia_refuse_stale_tables_schema(lucia_tables_schema);
    return lucia_tables_schema;
}
