// SQL functions over the transaction's authenticated user (authenticated_user.hpp): the user that
// row-level security policies compare with, set only from a validated session.
#include "arguments.hpp"
#include "authenticated_user.hpp"
#include "core_bridge.h"
#include "errors_pg.hpp"
#include "guarded_call.hpp"
#include "statement_secret.hpp"

extern "C" {
#include "access/parallel.h"
#include "access/xact.h"
}

// lucia_authenticate(session_id) -> lucia_session: lucia_validate_session (the same checks,
// renewal, errors and result), and the session's user becomes the transaction's authenticated
// user. Outside a transaction block the authentication ends with the statement, so it warns as
// SET LOCAL does.
LUCIA_TABLE_FUNCTION(lucia_authenticate) {
    LuciaText session_id = lucia_text_arg(fcinfo, 0);  // checked by lucia_authenticate_session
    lucia_hide_statement_containing(session_id.data, session_id.length);
    int64 now = lucia_bridge_current_time_ms();
    bool fresh;
    LuciaSessionRow *session =
        lucia_authenticate_session(&session_id, now, LUCIA_USE_VALIDATE, CurrentMemoryContext, &fresh);
    if (!IsTransactionBlock())
        ereport(WARNING, (errcode(ERRCODE_NO_ACTIVE_SQL_TRANSACTION),
                          errmsg("%s%s", "lucia_authenticate", LUCIA_MSG_ONLY_IN_TRANSACTION_BLOCKS)));
    return lucia_session_datum(fcinfo, session, now, fresh, (Datum)0);
}

// lucia_clear_authentication(): nobody is authenticated from here on in this transaction.
LUCIA_FUNCTION(lucia_clear_authentication) {
    lucia_clear_authenticated_user();
    PG_RETURN_VOID();
}

// lucia_authenticated_user_id() -> text, NULL when nobody is authenticated. Called per row by
// row-level security policies, so it is not run under lucia_guarded_call: it reads one pointer,
// touches no table and sees no password. It returns a copy in the caller's memory, as every
// function must: the held value goes with its transaction, and a result can outlive it (a CALL
// argument is read by the procedure after a COMMIT inside it, when the ended transaction's memory
// already serves the next one). A parallel worker has memory of its own, where nobody is
// authenticated: there it raises rather than answer NULL (the function is PARALLEL RESTRICTED;
// only a wrapper declared PARALLEL SAFE could bring it there).
extern "C" {
PG_FUNCTION_INFO_V1(lucia_authenticated_user_id);
Datum lucia_authenticated_user_id(PG_FUNCTION_ARGS) {
    if (IsParallelWorker())
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("%s", LUCIA_MSG_PARALLEL_WORKER_USER)));
    text *user = lucia_authenticated_user();
    if (user == nullptr) PG_RETURN_NULL();
    size_t size = VARSIZE(user);
    text *copy = static_cast<text *>(palloc(size));
    memcpy(copy, user, size);
    PG_RETURN_TEXT_P(copy);
}
}
