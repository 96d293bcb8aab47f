// Primary-key index scans of auth_session (and auth_user, for a session with its user), with the
// checks SPI would have made: each table is found in lucia.tables_schema, locked, checked for
// USAGE on the schema and SELECT on the table, and left to SPI (which raises the right error or
// applies the policy) when a check fails, when it has row-level security, or when its columns
// are of types SPI would cast.
#include "session_lookup.hpp"

#include "settings.hpp"
#include "table_oids.hpp"

#include <string.h>

extern "C" {
#include "access/genam.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/pg_am.h"
#include "catalog/pg_class.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "executor/tuptable.h"
#include "nodes/makefuncs.h"
#include "utils/acl.h"
#include "utils/fmgroids.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/reltrigger.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"
}

// A table opened for a direct read: the relation, its primary-key index, and its columns.
struct DirectTable {
    Relation relation;
    Relation index;
    AttrNumber id;
    AttrNumber user_id;         // auth_session only
    AttrNumber active_expires;  // auth_session only
    AttrNumber idle_expires;    // auth_session only
};

static bool is_text_type(Oid type) {
    return type == TEXTOID || type == VARCHAROID;
}

// Finds the columns by name; false when one is missing or of a type SPI would have cast.
static bool find_columns(DirectTable *table, bool session_columns) {
    TupleDesc descriptor = RelationGetDescr(table->relation);
    table->id = table->user_id = table->active_expires = table->idle_expires = InvalidAttrNumber;
    for (int i = 0; i < descriptor->natts; ++i) {
        Form_pg_attribute attribute = TupleDescAttr(descriptor, i);
        if (attribute->attisdropped) continue;
        const char *name = NameStr(attribute->attname);
        if (strcmp(name, "id") == 0 && is_text_type(attribute->atttypid))
            table->id = attribute->attnum;
        else if (strcmp(name, "user_id") == 0 && is_text_type(attribute->atttypid))
            table->user_id = attribute->attnum;
        else if (strcmp(name, "active_expires") == 0 && attribute->atttypid == INT8OID)
            table->active_expires = attribute->attnum;
        else if (strcmp(name, "idle_expires") == 0 && attribute->atttypid == INT8OID)
            table->idle_expires = attribute->attnum;
    }
    if (table->id == InvalidAttrNumber) return false;
    return !session_columns || (table->user_id != InvalidAttrNumber && table->active_expires != InvalidAttrNumber &&
                                table->idle_expires != InvalidAttrNumber);
}

// The table's primary-key index when it is a plain btree on the id column alone, else NULL.
static Relation open_id_index(Relation relation, AttrNumber id_column) {
    Oid index_oid = RelationGetPrimaryKeyIndex(relation);
    if (!OidIsValid(index_oid)) return nullptr;
    Relation index = index_open(index_oid, AccessShareLock);
    bool usable = index->rd_rel->relam == BTREE_AM_OID && index->rd_index->indnkeyatts == 1 &&
                  index->rd_index->indkey.values[0] == id_column && RelationGetIndexExpressions(index) == NIL &&
                  RelationGetIndexPredicate(index) == NIL;
    if (!usable) {
        index_close(index, AccessShareLock);
        return nullptr;
    }
    return index;
}

// Opens `name` in the tables schema with `lock`, first by the OID remembered for it and, when
// that no longer names it, by a fresh look-up; false (nothing left open) when it is missing.
static Relation open_table_in_schema(const char *name, Oid schema, LOCKMODE lock) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        bool look_up = attempt == 1;
        Oid relation_oid = lucia_table_oid(name, schema, look_up);
        if (!OidIsValid(relation_oid)) return nullptr;
        Relation relation = try_table_open(relation_oid, lock);
        if (relation != nullptr && RelationGetNamespace(relation) == schema &&
            strcmp(RelationGetRelationName(relation), name) == 0)
            return relation;
        if (relation != nullptr) table_close(relation, lock);
    }
    return nullptr;
}

// The tables schema when it exists and we may use it, else InvalidOid (SPI raises the error).
static Oid usable_tables_schema(void) {
    Oid schema = lucia_tables_schema_oid();
    if (!OidIsValid(schema) || pg_namespace_aclcheck(schema, GetUserId(), ACL_USAGE) != ACLCHECK_OK) return InvalidOid;
    return schema;
}

