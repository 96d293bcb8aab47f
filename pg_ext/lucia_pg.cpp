// The PostgreSQL module: its magic block and load-time setup.
#include "authenticated_user.hpp"
#include "log_filter.hpp"
#include "pg_headers.hpp"
#include "settings.hpp"
#include "standby.hpp"

extern "C" {
PG_MODULE_MAGIC;

void _PG_init(void);

// Registers the lucia.* settings, the log filter, the commit-time remote_apply and the callbacks that
// end the authenticated user's scope, the first time a backend loads the library.
void _PG_init(void) {
    lucia_define_settings();
    lucia_log_filter_install();
    lucia_synchronous_apply_install();
    lucia_authenticated_user_install();
}
}
