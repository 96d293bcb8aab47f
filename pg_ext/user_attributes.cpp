// Turning a jsonb attributes object into SQL over auth_user's real columns. Why not splice the keys
// in as Lucia does: every key is checked against the catalog and quoted, and values go through
// jsonb_populate_record so each is converted to its column's type by PostgreSQL itself.
#include "user_attributes.hpp"

#include "core_bridge.h"
#include "errors_pg.hpp"
#include "spi_plans.hpp"
#include "settings.hpp"

#include <string.h>

// The OID of auth_user in the configured schema; a clear error if it is not there.
static Oid auth_user_relid(void) {
    const char *schema = lucia_tables_schema_name();
    Oid namespace_oid = get_namespace_oid(schema, true);
    Oid relid = OidIsValid(namespace_oid) ? get_relname_relid("auth_user", namespace_oid) : InvalidOid;
    if (!OidIsValid(relid))
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
                        errmsg("lucia: table %s.auth_user does not exist", quote_identifier(schema)),
                        errhint("Create the tables with lucia_create_tables() or set lucia.tables_schema.")));
    return relid;
}

StaticAssertDecl(NAMEDATALEN - 1 == 63,
                 "LUCIA_MSG_ATTRIBUTE_NAME_TOO_LONG says 63 bytes, PostgreSQL's identifier limit");

// Raises unless `name` is an ordinary, writable column of auth_user other than id.
static void check_attribute_column(Oid relid, const char *name) {
    if (strcmp(name, "id") == 0) lucia_raise(LUCIA_INVALID_ARGUMENT, LUCIA_MSG_ATTRIBUTES_SET_USER_ID);
    if (strlen(name) >= NAMEDATALEN) lucia_raise(LUCIA_INVALID_ARGUMENT, LUCIA_MSG_ATTRIBUTE_NAME_TOO_LONG);
    HeapTuple tuple = SearchSysCacheAttName(relid, name);
    bool usable = false;
    if (HeapTupleIsValid(tuple)) {
        Form_pg_attribute attribute = reinterpret_cast<Form_pg_attribute>(GETSTRUCT(tuple));
        usable = attribute->attnum > 0 && attribute->attgenerated == '\0' && attribute->attidentity == '\0';
        ReleaseSysCache(tuple);
    }
    if (!usable)
        lucia_raise(LUCIA_INVALID_ARGUMENT, psprintf("%s%s", LUCIA_MSG_NO_WRITABLE_COLUMN, quote_identifier(name)));
}

// The quoted column names of the object's keys, after checking each one; count in *count.
static char **attribute_columns(Jsonb *attributes, int *count) {
    *count = 0;
    if (attributes == nullptr) return nullptr;
    if (!JB_ROOT_IS_OBJECT(attributes) || JB_ROOT_IS_SCALAR(attributes))
        lucia_raise(LUCIA_INVALID_ARGUMENT, LUCIA_MSG_ATTRIBUTES_NOT_OBJECT);
    Oid relid = auth_user_relid();
    char **columns = static_cast<char **>(palloc(sizeof(char *) * (JB_ROOT_COUNT(attributes) + 1)));
    JsonbIterator *it = JsonbIteratorInit(&attributes->root);
    JsonbValue value;
    JsonbIteratorToken token;
    while ((token = JsonbIteratorNext(&it, &value, true)) != WJB_DONE) {
        if (token != WJB_KEY) continue;
        char *name = pnstrdup(value.val.string.val, value.val.string.len);
        check_attribute_column(relid, name);
        columns[(*count)++] = pstrdup(quote_identifier(name));
    }
    return columns;
}

char *lucia_user_insert_sql(Jsonb *attributes) {
    int count;
    char **columns = attribute_columns(attributes, &count);
    const char *schema = lucia_quoted_tables_schema();
    StringInfoData sql;
    initStringInfo(&sql);
    appendStringInfo(&sql, "INSERT INTO %s.auth_user AS u (id", schema);
    for (int i = 0; i < count; ++i) appendStringInfo(&sql, ", %s", columns[i]);
    appendStringInfoString(&sql, ") SELECT $1");
    for (int i = 0; i < count; ++i) appendStringInfo(&sql, ", r.%s", columns[i]);
    appendStringInfo(&sql,
                     " FROM jsonb_populate_record(NULL::%s.auth_user, $2) r ON CONFLICT (id) DO NOTHING "
                     "RETURNING to_jsonb(u) - 'id'",
                     schema);
    return sql.data;
}

char *lucia_user_update_sql(Jsonb *attributes) {
    int count;
    char **columns = attribute_columns(attributes, &count);
    if (count == 0) return nullptr;
    const char *schema = lucia_quoted_tables_schema();
    StringInfoData sql;
    initStringInfo(&sql);
    appendStringInfo(&sql, "UPDATE %s.auth_user AS u SET ", schema);
    for (int i = 0; i < count; ++i) appendStringInfo(&sql, "%s%s = r.%s", i == 0 ? "" : ", ", columns[i], columns[i]);
    appendStringInfo(&sql,
                     " FROM jsonb_populate_record(NULL::%s.auth_user, $2) r WHERE u.id = $1 "
                     "RETURNING to_jsonb(u) - 'id'",
                     schema);
    return sql.data;
}
