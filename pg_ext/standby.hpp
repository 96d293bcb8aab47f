// What lucia answers on a hot standby, and the commit wait of lucia.synchronous_apply.
// Why: a standby cannot write, and it may lag behind the primary, so it may give only answers
// that lag cannot make wrong; everything else is AUTH_PRIMARY_REQUIRED (LU012), the one code a
// driver catches to send the call to the primary.
#pragma once

#include "pg_headers.hpp"

// True on a hot standby (recovery in progress) or in a read-only transaction (BEGIN READ ONLY,
// default_transaction_read_only, PostgREST's GET requests): no writes, no row locks.
bool lucia_cannot_write(void);

// Called before a function's first write. On a standby or in a read-only transaction raises
// AUTH_PRIMARY_REQUIRED ("<what> writes, and this server is a standby; ..." or "... this
// transaction is read-only; ..."), before PostgreSQL's generic read-only error (25006) could;
// on the primary, with lucia.synchronous_apply on, asks for remote_apply (lucia_write_call_end).
void lucia_begin_write(const char *what);

// A "no such row" or "does not match" answer: `code: detail` on the primary; on a standby, where
// replication lag may be the cause, AUTH_PRIMARY_REQUIRED, so the call is retried on the primary.
[[noreturn]] void lucia_raise_negative(int code, const char *detail);

// Brackets one SQL-callable function (guarded_call.cpp). The function's settings are undone when it
// returns (its GUC nest level, table_owner.hpp), so the remote_apply it asked for is set after
// that, for the rest of the caller's transaction; *outer keeps an enclosing call's request.
void lucia_write_call_begin(bool *outer);
void lucia_write_call_end(bool outer, bool succeeded);

// Registers the transaction callbacks that make a surviving write's commit use remote_apply even
// when synchronous_commit was changed after the call (once, from _PG_init).
void lucia_synchronous_apply_install(void);
