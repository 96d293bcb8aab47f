// The lucia.* PostgreSQL settings: Lucia v1's configuration, per database, role or session.
#pragma once

#include "core_bridge.h" /* core/settings.def: the table every setting is registered from */

#include <stdint.h>

/* The values of the choice settings, from their lists in core/settings.def (LUCIA_RENEWAL_EXTEND...). */
#define LUCIA_C_CHOICE_ENUMERATOR(c_name, word) LUCIA_##c_name,
enum LuciaRenewalMode { LUCIA_RENEWAL_CHOICES(LUCIA_C_CHOICE_ENUMERATOR) };
enum LuciaSameSite { LUCIA_SAME_SITE_CHOICES(LUCIA_C_CHOICE_ENUMERATOR) };
enum LuciaEnv { LUCIA_ENV_CHOICES(LUCIA_C_CHOICE_ENUMERATOR) };
#undef LUCIA_C_CHOICE_ENUMERATOR

extern int lucia_active_period_seconds;
extern int lucia_idle_period_seconds;
extern bool lucia_auto_database_cleanup;
extern int lucia_renewal_mode;
extern char *lucia_tables_schema;
extern bool lucia_csrf_protection;
extern int lucia_env;
extern char *lucia_cookie_path;
extern char *lucia_cookie_domain;
extern int lucia_cookie_same_site;
extern bool lucia_synchronous_apply;

// Registers every lucia.* setting; called once from _PG_init.
void lucia_define_settings(void);

// Lucia's sessionExpiresIn periods in milliseconds.
int64_t lucia_active_period_ms(void);
int64_t lucia_idle_period_ms(void);

// "lax" / "strict" / "none", the spelling core/cookie.hpp expects.
const char *lucia_same_site_name(void);

// lucia.tables_schema, refusing an empty value.
const char *lucia_tables_schema_name(void);
