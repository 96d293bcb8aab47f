// Every fixed query the functions run, prepared once per backend and kept (SPI_keepplan).
#pragma once

#include "pg_headers.hpp"

enum LuciaQuery {
    Q_USER_LOCK,    // user exists? (and keep it from being deleted under us)
    Q_USER_EXISTS,  // user exists? (read only)
    Q_USER_GET,
    Q_USER_LOCK_FOR_DELETE,           // the user, FOR UPDATE: nothing can be added to it until commit
    Q_USER_LOCK_FOR_SESSIONS_DELETE,  // the user, FOR NO KEY UPDATE: one bulk session delete at a time
    Q_KEY_USER_LOCK,                  // the key's user, FOR KEY SHARE, before the key is changed
    Q_USER_DELETE,
    Q_SESSION_GET,
    Q_SESSION_USER_GET,
    Q_SESSION_INSERT,           // only if the user exists, locking it (0 rows: no such user)
    Q_SESSION_INSERT_SWEEPING,  // the same, deleting the user's dead sessions no one else holds
    Q_SESSION_INSERT_VALUES,    // plain insert, for a table whose foreign key checks the user
    Q_SESSION_EXTEND,
    Q_SESSION_DELETE,
    Q_SESSIONS_OF_USER,
    Q_SESSIONS_DELETE_DEAD_OF_USER,
    Q_SESSIONS_DELETE_OF_USER,
    Q_SESSIONS_SWEEP_DEAD,
    Q_KEY_GET,
    Q_KEYS_OF_USER,
    Q_KEY_INSERT,
    Q_KEY_CONSUME,
    Q_KEY_UPDATE_PASSWORD,
    Q_KEYS_DELETE_OF_USER,
    LUCIA_QUERY_COUNT
};

// Runs a cached query inside SPI (the caller has connected) and returns SPI_processed.
// values holds the parameters; nulls is NULL or one 'n' / ' ' per parameter.
uint64 lucia_run(LuciaQuery query, Datum *values, const char *nulls, bool read_only);

// The tables' schema, quoted for SQL, as lucia.tables_schema names it now.
const char *lucia_quoted_tables_schema(void);

// Column `column` (1-based) of row `row` of the last SPI result, copied into `context` as text.
char *lucia_result_text(uint64 row, int column, MemoryContext context);
// Same, for int8 / bool columns; *isnull tells SQL NULL.
int64 lucia_result_int8(uint64 row, int column, bool *isnull);
bool lucia_result_bool(uint64 row, int column);
// A jsonb column, copied into `context`.
Datum lucia_result_jsonb(uint64 row, int column, MemoryContext context);