// Opens `name` in `schema` (from usable_tables_schema) with `lock` and finds its columns; false
// (nothing left open) when SPI must read it instead (and raise the error, or apply the policy,
// SPI would).
static bool open_checked_relation(Oid schema, const char *name, bool session_columns, LOCKMODE lock,
                                  DirectTable *table) {
    if (!OidIsValid(schema)) return false;
    table->relation = open_table_in_schema(name, schema, lock);
    if (table->relation == nullptr) return false;
    table->index = nullptr;
    if (pg_class_aclcheck(RelationGetRelid(table->relation), GetUserId(), ACL_SELECT) != ACLCHECK_OK ||
        table->relation->rd_rel->relkind != RELKIND_RELATION || table->relation->rd_rel->relrowsecurity ||
        !find_columns(table, session_columns)) {
        table_close(table->relation, lock);
        return false;
    }
    return true;
}

// The same, with the primary-key index open for fetch_by_id.
static bool open_direct_table(Oid schema, const char *name, bool session_columns, DirectTable *table) {
    if (!open_checked_relation(schema, name, session_columns, AccessShareLock, table)) return false;
    if ((table->index = open_id_index(table->relation, table->id)) == nullptr) {
        table_close(table->relation, AccessShareLock);
        return false;
    }
    return true;
}

// An index of auth_session whose first keys are (user_id, idle_expires), as lucia_create_tables
// and lucia_create_indexes make it, or NULL.
static Relation open_user_expiry_index(const DirectTable *sessions) {
    List *indexes = RelationGetIndexList(sessions->relation);
    ListCell *cell;
    foreach (cell, indexes) {
        Relation index = index_open(lfirst_oid(cell), AccessShareLock);
        if (index->rd_rel->relam == BTREE_AM_OID && index->rd_index->indnkeyatts >= 2 &&
            index->rd_index->indkey.values[0] == sessions->user_id &&
            index->rd_index->indkey.values[1] == sessions->idle_expires && RelationGetIndexPredicate(index) == NIL &&
            RelationGetIndexExpressions(index) == NIL)
            return index;
        index_close(index, AccessShareLock);
    }
    return nullptr;
}

// Locks are kept to the end of the transaction, as the executor keeps them.
static void close_direct_table(DirectTable *table) {
    index_close(table->index, NoLock);
    table_close(table->relation, NoLock);
}

// Fetches the first row the index finds for `keys` into `slot`; false when there is none.
static bool fetch_first(const DirectTable *table, Relation index, ScanKeyData *keys, int key_count, Snapshot snapshot,
                        TupleTableSlot *slot) {
    IndexScanDesc scan = index_beginscan(table->relation, index, snapshot, key_count, 0);
    index_rescan(scan, keys, key_count, nullptr, 0);
    bool found = index_getnext_slot(scan, ForwardScanDirection, slot);
    index_endscan(scan);
    return found;
}

// Fetches the row whose id is `id` into `slot`, all columns read; false when there is none.
static bool fetch_by_id(DirectTable *table, const char *id, Snapshot snapshot, TupleTableSlot *slot) {
    ScanKeyData key;
    ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid, table->index->rd_indcollation[0], F_TEXTEQ,
                           CStringGetTextDatum(id));
    bool found = fetch_first(table, table->index, &key, 1, snapshot, slot);
    if (found) slot_getallattrs(slot);
    return found;
}

// A VOLATILE function's SPI query sees the statement's earlier writes: a new command id and, in
// READ COMMITTED, a new snapshot. A STABLE one reads with the statement's snapshot.
static Snapshot lookup_snapshot(bool fresh_snapshot) {
    if (fresh_snapshot) CommandCounterIncrement();
    return RegisterSnapshot(fresh_snapshot ? GetTransactionSnapshot() : GetActiveSnapshot());
}

// Copies one text column of the slot into `context`, or NULL.
static char *slot_text(TupleTableSlot *slot, AttrNumber column, MemoryContext context) {
    bool isnull;
    Datum value = slot_getattr(slot, column, &isnull);
    if (isnull) return nullptr;
    MemoryContext old = MemoryContextSwitchTo(context);
    char *copy = TextDatumGetCString(value);
    MemoryContextSwitchTo(old);
    return copy;
}

// The session row from the slot, in `context`; *nulls_found when a column is NULL.
static LuciaSessionRow *session_from_slot(const DirectTable *table, TupleTableSlot *slot, const char *session_id,
                                          MemoryContext context, bool *nulls_found) {
    LuciaSessionRow *session = static_cast<LuciaSessionRow *>(MemoryContextAllocZero(context, sizeof(LuciaSessionRow)));
    bool null_active, null_idle;
    session->session_id = MemoryContextStrdup(context, session_id);
    session->user_id = slot_text(slot, table->user_id, context);
    Datum active = slot_getattr(slot, table->active_expires, &null_active);
    Datum idle = slot_getattr(slot, table->idle_expires, &null_idle);
    session->active_expires = null_active ? 0 : DatumGetInt64(active);
    session->idle_expires = null_idle ? 0 : DatumGetInt64(idle);
    *nulls_found = session->user_id == nullptr || null_active || null_idle;
    return session;
}

