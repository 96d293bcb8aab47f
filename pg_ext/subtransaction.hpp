// Work run in a subtransaction of its own, so that an error it may meet is rolled back and
// answered instead of failing the caller's transaction. Why one helper: the memory context and
// resource owner dance of PostgreSQL's internal subtransactions is easy to get subtly wrong.
#pragma once

#include "pg_headers.hpp"

// Runs body(arg) in a new subtransaction. True: it returned, and its work is kept. False: it
// raised an error that accepted(sqlerrcode) accepts, and its work is rolled back. Any other error
// is raised again (after the rollback). body's allocations in the caller's memory context survive.
bool lucia_try_in_subtransaction(void (*body)(void *arg), void *arg, bool (*accepted)(int sqlerrcode));
