// Key ids "<providerId>:<providerUserId>" (spec section 2, "Key id").
#pragma once
#include "no_database_headers.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace lucia {

inline constexpr std::size_t kMaxKeyIdBytes = 255;  // VARCHAR(255) in Lucia's MySQL and SQLite DDL
inline constexpr std::size_t kMaxUserIdBytes = 255;

// providerId + ":" + providerUserId, unescaped, as Lucia builds it.
// Throws Error(InvalidArgument) if either part is empty or invalid UTF-8, if providerId contains
// ':' (it would not round-trip), or if the result exceeds kMaxKeyIdBytes.
std::string format_key_id(std::string_view provider_id, std::string_view provider_user_id);

struct KeyIdParts {
    std::string_view provider_id;       // text before the first ':'
    std::string_view provider_user_id;  // the rest, which may itself contain ':'
};

// Lucia's transformDatabaseKey split. A stored id without ':' gives the whole id as provider_id
// and an empty provider_user_id, as JavaScript's split/join does.
KeyIdParts split_key_id(std::string_view key_id) noexcept;

// A user id given by a caller (custom ids): 1..kMaxUserIdBytes bytes of valid UTF-8.
// Throws Error(InvalidArgument) otherwise.
void check_custom_user_id(std::string_view user_id);

}  // namespace lucia
