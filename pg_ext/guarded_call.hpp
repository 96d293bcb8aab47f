// The guard every SQL-callable function of the extension runs under, and the macros that declare
// such a function. Why one guard: every error must leave with its statement hidden from the log
// (it may hold a password) and the tables' errors re-coded as Lucia's, whichever function raised it.
#pragma once

#include "errors_pg.hpp"

// Runs body; any error it raises leaves with its statement hidden from the server log, and
// constraint and data errors from the tables are re-coded as Lucia errors. as_tables_owner: body
// runs as the tables' owner in a security-restricted operation (table_owner.hpp).
Datum lucia_guarded_call(FunctionCallInfo fcinfo, PGFunction body, bool as_tables_owner);

// Declares a SQL-callable function whose body runs under lucia_guarded_call.
#define LUCIA_GUARDED_FUNCTION(name, as_tables_owner)                    \
    static Datum name##_body(FunctionCallInfo fcinfo);                   \
    extern "C" {                                                         \
    PG_FUNCTION_INFO_V1(name);                                           \
    Datum name(PG_FUNCTION_ARGS) {                                       \
        return lucia_guarded_call(fcinfo, name##_body, as_tables_owner); \
    }                                                                    \
    }                                                                    \
    static Datum name##_body([[maybe_unused]] FunctionCallInfo fcinfo)

// A function that touches no table.
#define LUCIA_FUNCTION(name) LUCIA_GUARDED_FUNCTION(name, false)

// A function that reads or writes the tables: its body runs as their owner.
#define LUCIA_TABLE_FUNCTION(name) LUCIA_GUARDED_FUNCTION(name, true)
