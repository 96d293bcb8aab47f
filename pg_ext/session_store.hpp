// Session operations shared by the session functions; all but lucia_find_live_session_direct and
// lucia_read_live_session run inside an open SPI connection.
#pragma once

#include "arguments.hpp"
#include "result_rows.hpp"

// Inserts a new session for user_id (AUTH_INVALID_USER_ID if there is no such user) and sweeps
// the user's dead sessions when lucia.auto_database_cleanup is on. Rows are allocated in `context`.
LuciaSessionRow *lucia_insert_session(const char *user_id, int64 now_ms, MemoryContext context);

// The session with this id if it is active or idle, and what `use` (enum LuciaSessionUse) does
// next with it (*step, enum LuciaSessionStep: core/session_lifecycle.hpp decides);
// AUTH_INVALID_SESSION_ID when it is missing or dead. With user_attributes non-NULL, the user is
// joined and its attributes are returned too.
LuciaSessionRow *lucia_find_live_session(const LuciaText *session_id, int64 now_ms, int use, MemoryContext context,
                                         Datum *user_attributes, bool read_only, int *step);

// The same through direct index reads only, needing no SPI connection: false when the tables
// must be read through SPI (then lucia_find_live_session_spi), else *session is the live session.
bool lucia_find_live_session_direct(const LuciaText *session_id, int64 now_ms, int use, MemoryContext context,
                                    Datum *user_attributes, bool read_only, LuciaSessionRow **session, int *step);

// The same through SPI only, for callers whose direct read already stepped aside.
LuciaSessionRow *lucia_find_live_session_spi(const LuciaText *session_id, int64 now_ms, int use, MemoryContext context,
                                             Datum *user_attributes, bool read_only, int *step);

// What lucia_get_session and lucia_validate_session (and their _user forms, and lucia_authenticate)
// do with a session id: the live session, read for `use` (enum LuciaSessionUse) and renewed first
// when core says so (*fresh tells), with its user's attributes in *user_attributes when that is
// not NULL; AUTH_INVALID_SESSION_ID when it is missing or dead. A session read directly and
// returned as read needs no SPI; otherwise SPI runs with the search_path pinned (pinned_spi.hpp).
LuciaSessionRow *lucia_read_live_session(const LuciaText *session_id, int64 now_ms, int use, MemoryContext context,
                                         Datum *user_attributes, bool *fresh);

// Lucia's renewal, in the mode lucia.renewal selects: rotate inserts a new session (and keeps the
// old row, as Lucia v1 does); extend moves this session's expiries forward in place.
LuciaSessionRow *lucia_renew_session_row(const LuciaSessionRow *session, int64 now_ms, MemoryContext context);

// Deletes the user's dead sessions; returns how many.
uint64 lucia_delete_dead_sessions_of(const char *user_id, int64 now_ms);
