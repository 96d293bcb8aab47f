// The PostgreSQL module: its magic block and load-time setup.
#include "log_filter.hpp"
#include "pg_headers.hpp"
#include "settings.hpp"
#include "standby.hpp"

extern "C" {
PG_MODULE_MAGIC;

void _PG_init(void);

// Registers the lucia.* settings, the log filter and the commit-time remote_apply the first time a
// backend loads the library.
void _PG_init(void) {
    lucia_define_settings();
    lucia_log_filter_install();
    lucia_synchronous_apply_install();
}
}
