// Raising Lucia errors in PostgreSQL: SQLSTATE class LU, a message starting with Lucia's code.
#pragma once

#include "core_bridge.h"
#include "pg_headers.hpp"

// ereport(ERROR) with the code's SQLSTATE and a message "<CODE>: <detail>", kept out of the log's
// statement line (errhidestmt) because the statement may hold a password.
[[noreturn]] void lucia_raise(int code, const char *detail);

// Same, for a failure handed back by core_bridge.
[[noreturn]] void lucia_raise_failure(const LuciaFailure *failure);

// Same message under another SQLSTATE (packed, ERRCODE_*), for a client that maps SQLSTATEs to
// meanings of its own: the PostgREST pre-request refuses a request with 42501, which PostgREST
// turns into an HTTP status.
[[noreturn]] void lucia_raise_failure_as(int sqlerrcode, const LuciaFailure *failure);

// The packed SQLSTATE core/error_codes.def gives a code (class LU).
int lucia_sqlstate(int code);
