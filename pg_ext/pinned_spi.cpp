#include "pinned_spi.hpp"

extern "C" {
#include "catalog/pg_namespace.h"
}

// Before PostgreSQL 17 the override stack pins the path without touching the search_path
// setting, so plans saved under it stay valid with no re-parse of the setting; 17 removed the
// stack, and there the setting is saved and set in a new GUC nest level, as a SET clause does.
// Either way the path is the one the other functions' `SET search_path = pg_catalog, pg_temp`
// gives (pg_catalog, then the session's temporary schema if it has one), so that a plan shared
// with them is not planned again each time the caller switches between them.
int lucia_spi_connect_pinned(void) {
    SPI_connect();
#if PG_VERSION_NUM < 170000
    Oid temp_schema, temp_toast_schema;
    GetTempNamespaceState(&temp_schema, &temp_toast_schema);
    OverrideSearchPath path;
    path.schemas = list_make1_oid(PG_CATALOG_NAMESPACE);
    if (OidIsValid(temp_schema)) path.schemas = lappend_oid(path.schemas, temp_schema);
    path.addCatalog = false;
    path.addTemp = false;
    path.generation = 0;
    PushOverrideSearchPath(&path);
    list_free(path.schemas);
    return 0;
#else
    int nest_level = NewGUCNestLevel();
    (void)set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0,
                            false);
    return nest_level;
#endif
}

void lucia_spi_finish_pinned(int nest_level) {
#if PG_VERSION_NUM < 170000
    (void)nest_level;
    PopOverrideSearchPath();
#else
    AtEOXact_GUC(true, nest_level);
#endif
    SPI_finish();
}
