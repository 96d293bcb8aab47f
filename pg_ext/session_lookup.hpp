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
