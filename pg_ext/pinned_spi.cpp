#include "pinned_spi.hpp"

extern "C" {
#include "catalog/pg_namespace.h"
}

// Only PostgreSQL 15 is built and tested (README "Versions"); 17 removed the override stack used
// here, so another major version must fail to build rather than run untested code.
#if PG_VERSION_NUM < 150000 || PG_VERSION_NUM >= 160000
#error "lucia supports PostgreSQL 15 only (see README.md, Versions)"
#endif

// The override stack pins the path without touching the search_path setting, so plans saved
// under it stay valid with no re-parse of the setting. The path is the one the other functions'
// `SET search_path = pg_catalog, pg_temp` gives (pg_catalog, then the session's temporary schema
// if it has one), so that a plan shared with them is not planned again each time the caller
// switches between them. Returns 0: the override stack needs nothing else to restore.
int lucia_spi_connect_pinned(void) {
    SPI_connect();
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
}

// Pops the path pushed above, then SPI_finish (nest_level is lucia_spi_connect_pinned's 0).
void lucia_spi_finish_pinned(int nest_level) {
    (void)nest_level;
    PopOverrideSearchPath();
    SPI_finish();
}
