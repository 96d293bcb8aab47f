// Refusing a lucia.tables_schema that ALTER DATABASE/ROLE ... SET has changed since the
// connection started (pooled server connections): pg_ext/stale_setting.cpp.
#pragma once

// ERROR when `current`, the connection's lucia.tables_schema, came from stored settings (or the
// file or default) and is no longer what pg_db_role_setting stores; checked once per transaction.
void lucia_refuse_stale_tables_schema(const char *current);
