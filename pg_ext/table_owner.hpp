// Running the tables' code as the tables' owner. Why: the functions are SECURITY DEFINER
// (lucia_owner), and code a non-superuser can attach to the tables (triggers, rules, policies,
// column defaults, CHECK constraints, index expressions, column types' functions) would otherwise
// run with lucia_owner's rights, which reach every schema's auth_key. PostgreSQL's VACUUM, CLUSTER
// and CREATE INDEX meet the same threat the same way (vacuum.c, indexcmds.c).
#pragma once

#include "pg_headers.hpp"

// What lucia_restore_user puts back.
struct LuciaSavedUser {
    Oid user;
    int sec_context;
    int guc_nest_level;
};

// Becomes the owner of the tables in lucia.tables_schema (staying lucia_owner when superusers own
// them), in a security-restricted operation (no SET ROLE, no temporary objects), in a new GUC
// nest level (settings the tables' code changes are undone). Raises when non-superuser roles
// other than one own the tables: no single identity would then be safe for a query over them.
void lucia_become_tables_owner(LuciaSavedUser *saved);

// Undoes lucia_become_tables_owner. On an error in between, the (sub)transaction's abort restores
// the user, security context and settings, as it does after VACUUM.
void lucia_restore_user(const LuciaSavedUser *saved);
