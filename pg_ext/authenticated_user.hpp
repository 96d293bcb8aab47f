// The transaction's authenticated user, held in this backend's memory (never in a setting, which
// SET, set_config or a pooled predecessor could write). Why its own file: it is the one place that
// decides who RLS policies see as the user (lucia_authenticated_user_id()), and the only way in is
// a session that lucia_read_live_session validated.
//
// Scope: the current transaction. COMMIT, ROLLBACK and PREPARE TRANSACTION clear it. Within a
// transaction it follows subtransactions as data does: an authentication made, or cleared, in a
// subtransaction that rolls back (ROLLBACK TO SAVEPOINT, a PL/pgSQL EXCEPTION block) is undone,
// and RELEASE keeps it. The one exception is a failed authentication: it leaves nobody
// authenticated whatever rolls back afterwards, so catching its error never brings an earlier
// user back.
#pragma once

#include "arguments.hpp"
#include "result_rows.hpp"

// Registers the transaction and subtransaction callbacks (once, from _PG_init).
void lucia_authenticated_user_install(void);

// Checks session_id as lucia_validate_session's argument (NULL data: SQL NULL), reads the session
// as lucia_read_live_session does (`use`: enum LuciaSessionUse) and makes its user the
// authenticated user. Any earlier authentication is cleared first; if the check or the read
// raises, nobody is authenticated afterwards, at any subtransaction level. *fresh as
// lucia_read_live_session.
LuciaSessionRow *lucia_authenticate_session(const LuciaText *session_id, int64 now_ms, int use, MemoryContext context,
                                            bool *fresh);

// Nobody is authenticated from now on (undone if this subtransaction rolls back).
void lucia_clear_authenticated_user(void);

// A failed authentication attempt: nobody is authenticated from now on, whatever subtransaction
// rolls back afterwards (called while its error propagates).
void lucia_forget_authenticated_user(void);

// The authenticated user's id as text, or NULL. The value lives until the transaction ends and
// must not be changed or freed by the caller.
text *lucia_authenticated_user(void);
