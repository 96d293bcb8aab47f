// A connection reads lucia.tables_schema from pg_db_role_setting (ALTER DATABASE/ROLE ... SET)
// once, when it starts. A pooler keeps its server connections across such a change, so without
// this check the old connections would go on writing into the old schema while new ones write into
// the new one. Once per transaction, a value that came from those stored settings (or from the
// configuration file or the default) is compared with what is stored now; a value set in the
// session itself (SET, SET LOCAL, set_config, options in the connection string) is the caller's
// explicit choice and is not checked.
#include "pg_headers.hpp"
#include "stale_setting.hpp"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wregister"
#pragma GCC diagnostic ignored "-Wunused-parameter"
extern "C" {
#include "access/genam.h"
#include "access/table.h"
#include "catalog/pg_db_role_setting.h"
#include "utils/fmgroids.h"
#include "utils/guc_tables.h"
}
#pragma GCC diagnostic pop

#include <string.h>

static const char setting_name[] = "lucia.tables_schema";

// The setting's own record, for its source; found once (the records do not move).
static struct config_generic *tables_schema_record(void) {
    static struct config_generic *record = nullptr;
    if (record == nullptr) {
        struct config_generic **all = get_guc_variables();
        int count = GetNumConfigOptions();
        for (int i = 0; i < count; i++)
            if (strcmp(all[i]->name, setting_name) == 0) record = all[i];
    }
    return record;
}

// lucia.tables_schema's value in one row's setconfig (text[] of "name=value"), or nullptr; palloc'd.
static char *value_in(HeapTuple tuple, TupleDesc description) {
    bool isnull = false;
    Datum config = heap_getattr(tuple, Anum_pg_db_role_setting_setconfig, description, &isnull);
    if (isnull) return nullptr;
    Datum *items = nullptr;
    bool *nulls = nullptr;
    int n = 0;
    deconstruct_array(DatumGetArrayTypeP(config), TEXTOID, -1, false, TYPALIGN_INT, &items, &nulls, &n);
    size_t prefix = strlen(setting_name);
    for (int i = 0; i < n; i++) {
        if (nulls[i]) continue;
        char *item = TextDatumGetCString(items[i]);
        if (strncmp(item, setting_name, prefix) == 0 && item[prefix] == '=') return pstrdup(item + prefix + 1);
    }
    return nullptr;
}

// The value a connection of this role to this database would start with from pg_db_role_setting,
// or nullptr. One pass over the catalog (a page or two; cheaper than four index look-ups), keeping
// the value of the most specific row: database and role, role, database, everyone (the order in
// which a new connection applies them, the first one winning).
static char *stored_value(void) {
    Oid role = GetAuthenticatedUserId();
    const Oid databases[] = {MyDatabaseId, InvalidOid, MyDatabaseId, InvalidOid};
    const Oid roles[] = {role, role, InvalidOid, InvalidOid};
    char *found = nullptr;
    int found_rank = 4;
    Relation settings = table_open(DbRoleSettingRelationId, AccessShareLock);
    SysScanDesc scan = systable_beginscan(settings, InvalidOid, false, nullptr, 0, nullptr);
    for (HeapTuple tuple; HeapTupleIsValid(tuple = systable_getnext(scan));) {
        Form_pg_db_role_setting row = (Form_pg_db_role_setting)GETSTRUCT(tuple);
        for (int rank = 0; rank < found_rank; rank++) {
            if (row->setdatabase != databases[rank] || row->setrole != roles[rank]) continue;
            char *value = value_in(tuple, RelationGetDescr(settings));
            if (value != nullptr) {
                found = value;
                found_rank = rank;
            }
            break;
        }
    }
    systable_endscan(scan);
    table_close(settings, AccessShareLock);
    return found;
}

// Called by lucia_tables_schema_name, so every use of the schema is covered; see the file's top.
void lucia_refuse_stale_tables_schema(const char *current) {
    static LocalTransactionId checked_in = InvalidLocalTransactionId;
    if (MyProc != nullptr && MyProc->lxid == checked_in) return;
    struct config_generic *record = tables_schema_record();
    if (record == nullptr || record->source >= PGC_S_CLIENT) return;

    char *stored = stored_value();

    // A value from the file or the default is current unless a stored one appeared; a stored one
    // must still be stored, with the same text, or, once removed, equal the built-in default.
    const char *built_in = reinterpret_cast<struct config_string *>(record)->boot_val;
    bool from_catalog = record->source >= PGC_S_GLOBAL;
    bool stale = stored != nullptr ? strcmp(stored, current) != 0
                                   : from_catalog && strcmp(current, built_in != nullptr ? built_in : "public") != 0;
    if (stale)
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("lucia: lucia.tables_schema changed since this connection started (it uses %s, the "
                               "database or role now sets %s)",
                               quote_identifier(current), stored != nullptr ? quote_identifier(stored) : "none"),
                        errhint("Open a new connection; behind pgbouncer run RECONNECT on its admin console.")));
    if (MyProc != nullptr) checked_in = MyProc->lxid;
}
