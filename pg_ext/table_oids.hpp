// Where lucia's tables are, remembered per backend. Why: looking lucia.tables_schema and the
// table names up on every validation cost about 1,000 instructions per table (callgrind); a
// remembered OID costs nothing, and the caller checks it once the relation is locked.
#pragma once

#include "pg_headers.hpp"

// The OID of the schema lucia.tables_schema names, or InvalidOid when there is none. Forgotten
// when the setting names another schema or any schema changes (a rename keeps the OID).
Oid lucia_tables_schema_oid(void);

// The OID of table `name` in `schema` (lucia_tables_schema_oid()), or InvalidOid. `look_up`:
// ask the catalog instead of the memory, and remember the answer. A remembered OID may be stale
// (the table dropped, renamed or moved since): open it, then check its name and schema.
Oid lucia_table_oid(const char *name, Oid schema, bool look_up);
