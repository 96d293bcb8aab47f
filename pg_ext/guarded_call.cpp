// lucia_guarded_call: the statement hidden from the log, the tables' errors re-coded by SQLSTATE,
// table and constraint name, the body run as the tables' owner (guarded_call.hpp).
#include "guarded_call.hpp"

#include "log_filter.hpp"
#include "statement_secret.hpp"
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
// in_application_code: the error came from code our statement ran but the application wrote (a
// trigger, a function in a DEFAULT, a CHECK or a policy).
static int lucia_code_for_table_error(const ErrorData *edata, bool in_application_code) {
    if (on_lucia_table(edata)) {
        // Lucia's auth_key and auth_session have one foreign key: user_id to auth_user. Its check
        // is itself a trigger, so it is decided before asking whose code raised the error.
        if (edata->sqlerrcode == ERRCODE_FOREIGN_KEY_VIOLATION) return LUCIA_INVALID_USER_ID;
        // The application's trigger writing to Lucia's tables (a key it inserts twice): its error.
        if (in_application_code) return -1;
        if (edata->sqlerrcode == ERRCODE_UNIQUE_VIOLATION && on_primary_key(edata)) {
            if (strcmp(edata->table_name, "auth_key") == 0) return LUCIA_DUPLICATE_KEY_ID;
            if (strcmp(edata->table_name, "auth_session") == 0) return LUCIA_DUPLICATE_SESSION_ID;
            return LUCIA_DUPLICATE_USER_ID;
        }
        if (ERRCODE_TO_CATEGORY(edata->sqlerrcode) == ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION)
            return LUCIA_INVALID_ARGUMENT;
    }
    // A value of the caller's that a column refused (jsonb_populate_record's casts, a too-long
    // varchar); the same SQLSTATE raised by the application's code is the application's error.
    if (ERRCODE_TO_CATEGORY(edata->sqlerrcode) == ERRCODE_DATA_EXCEPTION && !in_application_code)
        return LUCIA_INVALID_ARGUMENT;
    return -1;
}

// pg_trigger_depth() when the latest error was raised (set by note_error_origin), -1: not seen.
static int error_trigger_depth = -1;

// How many error context callbacks sat above the guard's when the latest error was raised (set by
// note_error_origin). Lucia's own statement adds one (SPI's "SQL statement"); a function that
// statement called adds its own (PL/pgSQL's, SQL's "SQL function"), and that is application code.
// An expression written inline in a DEFAULT or a policy adds none and cannot be told from our own
// casts of the caller's values: its data errors are still AUTH_INVALID_ARGUMENT.
static int error_frames_above_guard = 0;

// How many triggers are running now (nested), as pg_trigger_depth() tells SQL.
static int current_trigger_depth(void) {
    LOCAL_FCINFO(call, 0);
    InitFunctionCallInfoData(*call, nullptr, 0, InvalidOid, nullptr, nullptr);
    return DatumGetInt32(pg_trigger_depth(call));
}

// An error context callback (`guard` is its own entry): errfinish runs it while the raising code
// is still on the stack, the one moment the trigger depth and the callers of the error can be seen.
static void note_error_origin(void *guard) {
    error_trigger_depth = current_trigger_depth();
    int frames = 0;
    for (ErrorContextCallback *entry = error_context_stack; entry != nullptr && entry != guard; entry = entry->previous)
        ++frames;
    error_frames_above_guard = frames;
}

Datum lucia_guarded_call(FunctionCallInfo fcinfo, PGFunction body, bool as_tables_owner) {
    MemoryContext caller_context = CurrentMemoryContext;
    volatile Datum result = (Datum)0;
    const char *volatile caller_statement = debug_query_string;
    // A nested lucia call (from the tables' code) keeps the outermost caller's statement.
    const char *volatile outer_statement = lucia_caller_statement();
    if (outer_statement == nullptr) lucia_set_caller_statement(caller_statement);
    const int call_trigger_depth = current_trigger_depth();
    ErrorContextCallback depth_probe = {error_context_stack, note_error_origin, nullptr};
    depth_probe.arg = &depth_probe;
    bool outer_write = false;
    lucia_write_call_begin(&outer_write);
    error_trigger_depth = -1;
    error_frames_above_guard = 0;
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
        lucia_set_caller_statement(outer_statement);
        lucia_write_call_end(outer_write, true);
    }
    PG_CATCH();
    {
        lucia_write_call_end(outer_write, false);
        debug_query_string = caller_statement;
        lucia_set_caller_statement(outer_statement);
        MemoryContextSwitchTo(caller_context);
        ErrorData *edata = CopyErrorData();
        FlushErrorState();
        if (edata->elevel == ERROR && !is_lucia_error(edata->sqlerrcode)) {
            bool in_application_code = error_trigger_depth > call_trigger_depth || error_frames_above_guard > 1;
            int code = lucia_code_for_table_error(edata, in_application_code);
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
