#include "table_oids.hpp"

#include "settings.hpp"

#include <string.h>

extern "C" {
#include "utils/inval.h"
}

// The tables lucia reads directly, each with the OID last found for it.
struct RememberedTable {
    const char *name;
    Oid oid;
};

static RememberedTable remembered_tables[] = {{"auth_session", InvalidOid}, {"auth_user", InvalidOid}};
static char *remembered_schema_name = nullptr;  // in TopMemoryContext
static Oid remembered_schema = InvalidOid;

static void forget_tables(void) {
    for (RememberedTable &table : remembered_tables) table.oid = InvalidOid;
}

// Syscache callback: some schema changed, so the name may now mean another one.
static void forget_schema(Datum, int, uint32) {
    remembered_schema = InvalidOid;
}

Oid lucia_tables_schema_oid(void) {
    static bool callback_registered = false;
    if (!callback_registered) {
        CacheRegisterSyscacheCallback(NAMESPACEOID, forget_schema, (Datum)0);
        callback_registered = true;
    }
    const char *name = lucia_tables_schema_name();
    if (OidIsValid(remembered_schema) && strcmp(remembered_schema_name, name) == 0) return remembered_schema;
    Oid schema = get_namespace_oid(name, true);
    if (remembered_schema_name != nullptr) pfree(remembered_schema_name);
    remembered_schema_name = MemoryContextStrdup(TopMemoryContext, name);
    remembered_schema = schema;
    forget_tables();
    return schema;
}

Oid lucia_table_oid(const char *name, Oid schema, bool look_up) {
    for (RememberedTable &table : remembered_tables) {
        if (strcmp(table.name, name) != 0) continue;
        if (look_up || !OidIsValid(table.oid)) table.oid = get_relname_relid(name, schema);
        return table.oid;
    }
    return get_relname_relid(name, schema);
}
