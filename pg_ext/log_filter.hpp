// Keeps passwords handed to lucia functions out of the server log (STATEMENT, CONTEXT, DETAIL and
// QUERY lines), whatever error or message ends the statement: wrong password, timeout, cancel,
// terminate, a failure nested in PL/pgSQL or DO, bound parameters logged on error.
#pragma once

#include "pg_headers.hpp"

// Set by lucia_log_filter_mark: the top-level transaction (its local id) that handled a password.
extern bool lucia_log_filter_marked;
extern LocalTransactionId lucia_log_filter_lxid;

// Marks the current transaction: until it ends (and until the next one starts), every message
// this backend logs loses its statement, context, detail and internal query. Called on entry to
// every function that takes a password and on every error leaving a lucia function; two stores.
static inline void lucia_log_filter_mark(void) {
    lucia_log_filter_lxid = MyProc->lxid;
    lucia_log_filter_marked = true;
}

// What lucia shows in place of a statement's text: in log lines that quote it, and to the tables'
// code through current_query() while a lucia function runs.
inline constexpr char kLuciaHiddenStatement[] = "(statement hidden by lucia)";

// Installs the emit_log_hook (chaining any previous one); called once from _PG_init.
void lucia_log_filter_install(void);
