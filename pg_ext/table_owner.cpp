#include "table_owner.hpp"

#include "settings.hpp"
#include "table_oids.hpp"

extern "C" {
#include "catalog/pg_authid.h"
#include "catalog/pg_class.h"
#include "catalog/pg_database.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_namespace.h"
#include "utils/acl.h"
#include "utils/inval.h"
}

// The role to run as for the schema last asked about, remembered per backend until pg_class,
// pg_namespace, pg_authid or pg_database changes (an owner, a table, a grant, a superuser flag or
// the database's owner may have changed).
static bool run_as_known = false;
static Oid run_as_schema = InvalidOid;
static Oid run_as_role = InvalidOid;  // InvalidOid: stay the current user (lucia_owner)

// Syscache callback: forget the remembered role.
static void forget_run_as(Datum, int, uint32) {
    run_as_known = false;
}

// The owner of `relation`, or InvalidOid when it is gone.
static Oid relation_owner(Oid relation) {
    HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relation));
    if (!HeapTupleIsValid(tuple)) return InvalidOid;
    Oid owner = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple))->relowner;
    ReleaseSysCache(tuple);
    return owner;
}

// The role behind an owner or grantee: pg_database_owner stands for the database's owner.
static Oid resolved_role(Oid role) {
    if (role != ROLE_PG_DATABASE_OWNER) return role;
    HeapTuple tuple = SearchSysCache1(DATABASEOID, ObjectIdGetDatum(MyDatabaseId));
    if (!HeapTupleIsValid(tuple)) elog(ERROR, "lucia: cache lookup failed for database %u", MyDatabaseId);
    Oid owner = reinterpret_cast<Form_pg_database>(GETSTRUCT(tuple))->datdba;
    ReleaseSysCache(tuple);
    return owner;
}

// The role that owns `schema` (resolved), and in *acl a copy of its ACL (NULL: the default).
static Oid schema_owner(Oid schema, Acl **acl) {
    HeapTuple tuple = SearchSysCache1(NAMESPACEOID, ObjectIdGetDatum(schema));
    if (!HeapTupleIsValid(tuple)) elog(ERROR, "lucia: cache lookup failed for schema %u", schema);
    Oid owner = reinterpret_cast<Form_pg_namespace>(GETSTRUCT(tuple))->nspowner;
    bool isnull;
    Datum acl_datum = SysCacheGetAttr(NAMESPACEOID, tuple, Anum_pg_namespace_nspacl, &isnull);
    *acl = isnull ? nullptr : DatumGetAclPCopy(acl_datum);
    ReleaseSysCache(tuple);
    return resolved_role(owner);
}

// Raises: two roles that are not superusers would each need to be the one to run as.
[[noreturn]] static void refuse_two_owners(Oid schema, const char *first_what, Oid first, const char *second_what,
                                           Oid second) {
    ereport(ERROR,
            (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
             errmsg("lucia: the tables of schema %s have different owners (%s: %s, %s: %s)",
                    quote_identifier(get_namespace_name(schema)), first_what, GetUserNameFromId(first, false),
                    second_what, GetUserNameFromId(second, false)),
             errhint("Lucia runs the tables' triggers, defaults and policies as their owner, and as the owner of a "
                     "schema that is not a superuser's (who can swap the tables under a running call); give the "
                     "three tables and their schema one owner (ALTER TABLE ... OWNER TO), or keep the tables in a "
                     "schema only superusers own and create in: SELECT lucia_create_tables('auth').")));
}

// Refuses a view, foreign table or other relation where a table should be: an updatable view
// owned by one role over another role's table runs the second role's code as the first.
static void require_table(Oid schema, const char *name, Oid relation) {
    char kind = get_rel_relkind(relation);
    if (kind == RELKIND_RELATION || kind == RELKIND_PARTITIONED_TABLE) return;
    ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
                    errmsg("lucia: %s.%s is not a table", quote_identifier(get_namespace_name(schema)), name),
                    errhint("Lucia runs the tables' code as their owner and cannot tell whose code a view or "
                            "foreign table runs; keep auth_user, auth_session and auth_key plain tables.")));
}

// The role chosen so far, and what made it: each candidate is either the same role, a superuser
// (ignored: its code would run as lucia_owner or that role, with fewer rights), or refused.
struct RunAsChoice {
    Oid schema;
    Oid role = InvalidOid;
    const char *what = nullptr;

