// What a new session's insert can skip, learned from auth_session without SPI. Why: a new
// session sweeps the user's dead ones, and there rarely are any, so the sweep's DELETE need not
// run; and the foreign key lucia_create_tables makes already checks and locks the user, so the
// insert need not read the user row first.
#pragma once

#include "pg_headers.hpp"

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
