// SQLite's extension API for every file of the module except lucia_sqlite.cpp, which owns it.
// Why: a loadable extension must call SQLite through the routine table the host hands to
// sqlite3_lucia_init, never through symbols linked directly.
#pragma once

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
