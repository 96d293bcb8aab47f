// Raising Lucia errors in PostgreSQL, and the guard every SQL-callable function runs under.
#pragma once

#include "core_bridge.h"
#include "pg_headers.hpp"

// ereport(ERROR) with the code's SQLSTATE and a message "<CODE>: <detail>", kept out of the log's
// statement line (errhidestmt) because the statement may hold a password.
[[noreturn]] void lucia_raise(int code, const char *detail);

// Same, for a failure handed back by core_bridge.
[[noreturn]] void lucia_raise_failure(const LuciaFailure *failure);

// Runs body; any error it raises leaves with its statement hidden from the server log, and
// constraint and data errors from the tables are re-coded as Lucia errors. as_tables_owner: body
// runs as the tables' owner in a security-restricted operation (table_owner.hpp).
Datum lucia_guarded_call(FunctionCallInfo fcinfo, PGFunction body, bool as_tables_owner);

// Declares a SQL-callable function whose body runs under lucia_guarded_call.
#define LUCIA_GUARDED_FUNCTION(name, as_tables_owner)                                                 \
    static Datum name##_body(FunctionCallInfo fcinfo);                                              \
    extern "C" {                                                                                      \
    PG_FUNCTION_INFO_V1(name);                                                                        \
    Datum name(PG_FUNCTION_ARGS) { return lucia_guarded_call(fcinfo, name##_body, as_tables_owner); } \
    }                                                                                                 \
    static Datum name##_body([[maybe_unused]] FunctionCallInfo fcinfo)

// A function that touches no table.
#define LUCIA_FUNCTION(name) LUCIA_GUARDED_FUNCTION(name, false)

// A function that reads or writes the tables: its body runs as their owner.
#define LUCIA_TABLE_FUNCTION(name) LUCIA_GUARDED_FUNCTION(name, true)