    void consider(Oid candidate, const char *candidate_what) {
        if (!OidIsValid(candidate) || superuser_arg(candidate)) return;
        if (!OidIsValid(role)) {
            role = candidate;
            what = candidate_what;
        } else if (candidate != role) {
            refuse_two_owners(schema, what, role, candidate_what, candidate);
        }
    }
};

// The one role that is not a superuser among the owners of `schema`'s tables (their partitions
// and child tables included), the schema's owner
// and, when a table is missing, the roles that may create it there (PUBLIC included); InvalidOid
// when superusers own them all. Why the schema: its owner can rename it, or drop the tables, and
// put its own in their place between this decision and the queries that follow (which find the
// tables by name), so whatever they then reach must run with no more than its rights. A
// superuser-owned table's code runs as lucia_owner then, or as that role: both have fewer rights
// than a superuser. The schema must exist: whoever could create it later would win the same race.
static Oid find_run_as_role(Oid schema) {
    static const char *const names[] = {"auth_user", "auth_session", "auth_key"};
    if (!OidIsValid(schema))
        ereport(ERROR,
                (errcode(ERRCODE_UNDEFINED_SCHEMA), errmsg("lucia: schema %s (lucia.tables_schema) does not exist",
                                                           quote_identifier(lucia_tables_schema_name()))));
    RunAsChoice choice{schema};
    bool table_missing = false;
    for (const char *name : names) {
        Oid relation = get_relname_relid(name, schema);
        if (!OidIsValid(relation)) {
            table_missing = true;
            continue;
        }
        require_table(schema, name, relation);
        // The table itself comes first, then its partitions and child tables, whose triggers,
        // defaults and policies fire too when lucia writes or reads through the parent.
        List *family = find_all_inheritors(relation, NoLock, nullptr);
        ListCell *cell;
        foreach (cell, family) {
            Oid member = lfirst_oid(cell);
            choice.consider(relation_owner(member), member == relation ? name : "a partition or child table");
        }
    }
    Acl *acl;
    choice.consider(schema_owner(schema, &acl), "schema");
    if (table_missing && acl != nullptr) {
        const AclItem *items = ACL_DAT(acl);
        for (int i = 0; i < ACL_NUM(acl); ++i) {
            if ((ACLITEM_GET_PRIVS(items[i]) & ACL_CREATE) == 0) continue;
            Oid grantee = resolved_role(items[i].ai_grantee);
            if (grantee == ACL_ID_PUBLIC)
                ereport(
                    ERROR,
                    (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                     errmsg("lucia: schema %s lacks one of auth_user, auth_session, auth_key, and PUBLIC may create it",
                            quote_identifier(get_namespace_name(schema))),
                     errhint("Create the tables (lucia_create_tables) or REVOKE CREATE ON SCHEMA %s FROM PUBLIC.",
                             quote_identifier(get_namespace_name(schema)))));
            choice.consider(grantee, "CREATE on the schema");
        }
    }
    return choice.role;
}

// The role to run as, remembered.
static Oid run_as_role_for_tables(void) {
    static bool callbacks_registered = false;
    if (!callbacks_registered) {
        CacheRegisterSyscacheCallback(RELOID, forget_run_as, (Datum)0);
        CacheRegisterSyscacheCallback(NAMESPACEOID, forget_run_as, (Datum)0);
        CacheRegisterSyscacheCallback(AUTHOID, forget_run_as, (Datum)0);
        CacheRegisterSyscacheCallback(DATABASEOID, forget_run_as, (Datum)0);
        callbacks_registered = true;
    }
    Oid schema = lucia_tables_schema_oid();
    if (run_as_known && run_as_schema == schema) return run_as_role;
    Oid role = find_run_as_role(schema);
    run_as_schema = schema;
    run_as_role = role;
    run_as_known = true;
    return role;
}

void lucia_become_tables_owner(LuciaSavedUser *saved) {
    Oid role = run_as_role_for_tables();
    GetUserIdAndSecContext(&saved->user, &saved->sec_context);
    SetUserIdAndSecContext(OidIsValid(role) ? role : saved->user,
                           saved->sec_context | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
    saved->guc_nest_level = NewGUCNestLevel();
}

void lucia_restore_user(const LuciaSavedUser *saved) {
    AtEOXact_GUC(false, saved->guc_nest_level);
    SetUserIdAndSecContext(saved->user, saved->sec_context);
}
