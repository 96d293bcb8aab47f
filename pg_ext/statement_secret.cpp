// Credentials in statement texts: pg_stat_activity and the log (statement_secret.hpp).
#include "statement_secret.hpp"

#include "log_filter.hpp"

extern "C" {
#include "utils/backend_status.h"
}

#include <cstring>

// Set by lucia_guarded_call for the time a lucia function runs; nullptr outside one.
static const char *caller_statement = nullptr;

const char *lucia_caller_statement(void) {
    return caller_statement;
}

void lucia_set_caller_statement(const char *statement) {
    caller_statement = statement;
}

// The statement text other backends see: replaced, with the query id kept (pg_stat_activity's
// query_id still groups it with its kind); nothing when activity tracking is off.
void lucia_hide_statement_activity(void) {
    if (!pgstat_track_activities) return;
    uint64 query_id = pgstat_get_my_query_id();
    pgstat_report_activity(STATE_RUNNING, kLuciaHiddenStatement);
    pgstat_report_query_id(query_id, true);
}

// memmem over the statement: the whole text is searched, as pg_stat_activity shows up to
// track_activity_query_size bytes of it and the log all of it.
void lucia_hide_statement_containing(const char *secret, size_t length) {
    const char *statement = caller_statement != nullptr ? caller_statement : debug_query_string;
    if (secret == nullptr || length < 16 || statement == nullptr) return;
    if (memmem(statement, strlen(statement), secret, length) == nullptr) return;
    lucia_log_filter_mark();
    lucia_hide_statement_activity();
}
