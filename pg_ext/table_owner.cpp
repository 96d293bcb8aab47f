#include "table_owner.hpp"

#include "settings.hpp"
#include "table_oids.hpp"

extern "C" {
#include "catalog/pg_class.h"
#include "utils/inval.h"
}

// The role to run as for the schema last asked about, remembered per backend until pg_class,
// pg_namespace or pg_authid changes (an owner, a table or a superuser flag may have changed).
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

// The one non-superuser role owning tables of `schema`, or InvalidOid when superusers own them
// all (or none exists). A superuser-owned table's code runs as lucia_owner then, or as the other
// tables' owner: both have fewer rights than a superuser.
static Oid find_run_as_role(Oid schema) {
    static const char *const names[] = {"auth_user", "auth_session", "auth_key"};
    Oid role = InvalidOid;
    const char *role_table = nullptr;
    for (const char *name : names) {
        Oid relation = OidIsValid(schema) ? get_relname_relid(name, schema) : InvalidOid;
        Oid owner = OidIsValid(relation) ? relation_owner(relation) : InvalidOid;
        if (!OidIsValid(owner) || superuser_arg(owner)) continue;
        if (!OidIsValid(role)) {
            role = owner;
            role_table = name;
        } else if (owner != role) {
            ereport(ERROR,
                    (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                     errmsg("lucia: the tables of schema %s have different owners (%s: %s, %s: %s)",
                            quote_identifier(get_namespace_name(schema)), role_table,
                            GetUserNameFromId(role, false), name, GetUserNameFromId(owner, false)),
                     errhint("Lucia runs the tables' triggers, defaults and policies as their owner; give the three "
                             "tables one owner (ALTER TABLE ... OWNER TO).")));
        }
    }
    return role;
}

// The role to run as, remembered.
static Oid run_as_role_for_tables(void) {
    static bool callbacks_registered = false;
    if (!callbacks_registered) {
        CacheRegisterSyscacheCallback(RELOID, forget_run_as, (Datum)0);
        CacheRegisterSyscacheCallback(NAMESPACEOID, forget_run_as, (Datum)0);
        CacheRegisterSyscacheCallback(AUTHOID, forget_run_as, (Datum)0);
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
