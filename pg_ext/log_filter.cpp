// The emit_log_hook that hides what a logged message could say about a password: the statement
// text (literals), CONTEXT lines (PL/pgSQL and SPI statements, bound parameters of
// log_parameter_max_length_on_error), DETAIL (bound parameters of log_statement and
// log_min_duration_statement) and QUERY (internal queries), and the statement's text where a
// message quotes it (log_statement, log_min_duration_statement, auto_explain).
#include "log_filter.hpp"

#include <string.h>

bool lucia_log_filter_marked = false;
LocalTransactionId lucia_log_filter_lxid = InvalidLocalTransactionId;

static emit_log_hook_type previous_emit_log_hook = nullptr;

// True while the marked transaction runs, during its end, and between it and the next one:
// PostgreSQL writes FATAL, abort and duration messages around the transaction's end.
static bool in_marked_transaction(void) {
    if (!lucia_log_filter_marked || MyProc == nullptr) return false;
    LocalTransactionId current = MyProc->lxid;
    return current == lucia_log_filter_lxid || current == InvalidLocalTransactionId;
}

// True if text names anything "lucia" (any case).
static bool mentions_lucia(const char *text) {
    if (text == nullptr) return false;
    for (; *text != '\0'; text++) {
        if ((text[0] | 0x20) == 'l' && (text[1] | 0x20) == 'u' && (text[2] | 0x20) == 'c' && (text[3] | 0x20) == 'i' &&
            (text[4] | 0x20) == 'a')
            return true;
    }
    return false;
}

// True if the message concerns a statement that names lucia: this backend's (an error raised
// before the function is entered: parse, plan, argument evaluation, a timeout) or another
// backend's quoted in DETAIL or CONTEXT (a deadlock report lists the other processes' statements).
static bool message_mentions_lucia(const ErrorData *edata) {
    return mentions_lucia(debug_query_string) || mentions_lucia(edata->detail_log) || mentions_lucia(edata->detail) ||
           mentions_lucia(edata->context) || mentions_lucia(edata->internalquery);
}

// Replaces the statement's text where the message quotes it whole: "statement: ...",
// "duration: ... statement: ..." (log_statement, log_min_duration_statement) and auto_explain's
// "Query Text: ...". Only such log lines quote the whole statement.
static void hide_statement_in_message(ErrorData *edata) {
    const char *text = debug_query_string;
    if (edata->message == nullptr || text == nullptr || text[0] == '\0') return;
    const char *at = strstr(edata->message, text);
    if (at == nullptr) return;
    StringInfoData message;
    initStringInfo(&message);
    appendBinaryStringInfo(&message, edata->message, static_cast<int>(at - edata->message));
    appendStringInfoString(&message, kLuciaHiddenStatement);
    appendStringInfoString(&message, at + strlen(text));
    edata->message = message.data;
}

// Runs for every message bound for the server log, before it is written.
static void lucia_emit_log_hook(ErrorData *edata) {
    if (in_marked_transaction() || message_mentions_lucia(edata)) {
        hide_statement_in_message(edata);
        edata->hide_stmt = true;
        edata->hide_ctx = true;
        if (edata->detail != nullptr || edata->detail_log != nullptr)
            edata->detail_log = pstrdup("(hidden by lucia: it may quote a password)");
        edata->internalquery = nullptr;
        edata->internalpos = 0;
    }
    if (previous_emit_log_hook != nullptr) previous_emit_log_hook(edata);
}

// Puts the hook first in the chain; the previous hook then sees the message already filtered.
void lucia_log_filter_install(void) {
    previous_emit_log_hook = emit_log_hook;
    emit_log_hook = lucia_emit_log_hook;
}
