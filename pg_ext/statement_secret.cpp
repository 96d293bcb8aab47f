// Credentials in statement texts: pg_stat_activity and the log (statement_secret.hpp).
#include "statement_secret.hpp"

#include "log_filter.hpp"

extern "C" {
#include "utils/backend_status.h"
}

#include <cstring>

// Set by lucia_guarded_call for the time a lucia function runs; nullptr outside one.
static const char *caller_statement = nullptr;

// The last statement that carried a credential (a copy, to tell when the statement changes) and
// the text pg_stat_activity shows for it: each lucia call of the statement masks its own secret in
// what the earlier ones left. hidden_whole: a password function hid it all, and it stays hidden.
static char *secret_statement = nullptr;
static char *masked_statement = nullptr;
static bool hidden_whole = false;

// What replaces a session id in the text pg_stat_activity shows.
static constexpr char kMaskedSecret[] = "(secret hidden by lucia)";

// The shortest run of letters and digits taken for a credential (a session id has 40).
static constexpr size_t kMinSecretRun = 16;

const char *lucia_caller_statement(void) {
    return caller_statement;
}

void lucia_set_caller_statement(const char *statement) {
    caller_statement = statement;
}

// The statement of the lucia function running now: its caller's, or this backend's.
static const char *current_statement(void) {
    return caller_statement != nullptr ? caller_statement : debug_query_string;
}

// Starts over when `statement` is not the one remembered (copies live in TopMemoryContext).
static void remember_statement(const char *statement) {
    if (secret_statement != nullptr && strcmp(secret_statement, statement) == 0) return;
    if (secret_statement != nullptr) pfree(secret_statement);
    if (masked_statement != nullptr) pfree(masked_statement);
    secret_statement = masked_statement = nullptr;  // an out-of-memory error below leaves none
    masked_statement = MemoryContextStrdup(TopMemoryContext, statement);
    secret_statement = MemoryContextStrdup(TopMemoryContext, statement);
    hidden_whole = false;
}

// Shows `text` as this backend's statement, with the query id kept (pg_stat_activity's query_id
// still groups it with its kind).
static void report_activity(const char *text) {
    uint64 query_id = pgstat_get_my_query_id();
    pgstat_report_activity(STATE_RUNNING, text);
    pgstat_report_query_id(query_id, true);
}

// Replaces every occurrence of run in masked_statement with kMaskedSecret.
static void mask_run(const char *run, size_t length) {
    StringInfoData masked;
    initStringInfo(&masked);
    const char *rest = masked_statement;
    const char *end = rest + strlen(rest);
    for (const char *at; (at = static_cast<const char *>(memmem(rest, end - rest, run, length))) != nullptr;
         rest = at + length) {
        appendBinaryStringInfo(&masked, rest, static_cast<int>(at - rest));
        appendStringInfoString(&masked, kMaskedSecret);
    }
    appendStringInfoString(&masked, rest);
    char *previous = masked_statement;
    masked_statement = MemoryContextStrdup(TopMemoryContext, masked.data);
    pfree(previous);
    pfree(masked.data);
}

// A password may be quoted or escaped beyond recognition: the whole statement goes.
void lucia_hide_statement_activity(void) {
    if (!pgstat_track_activities) return;
    const char *statement = current_statement();
    if (statement != nullptr) {
        remember_statement(statement);
        hidden_whole = true;
    }
    report_activity(kLuciaHiddenStatement);
}

// An ASCII letter or digit, whatever the locale: the alphabet of lucia's ids.
static bool is_id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Only runs of 16 or more letters and digits are masked: a session id is one, and no SQL keyword,
// space or quote is in one, so a caller can mask nothing of its statement but such a token.
void lucia_hide_statement_containing(const char *secret, size_t length) {
    const char *statement = current_statement();
    if (secret == nullptr || statement == nullptr) return;
    const size_t statement_length = strlen(statement);
    bool found = false;
    for (size_t start = 0; start < length;) {
        CHECK_FOR_INTERRUPTS();  // a cookie of many runs in a long statement takes a while
        size_t end = start;
        while (end < length && is_id_char(secret[end])) ++end;
        if (end - start >= kMinSecretRun &&
            memmem(statement, statement_length, secret + start, end - start) != nullptr) {
            if (!found) remember_statement(statement);
            found = true;
            mask_run(secret + start, end - start);
        }
        start = end + 1;
    }
    if (!found) return;
    lucia_log_filter_mark();
    if (pgstat_track_activities) report_activity(hidden_whole ? kLuciaHiddenStatement : masked_statement);
}
