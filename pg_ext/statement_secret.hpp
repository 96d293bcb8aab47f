// Keeps a credential that a statement carries as a literal (a password, a session id) out of
// pg_stat_activity, where other backends of the same role and members of pg_read_all_stats read
// every backend's statement text, and out of the server log, once a lucia function receives it.
// Bind parameters never put it there; this narrows a literal's exposure to parse and plan time.
#pragma once

#include "pg_headers.hpp"

// A function that takes a password: its statement's text leaves pg_stat_activity whatever it
// contains (a password literal may be quoted or escaped beyond recognition). The log filter is
// marked separately (lucia_password_arg).
void lucia_hide_statement_activity(void);

// A session id (or a cookie carrying one): each run of 16 or more ASCII letters and digits in it
// (a session id is one run of 40) that the statement's text contains is replaced there, in the text
// pg_stat_activity shows, by "(secret hidden by lucia)", and the transaction's log lines lose the
// statement (lucia_log_filter_mark). The rest of the statement stays visible: a caller cannot use a
// lucia function to hide what else its statement does from those who watch pg_stat_activity.
void lucia_hide_statement_containing(const char *secret, size_t length);

// The statement the caller of the current lucia function runs (debug_query_string before
// lucia_guarded_call hides it from the tables' code); nullptr outside a lucia function.
const char *lucia_caller_statement(void);
void lucia_set_caller_statement(const char *statement);
