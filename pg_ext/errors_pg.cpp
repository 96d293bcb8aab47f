// Lucia errors as PostgreSQL errors: SQLSTATE class LU, message starting with Lucia's code.
#include "errors_pg.hpp"
#include "log_filter.hpp"
#include "standby.hpp"

#include "table_owner.hpp"

#include <string.h>

// The SQLSTATE that core/ documents for a code, in PostgreSQL's packed form.
static int lucia_sqlstate(int code) {
    const char *s = lucia_bridge_code_sqlstate(code);
    return MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
}

void lucia_raise(int code, const char *detail) {
    ereport(ERROR, (errcode(lucia_sqlstate(code)),
                    errmsg("%s: %s", lucia_bridge_code_name(code), detail), errhidestmt(true)));
    pg_unreachable();
}

void lucia_raise_failure(const LuciaFailure *failure) {
    lucia_raise(failure->code, failure->detail);
}

// True for SQLSTATEs of class LU, i.e. errors this extension raised itself.
static bool is_lucia_error(int sqlerrcode) {
    return PGUNSIXBIT(sqlerrcode) == 'L' && PGUNSIXBIT(sqlerrcode >> 6) == 'U';
}

// Which Lucia code a table error means, or -1 to leave it as PostgreSQL raised it.
static int lucia_code_for_table_error(const ErrorData *edata) {
    const char *table = edata->table_name == nullptr ? "" : edata->table_name;
    if (edata->sqlerrcode == ERRCODE_UNIQUE_VIOLATION) {
        bool on_id = edata->detail != nullptr && strncmp(edata->detail, "Key (id)=", 9) == 0;
        if (on_id && strcmp(table, "auth_key") == 0) return LUCIA_DUPLICATE_KEY_ID;
        if (on_id && strcmp(table, "auth_session") == 0) return LUCIA_DUPLICATE_SESSION_ID;
        if (on_id && strcmp(table, "auth_user") == 0) return LUCIA_DUPLICATE_USER_ID;
        return LUCIA_INVALID_ARGUMENT;
    }
    if (edata->sqlerrcode == ERRCODE_FOREIGN_KEY_VIOLATION) return LUCIA_INVALID_USER_ID;
    int error_class = ERRCODE_TO_CATEGORY(edata->sqlerrcode);
    if (error_class == ERRCODE_DATA_EXCEPTION || error_class == ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION)
        return LUCIA_INVALID_ARGUMENT;
    return -1;
}

Datum lucia_guarded_call(FunctionCallInfo fcinfo, PGFunction body, bool as_tables_owner) {
    MemoryContext caller_context = CurrentMemoryContext;
    volatile Datum result = (Datum)0;
    const char *volatile caller_statement = debug_query_string;
    bool outer_write = false;
    lucia_write_call_begin(&outer_write);
    PG_TRY();
    {
        LuciaSavedUser saved;
        if (as_tables_owner) {
            lucia_become_tables_owner(&saved);
            // current_query() would hand the tables' code the password in the caller's statement.
            debug_query_string = kLuciaHiddenStatement;
        }
        result = body(fcinfo);
        if (as_tables_owner) {
            debug_query_string = caller_statement;
            lucia_restore_user(&saved);
        }
        lucia_write_call_end(outer_write, true);
    }
    PG_CATCH();
    {
        lucia_write_call_end(outer_write, false);
        debug_query_string = caller_statement;
        MemoryContextSwitchTo(caller_context);
        ErrorData *edata = CopyErrorData();
        FlushErrorState();
        if (edata->elevel == ERROR && !is_lucia_error(edata->sqlerrcode)) {
            int code = lucia_code_for_table_error(edata);
            if (code >= 0) {
                edata->sqlerrcode = lucia_sqlstate(code);
                edata->message = psprintf("%s: %s", lucia_bridge_code_name(code), edata->message);
                edata->detail = nullptr;  // "Failing row contains (...)" may show a password hash
            }
        }
        edata->hide_stmt = true;
        lucia_log_filter_mark();  // the error may be logged later, with a CONTEXT, or re-raised
        ReThrowError(edata);
    }
    PG_END_TRY();
    return result;
}
