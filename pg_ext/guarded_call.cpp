// lucia_guarded_call: the statement hidden from the log, the tables' errors re-coded by SQLSTATE,
// table and constraint name, the body run as the tables' owner (guarded_call.hpp).
#include "guarded_call.hpp"

#include "log_filter.hpp"
#include "standby.hpp"
#include "table_owner.hpp"

#include <string.h>

// True for SQLSTATEs of class LU, i.e. errors this extension raised itself.
static bool is_lucia_error(int sqlerrcode) {
    return PGUNSIXBIT(sqlerrcode) == 'L' && PGUNSIXBIT(sqlerrcode >> 6) == 'U';
}

// True when the error names one of Lucia's three tables (any schema: the tables are found by name).
static bool on_lucia_table(const ErrorData *edata) {
    const char *table = edata->table_name;
    return table != nullptr &&
           (strcmp(table, "auth_user") == 0 || strcmp(table, "auth_key") == 0 || strcmp(table, "auth_session") == 0);
}

// True when the constraint is the table's primary key as PostgreSQL names it (<table>_pkey).
static bool on_primary_key(const ErrorData *edata) {
    const char *constraint = edata->constraint_name;
    size_t length = strlen(edata->table_name);
    return constraint != nullptr && strncmp(constraint, edata->table_name, length) == 0 &&
           strcmp(constraint + length, "_pkey") == 0;
}

// Which Lucia code a table error means, or -1 to leave it as PostgreSQL raised it. Decided by
// SQLSTATE, table and constraint name, never by message text (translated under lc_messages).
// raised_in_trigger: the error came from a trigger our statement fired (the application's code).
static int lucia_code_for_table_error(const ErrorData *edata, bool raised_in_trigger) {
    if (on_lucia_table(edata)) {
        if (edata->sqlerrcode == ERRCODE_UNIQUE_VIOLATION && on_primary_key(edata)) {
            if (strcmp(edata->table_name, "auth_key") == 0) return LUCIA_DUPLICATE_KEY_ID;
            if (strcmp(edata->table_name, "auth_session") == 0) return LUCIA_DUPLICATE_SESSION_ID;
            return LUCIA_DUPLICATE_USER_ID;
        }
        // Lucia's auth_key and auth_session have one foreign key: user_id to auth_user.
        if (edata->sqlerrcode == ERRCODE_FOREIGN_KEY_VIOLATION) return LUCIA_INVALID_USER_ID;
        if (ERRCODE_TO_CATEGORY(edata->sqlerrcode) == ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION)
            return LUCIA_INVALID_ARGUMENT;
    }
    // A value of the caller's that a column refused (jsonb_populate_record's casts, a too-long
    // varchar); the same SQLSTATE raised by the application's trigger is the application's error.
    if (ERRCODE_TO_CATEGORY(edata->sqlerrcode) == ERRCODE_DATA_EXCEPTION && !raised_in_trigger)
        return LUCIA_INVALID_ARGUMENT;
    return -1;
}

// pg_trigger_depth() when the latest error was raised (set by note_trigger_depth), -1: not seen.
static int error_trigger_depth = -1;

// How many triggers are running now (nested), as pg_trigger_depth() tells SQL.
static int current_trigger_depth(void) {
    LOCAL_FCINFO(call, 0);
    InitFunctionCallInfoData(*call, nullptr, 0, InvalidOid, nullptr, nullptr);
    return DatumGetInt32(pg_trigger_depth(call));
}

// An error context callback: errfinish runs it while the raising code (maybe a trigger) is still
// on the stack, which is the one moment the trigger depth of the error can be seen.
static void note_trigger_depth(void *) {
    error_trigger_depth = current_trigger_depth();
}

Datum lucia_guarded_call(FunctionCallInfo fcinfo, PGFunction body, bool as_tables_owner) {
    MemoryContext caller_context = CurrentMemoryContext;
    volatile Datum result = (Datum)0;
    const char *volatile caller_statement = debug_query_string;
    const int call_trigger_depth = current_trigger_depth();
    ErrorContextCallback depth_probe = {error_context_stack, note_trigger_depth, nullptr};
    bool outer_write = false;
    lucia_write_call_begin(&outer_write);
    error_trigger_depth = -1;
    PG_TRY();
    {
        error_context_stack = &depth_probe;  // PG_CATCH puts the caller's stack back
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
        error_context_stack = depth_probe.previous;
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
            int code = lucia_code_for_table_error(edata, error_trigger_depth > call_trigger_depth);
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
