// A session read straight from auth_session's primary-key index, without SPI.
// Why: validation is the call applications make on every request; through SPI it paid for a
// second executor (plan check, executor start and end) around the one index lookup it needs.
#pragma once

#include "result_rows.hpp"

enum LuciaDirectLookup {
    LUCIA_DIRECT_FOUND,
    LUCIA_DIRECT_MISSING,
    // The table is not one the direct path may read (row-level security, no SELECT privilege,
    // other column types, no single-column primary key...): the caller reads it through SPI.
    LUCIA_DIRECT_UNAVAILABLE,
};

// Looks the session up by id. `fresh_snapshot`: see rows written earlier in the same statement
// (as SPI does for a VOLATILE function); otherwise the statement's snapshot (STABLE functions).
// On LUCIA_DIRECT_FOUND, *row is allocated in `context`; its columns may be NULL pointers only
// for user_id, and *nulls_found is set when a column was NULL.
LuciaDirectLookup lucia_lookup_session_direct(const char *session_id, bool fresh_snapshot, MemoryContext context,
                                              LuciaSessionRow **row, bool *nulls_found);

// The same with the session's user: *user_attributes is to_jsonb(user row) - 'id', in `context`.
// A session whose user row is missing is LUCIA_DIRECT_MISSING, as the SPI join left it out.
LuciaDirectLookup lucia_lookup_session_user_direct(const char *session_id, bool fresh_snapshot, MemoryContext context,
                                                   LuciaSessionRow **row, bool *nulls_found, Datum *user_attributes);

// What a new session's insert can skip, learned from auth_session without SPI. Why: a new
// session sweeps the user's dead ones, and there rarely are any, so the sweep's DELETE need not
// run; and the foreign key lucia_create_tables makes already checks and locks the user, so the
// insert need not read the user row first.
struct LuciaSessionInsertProbe {
    // Whether the user has a dead session (idle expiry before now), read through an index on
    // (user_id, idle_expires): 1 or 0, or -1 when it cannot tell or was not asked.
    int dead_sessions;
    // True when an enabled, not deferrable foreign key from user_id to auth_user(id) will check
    // the user during the insert.
    bool user_foreign_key;
};

// Probes auth_session (locked as the insert locks it) for a new session of `user_id`; a table
// the direct path must not read gives {-1, false}.
LuciaSessionInsertProbe lucia_probe_session_insert(const char *user_id, int64 now_ms, bool want_dead_sessions);
