// Rows of the three tables as the functions read them, and as JSON results with the field names
// of PostgreSQL's lucia_user, lucia_session, lucia_session_user and lucia_key.
#pragma once

#include "statement.hpp"

#include "core/json_writer.hpp"
#include "core/key_use.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace lucia_sqlite {

struct SessionRow {
    std::string session_id;
    std::string user_id;
    std::int64_t active_expires = 0;
    std::int64_t idle_expires = 0;
};

struct KeyRow {
    std::string key_id;
    std::string user_id;
    bool primary_key = false;
    std::optional<std::string> hashed_password;
    std::optional<std::int64_t> expires;
};

// {"session_id", "user_id", "active_period_expires_at", "idle_period_expires_at", "state", "fresh",
//  "active_expires", "idle_expires"} plus "user_attributes" when given, written by core/session_json.
lucia::JsonText session_json(const SessionRow& session, std::int64_t now_ms, bool fresh,
                             const std::optional<std::string>& user_attributes = std::nullopt);

// The lucia_key object of the row, as core/key_result.hpp writes it for every engine.
std::string key_json(const KeyRow& key, std::int64_t now_ms);

// The current row's columns from `first` on, except "id", as a JSON object: the user's attributes.
std::string attributes_json(const Statement& row, int first);

// Lucia's StoredKey view of a row, for the shared decisions in core/key_use.hpp.
lucia::StoredKey stored_key(const KeyRow& key);

// The current row of a "SELECT id, user_id, primary_key, hashed_password, expires" statement.
KeyRow key_from_row(const Statement& row);

// SQL that reads key rows; '@' is the schema.
inline constexpr const char* kKeyColumns =
    "SELECT id, user_id, CAST(primary_key AS INTEGER), hashed_password, CAST(expires AS INTEGER) FROM @.auth_key";

// Sets a key's password and returns its row in kKeyColumns' order; ?1 is the id, ?2 the hash.
inline constexpr const char* kUpdateKeyPassword =
    "UPDATE @.auth_key SET hashed_password = ?2 WHERE id = ?1 "
    "RETURNING id, user_id, CAST(primary_key AS INTEGER), hashed_password, CAST(expires AS INTEGER)";

}  // namespace lucia_sqlite