// to_jsonb's call for rows of `row_type`, built once per type and kept: to_jsonb reads its
// argument's type from the call expression, as when SQL calls it.
static FmgrInfo *to_jsonb_call(Oid row_type) {
    static FmgrInfo call;
    static Oid built_for = InvalidOid;
    if (built_for != row_type) {
        MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
        fmgr_info_cxt(F_TO_JSONB, &call, TopMemoryContext);
        List *arguments = list_make1(makeNullConst(row_type, -1, InvalidOid));
        call.fn_expr =
            reinterpret_cast<Node *>(makeFuncExpr(F_TO_JSONB, JSONBOID, arguments, InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL));
        MemoryContextSwitchTo(old);
        built_for = row_type;
    }
    return &call;
}

// Whether the table has no column but id, as Lucia's default auth_user: its attributes are {}.
static bool has_only_id_column(const DirectTable *table) {
    TupleDesc descriptor = RelationGetDescr(table->relation);
    for (int i = 0; i < descriptor->natts; ++i) {
        Form_pg_attribute attribute = TupleDescAttr(descriptor, i);
        if (!attribute->attisdropped && attribute->attnum != table->id) return false;
    }
    return true;
}

// The empty JSON object, without parsing one.
static Datum empty_jsonb_object(void) {
    JsonbParseState *state = nullptr;
    (void)pushJsonbValue(&state, WJB_BEGIN_OBJECT, nullptr);
    return JsonbPGetDatum(JsonbValueToJsonb(pushJsonbValue(&state, WJB_END_OBJECT, nullptr)));
}

// to_jsonb(u) - 'id' of the user row in the slot, as the SPI query computes it, in `context`.
static Datum user_attributes_from_slot(const DirectTable *users, TupleTableSlot *slot, MemoryContext context) {
    MemoryContext old = MemoryContextSwitchTo(context);
    Datum attributes;
    if (has_only_id_column(users)) {
        attributes = empty_jsonb_object();
    } else {
        Datum row = ExecFetchSlotHeapTupleDatum(slot);
        Datum json = FunctionCall1(to_jsonb_call(RelationGetForm(users->relation)->reltype), row);
        attributes = DirectFunctionCall2(jsonb_delete, json, CStringGetTextDatum("id"));
    }
    MemoryContextSwitchTo(old);
    return attributes;
}

LuciaDirectLookup lucia_lookup_session_direct(const char *session_id, bool fresh_snapshot, MemoryContext context,
                                              LuciaSessionRow **row, bool *nulls_found) {
    DirectTable sessions;
    if (!open_direct_table(usable_tables_schema(), "auth_session", true, &sessions)) return LUCIA_DIRECT_UNAVAILABLE;
    Snapshot snapshot = lookup_snapshot(fresh_snapshot);
    TupleTableSlot *slot = table_slot_create(sessions.relation, nullptr);
    LuciaDirectLookup result = LUCIA_DIRECT_MISSING;
    if (fetch_by_id(&sessions, session_id, snapshot, slot)) {
        *row = session_from_slot(&sessions, slot, session_id, context, nulls_found);
        result = LUCIA_DIRECT_FOUND;
    }
    ExecDropSingleTupleTableSlot(slot);
    UnregisterSnapshot(snapshot);
    close_direct_table(&sessions);
    return result;
}

LuciaDirectLookup lucia_lookup_session_user_direct(const char *session_id, bool fresh_snapshot, MemoryContext context,
                                                   LuciaSessionRow **row, bool *nulls_found, Datum *user_attributes) {
    DirectTable sessions, users;
    Oid schema = usable_tables_schema();
    if (!open_direct_table(schema, "auth_session", true, &sessions)) return LUCIA_DIRECT_UNAVAILABLE;
    if (!open_direct_table(schema, "auth_user", false, &users)) {
        close_direct_table(&sessions);
        return LUCIA_DIRECT_UNAVAILABLE;
    }
    // One snapshot for both rows, as the join read them.
    Snapshot snapshot = lookup_snapshot(fresh_snapshot);
    TupleTableSlot *session_slot = table_slot_create(sessions.relation, nullptr);
    TupleTableSlot *user_slot = table_slot_create(users.relation, nullptr);
    LuciaDirectLookup result = LUCIA_DIRECT_MISSING;
    if (fetch_by_id(&sessions, session_id, snapshot, session_slot)) {
        LuciaSessionRow *session = session_from_slot(&sessions, session_slot, session_id, context, nulls_found);
        // Without its user the session is missing, as the inner join left it out.
        if (session->user_id != nullptr && fetch_by_id(&users, session->user_id, snapshot, user_slot)) {
            *user_attributes = user_attributes_from_slot(&users, user_slot, context);
            *row = session;
            result = LUCIA_DIRECT_FOUND;
        } else {
            *nulls_found = false;
        }
    }
    ExecDropSingleTupleTableSlot(user_slot);
    ExecDropSingleTupleTableSlot(session_slot);
    UnregisterSnapshot(snapshot);
    close_direct_table(&users);
    close_direct_table(&sessions);
    return result;
}

