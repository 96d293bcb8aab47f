// Session rows in auth_session: insert, find, renew, sweep. Writers run inside a WriteTransaction.
#pragma once

#include "arguments.hpp"
#include "rows.hpp"

#include "core/session_lifecycle.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace lucia_sqlite {

// Inserts a new session for user_id (AUTH_INVALID_USER_ID if there is no such user, whatever
// PRAGMA foreign_keys says) and sweeps the user's dead sessions when cleanup is on.
SessionRow insert_session(const Call& call, std::string_view user_id, std::int64_t now_ms);

// The session if it is active or idle, and in *step what `use` does with it next (core decides:
// core/session_lifecycle.hpp); AUTH_INVALID_SESSION_ID when missing or dead. With user_attributes
// non-null, the user is joined and its attributes returned too.
SessionRow find_live_session(const Call& call, std::string_view session_id, std::int64_t now_ms, lucia::SessionUse use,
                             std::optional<std::string>* user_attributes, lucia::SessionStep* step);

// Lucia's validateSession of the session id in argument 0: the id checked, the live session read
// and, when idle, renewed inside a write transaction. Returns the lucia_session object (with
// `with_user`, lucia_session_user's, with the user's attributes); with user_id non-null, the
// session's user id goes there too.
lucia::JsonText validate_session(const Call& call, bool with_user, std::string* user_id = nullptr);

// Lucia's renewal in the mode lucia.renewal selects (rotate: a new session; extend: new expiries).
SessionRow renew_session_row(const Call& call, const SessionRow& session, std::int64_t now_ms);

// Deletes the user's dead sessions; returns how many.
std::int64_t delete_dead_sessions_of(const Call& call, std::string_view user_id, std::int64_t now_ms);

// Raises AUTH_INVALID_USER_ID unless the user exists.
void require_user(const Call& call, std::string_view user_id);

}  // namespace lucia_sqlite
