// Opening and reading Lucia's tables without SPI, with the checks SPI would make (direct_table.hpp).
#include "direct_table.hpp"

#include "settings.hpp"
#include "table_oids.hpp"

#include <string.h>

extern "C" {
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/pg_am.h"
#include "catalog/pg_class.h"
#include "utils/acl.h"
#include "utils/fmgroids.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"
}

static bool is_text_type(Oid type) {
    return type == TEXTOID || type == VARCHAROID;
}

// Finds the columns by name; false when one is missing or of a type SPI would have cast.
static bool find_columns(LuciaDirectTable *table, bool session_columns) {
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
Oid lucia_usable_tables_schema(void) {
    Oid schema = lucia_tables_schema_oid();
    if (!OidIsValid(schema) || pg_namespace_aclcheck(schema, GetUserId(), ACL_USAGE) != ACLCHECK_OK) return InvalidOid;
    return schema;
}

// Opens `name` in `schema` (from lucia_usable_tables_schema) with `lock` and finds its columns; false
// (nothing left open) when SPI must read it instead (and raise the error, or apply the policy,
// SPI would).
bool lucia_open_checked_table(Oid schema, const char *name, bool session_columns, LOCKMODE lock,
                              LuciaDirectTable *table) {
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

// The same, with the primary-key index open for lucia_fetch_by_id.
bool lucia_open_direct_table(Oid schema, const char *name, bool session_columns, LuciaDirectTable *table) {
    if (!lucia_open_checked_table(schema, name, session_columns, AccessShareLock, table)) return false;
    if ((table->index = open_id_index(table->relation, table->id)) == nullptr) {
        table_close(table->relation, AccessShareLock);
        return false;
    }
    return true;
}

// Locks are kept to the end of the transaction, as the executor keeps them.
void lucia_close_direct_table(LuciaDirectTable *table) {
    index_close(table->index, NoLock);
    table_close(table->relation, NoLock);
}

// Fetches the first row the index finds for `keys` into `slot`; false when there is none.
bool lucia_fetch_first(const LuciaDirectTable *table, Relation index, ScanKeyData *keys, int key_count,
                       Snapshot snapshot, TupleTableSlot *slot) {
    IndexScanDesc scan = index_beginscan(table->relation, index, snapshot, key_count, 0);
    index_rescan(scan, keys, key_count, nullptr, 0);
    bool found = index_getnext_slot(scan, ForwardScanDirection, slot);
    index_endscan(scan);
    return found;
}

// Fetches the row whose id is `id` into `slot`, all columns read; false when there is none.
bool lucia_fetch_by_id(LuciaDirectTable *table, const char *id, Snapshot snapshot, TupleTableSlot *slot) {
    ScanKeyData key;
    ScanKeyEntryInitialize(&key, 0, 1, BTEqualStrategyNumber, InvalidOid, table->index->rd_indcollation[0], F_TEXTEQ,
                           CStringGetTextDatum(id));
    bool found = lucia_fetch_first(table, table->index, &key, 1, snapshot, slot);
    if (found) slot_getallattrs(slot);
    return found;
}

// A VOLATILE function's SPI query sees the statement's earlier writes: a new command id and, in
// READ COMMITTED, a new snapshot. A STABLE one reads with the statement's snapshot.
Snapshot lucia_lookup_snapshot(bool fresh_snapshot) {
    if (fresh_snapshot) CommandCounterIncrement();
    return RegisterSnapshot(fresh_snapshot ? GetTransactionSnapshot() : GetActiveSnapshot());
}