// Whether the trigger fires under the session's session_replication_role, as the executor decides.
static bool trigger_fires_now(const Trigger *trigger) {
    if (SessionReplicationRole == SESSION_REPLICATION_ROLE_REPLICA)
        return trigger->tgenabled == TRIGGER_FIRES_ON_REPLICA || trigger->tgenabled == TRIGGER_FIRES_ALWAYS;
    return trigger->tgenabled == TRIGGER_FIRES_ON_ORIGIN || trigger->tgenabled == TRIGGER_FIRES_ALWAYS;
}

// Whether the foreign key refers to the id of auth_user in `schema`. The remembered OID of
// auth_user may be stale, so a key that does not match it is compared with a fresh look-up.
static bool refers_to_users_id(const ForeignKeyCacheInfo *key, Oid schema) {
    if (key->nkeys != 1) return false;
    Oid users = lucia_table_oid("auth_user", schema, false);
    if (key->confrelid != users) users = lucia_table_oid("auth_user", schema, true);
    return OidIsValid(users) && key->confrelid == users && key->confkey[0] == get_attnum(users, "id");
}

// Whether an insert into auth_session has its user checked (and locked) by a foreign key from
// user_id to the id of auth_user in the same schema, as lucia_create_tables makes it: its check
// trigger fires now and cannot be deferred past the insert, and no row-level security policy
// of auth_user (which the foreign key's check would not apply) hides users from us.
static bool user_checked_by_foreign_key(const DirectTable *sessions) {
    const TriggerDesc *triggers = sessions->relation->trigdesc;
    if (triggers == nullptr) return false;
    List *foreign_keys = RelationGetFKeyList(sessions->relation);
    Oid schema = RelationGetNamespace(sessions->relation);
    for (int i = 0; i < triggers->numtriggers; ++i) {
        const Trigger *trigger = &triggers->triggers[i];
        if (trigger->tgfoid != F_RI_FKEY_CHECK_INS || trigger->tgdeferrable || !trigger_fires_now(trigger)) continue;
        ListCell *cell;
        foreach (cell, foreign_keys) {
            const ForeignKeyCacheInfo *key = lfirst_node(ForeignKeyCacheInfo, cell);
            if (key->conoid == trigger->tgconstraint && key->conkey[0] == sessions->user_id &&
                refers_to_users_id(key, schema))
                return check_enable_rls(key->confrelid, InvalidOid, true) == RLS_NONE;
        }
    }
    return false;
}

// Whether the user has a dead session, by the (user_id, idle_expires) index: 1, 0, or -1.
static int user_has_dead_sessions(const DirectTable *sessions, const char *user_id, int64 now_ms) {
    Relation index = open_user_expiry_index(sessions);
    if (index == nullptr) return -1;
    Snapshot snapshot = lookup_snapshot(true);
    ScanKeyData keys[2];
    ScanKeyEntryInitialize(&keys[0], 0, 1, BTEqualStrategyNumber, InvalidOid, index->rd_indcollation[0], F_TEXTEQ,
                           CStringGetTextDatum(user_id));
    ScanKeyEntryInitialize(&keys[1], 0, 2, BTLessStrategyNumber, InvalidOid, InvalidOid, F_INT8LT, Int64GetDatum(now_ms));
    TupleTableSlot *slot = table_slot_create(sessions->relation, nullptr);
    bool found = fetch_first(sessions, index, keys, 2, snapshot, slot);
    ExecDropSingleTupleTableSlot(slot);
    UnregisterSnapshot(snapshot);
    index_close(index, NoLock);
    return found ? 1 : 0;
}

LuciaSessionInsertProbe lucia_probe_session_insert(const char *user_id, int64 now_ms, bool want_dead_sessions) {
    LuciaSessionInsertProbe probe = {-1, false};
    DirectTable sessions;
    // The insert's own lock, taken now: no DDL can disable or drop the foreign key in between.
    if (!open_checked_relation(usable_tables_schema(), "auth_session", true, RowExclusiveLock, &sessions)) return probe;
    probe.user_foreign_key = user_checked_by_foreign_key(&sessions);
    if (want_dead_sessions) probe.dead_sessions = user_has_dead_sessions(&sessions, user_id, now_ms);
    table_close(sessions.relation, NoLock);
    return probe;
}
