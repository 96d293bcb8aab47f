// The fields of Lucia's Key object and User object as every engine returns them: PostgreSQL
// fills lucia_key/lucia_user from key_fields, SQLite (and any engine that returns JSON) returns
// key_json/user_json, so the objects are the same in every engine, byte for byte.
#pragma once
#include "no_database_headers.hpp"

#include "key_use.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lucia {

// The derived fields of one auth_key row (the views point into the key id given).
struct KeyFields {
    const char* type;                   // "single_use" (expires is set) or "persistent"
    std::string_view provider_id;       // the key id before its first ':'
    std::string_view provider_user_id;  // after it
    bool password_defined;              // a non-empty hash is stored
    bool single_use;                    // expires_at, expired and expires are set only then
    bool expired;                       // single-use and now > expires
};
KeyFields key_fields(std::string_view key_id, const StoredKey& key, std::int64_t now_ms) noexcept;

// {"type", "provider_id", "provider_user_id", "user_id", "primary_key", "password_defined",
//  "expires_at", "expired", "expires"}: the lucia_key row as JSON.
std::string key_json(std::string_view key_id, std::string_view user_id, const StoredKey& key, std::int64_t now_ms);

// {"user_id", "attributes"}: the lucia_user row as JSON; attributes is already a JSON object.
std::string user_json(std::string_view user_id, std::string_view attributes);

}  // namespace lucia
