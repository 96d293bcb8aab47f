// Tables read without SPI: auth_session and auth_user found in lucia.tables_schema, locked, and
// checked as SPI would check them (USAGE on the schema, SELECT on the table, no row-level
// security, columns of the types SPI would not cast). Used by session_lookup.cpp and
// session_insert_probe.cpp; when a check fails the caller leaves the table to SPI.
#pragma once

#include "pg_headers.hpp"

extern "C" {
#include "access/genam.h"
#include "executor/tuptable.h"
#include "utils/rel.h"
#include "utils/snapshot.h"
}

// A table opened for a direct read: the relation, its primary-key index, and its columns.
struct LuciaDirectTable {
    Relation relation;
    Relation index;
    AttrNumber id;
    AttrNumber user_id;         // auth_session only
    AttrNumber active_expires;  // auth_session only
    AttrNumber idle_expires;    // auth_session only
};

// Opens `name` in `schema` (from lucia_usable_tables_schema) with `lock` and finds its columns; false
// (nothing left open) when SPI must read it instead (and raise the error, or apply the policy,
// SPI would).
bool lucia_open_checked_table(Oid schema, const char *name, bool session_columns, LOCKMODE lock,
                              LuciaDirectTable *table);

// The same, with the primary-key index open for lucia_fetch_by_id.
bool lucia_open_direct_table(Oid schema, const char *name, bool session_columns, LuciaDirectTable *table);

// Locks are kept to the end of the transaction, as the executor keeps them.
void lucia_close_direct_table(LuciaDirectTable *table);

// Fetches the first row the index finds for `keys` into `slot`; false when there is none.
bool lucia_fetch_first(const LuciaDirectTable *table, Relation index, ScanKeyData *keys, int key_count,
                       Snapshot snapshot, TupleTableSlot *slot);

// Fetches the row whose id is `id` into `slot`, all columns read; false when there is none.
bool lucia_fetch_by_id(LuciaDirectTable *table, const char *id, Snapshot snapshot, TupleTableSlot *slot);

// A VOLATILE function's SPI query sees the statement's earlier writes: a new command id and, in
// READ COMMITTED, a new snapshot. A STABLE one reads with the statement's snapshot.
Snapshot lucia_lookup_snapshot(bool fresh_snapshot);

// The tables schema when it exists and we may use it, else InvalidOid (SPI raises the error).
Oid lucia_usable_tables_schema(void);
