// A primary-key index scan of auth_session, with the checks SPI would have made: the table is
// found in lucia.tables_schema, locked, checked for USAGE on the schema and SELECT on the table,
// and left to SPI (which raises the right error or applies the policy) when a check fails, when
// it has row-level security, or when its columns are of types SPI would cast.
#include "session_lookup.hpp"

#include "settings.hpp"

#include <string.h>

extern "C" {
#include "access/genam.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/pg_am.h"
#include "catalog/pg_class.h"
#include "executor/tuptable.h"
#include "utils/acl.h"
#include "utils/fmgroids.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"
}

// auth_session's column numbers in a table the direct path can read.
struct SessionColumns {
    AttrNumber id;
    AttrNumber user_id;
    AttrNumber active_expires;
    AttrNumber idle_expires;
};

static bool is_text_type(Oid type) {
    return type == TEXTOID || type == VARCHAROID;
}

// Finds the four columns by name; false when one is missing or of a type SPI would have cast.
static bool session_columns(Relation relation, SessionColumns *columns) {
    TupleDesc descriptor = RelationGetDescr(relation);
    *columns = SessionColumns{InvalidAttrNumber, InvalidAttrNumber, InvalidAttrNumber, InvalidAttrNumber};
    for (int i = 0; i < descriptor->natts; ++i) {
        Form_pg_attribute attribute = TupleDescAttr(descriptor, i);
        if (attribute->attisdropped) continue;
        const char *name = NameStr(attribute->attname);
        if (strcmp(name, "id") == 0 && is_text_type(attribute->atttypid))
            columns->id = attribute->attnum;
        else if (strcmp(name, "user_id") == 0 && is_text_type(attribute->atttypid))
            columns->user_id = attribute->attnum;
        else if (strcmp(name, "active_expires") == 0 && attribute->atttypid == INT8OID)
            columns->active_expires = attribute->attnum;
        else if (strcmp(name, "idle_expires") == 0 && attribute->atttypid == INT8OID)
            columns->idle_expires = attribute->attnum;
    }
    return columns->id != InvalidAttrNumber && columns->user_id != InvalidAttrNumber &&
           columns->active_expires != InvalidAttrNumber && columns->idle_expires != InvalidAttrNumber;
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

LuciaDirectLookup lucia_lookup_session_direct(const char *session_id, bool fresh_snapshot, MemoryContext context,
                                              LuciaSessionRow **row, bool *nulls_found) {
    Oid schema = get_namespace_oid(lucia_tables_schema_name(), true);
    if (OidIsValid(schema) && pg_namespace_aclcheck(schema, GetUserId(), ACL_USAGE) != ACLCHECK_OK)
        return LUCIA_DIRECT_UNAVAILABLE;
    Oid relation_oid = OidIsValid(schema) ? get_relname_relid("auth_session", schema) : InvalidOid;
    if (!OidIsValid(relation_oid)) return LUCIA_DIRECT_UNAVAILABLE;  // SPI reports the missing table
    if (pg_class_aclcheck(relation_oid, GetUserId(), ACL_SELECT) != ACLCHECK_OK) return LUCIA_DIRECT_UNAVAILABLE;

    Relation relation = try_table_open(relation_oid, AccessShareLock);
    if (relation == nullptr) return LUCIA_DIRECT_UNAVAILABLE;
    SessionColumns columns;
    Relation index = nullptr;
    if (relation->rd_rel->relkind != RELKIND_RELATION || relation->rd_rel->relrowsecurity ||
        !session_columns(relation, &columns) || (index = open_id_index(relation, columns.id)) == nullptr) {
        table_close(relation, AccessShareLock);
        return LUCIA_DIRECT_UNAVAILABLE;
    }

    // A VOLATILE function's SPI query sees the statement's earlier writes: a new command id and,
    // in READ COMMITTED, a new snapshot. A STABLE one reads with the statement's snapshot.
    if (fresh_snapshot) CommandCounterIncrement();
    Snapshot snapshot = RegisterSnapshot(fresh_snapshot ? GetTransactionSnapshot() : GetActiveSnapshot());

    ScanKeyData key;
    ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid, index->rd_indcollation[0], F_TEXTEQ,
                           CStringGetTextDatum(session_id));
    IndexScanDesc scan = index_beginscan(relation, index, snapshot, 1, 0);
    index_rescan(scan, &key, 1, nullptr, 0);
    TupleTableSlot *slot = table_slot_create(relation, nullptr);
    LuciaDirectLookup result = LUCIA_DIRECT_MISSING;
    if (index_getnext_slot(scan, ForwardScanDirection, slot)) {
        LuciaSessionRow *session = static_cast<LuciaSessionRow *>(MemoryContextAllocZero(context, sizeof(LuciaSessionRow)));
        bool null_active, null_idle;
        session->session_id = MemoryContextStrdup(context, session_id);
        session->user_id = slot_text(slot, columns.user_id, context);
        Datum active = slot_getattr(slot, columns.active_expires, &null_active);
        Datum idle = slot_getattr(slot, columns.idle_expires, &null_idle);
        session->active_expires = null_active ? 0 : DatumGetInt64(active);
        session->idle_expires = null_idle ? 0 : DatumGetInt64(idle);
        *nulls_found = session->user_id == nullptr || null_active || null_idle;
        *row = session;
        result = LUCIA_DIRECT_FOUND;
    }
    ExecDropSingleTupleTableSlot(slot);
    index_endscan(scan);
    UnregisterSnapshot(snapshot);
    // Locks are kept to the end of the transaction, as the executor keeps them.
    index_close(index, NoLock);
    table_close(relation, NoLock);
    return result;
}
