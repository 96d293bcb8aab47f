// The rules every SQL argument must pass, with their messages, for every engine. Adapters read a
// value from their engine (absent = std::nullopt for SQL NULL) and hand it here; a refusal is a
// lucia::Error that the adapter re-raises natively.
#pragma once
#include "no_database_headers.hpp"

#include "errors.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lucia {

// The error for a required argument given as SQL NULL: "<what> must not be null".
Error null_argument(ErrorCode code, std::string_view what);

// A session id: NULL or not 40 bytes is AUTH_INVALID_SESSION_ID, before any table is read.
std::string_view session_id_argument(std::optional<std::string_view> id);

// A session id to invalidate: any text, since no stored row can match a wrong one; NULL is refused.
std::string_view invalidated_session_id_argument(std::optional<std::string_view> id);

// A user id to look up: NULL, empty or longer than any stored id is AUTH_INVALID_USER_ID.
std::string_view user_id_argument(std::optional<std::string_view> id);

// "<provider id>:<provider user id>" from two arguments; any problem is AUTH_INVALID_KEY_ID.
std::string key_id_argument(std::optional<std::string_view> provider_id,
                            std::optional<std::string_view> provider_user_id);

// A password's size, checked before anything (a conversion, a hash) is spent on it.
void check_password_length(std::size_t bytes);

// A password's bytes must be UTF-8, since Lucia hashes the UTF-8 of NFKC(password).
void check_password_encoding(std::string_view password);

// Both password checks, in that order: at most kMaxPasswordBytes bytes of valid UTF-8.
void check_password(std::string_view password);

// lucia_create_user: a password is stored on the user's key, so it needs the key's two ids.
void check_password_has_key(bool has_key, bool has_password);

// A password that must be given (hash, verify); NULL is AUTH_INVALID_ARGUMENT.
std::string_view required_password(std::optional<std::string_view> password);

// lucia_generate_random_string's length: 1..kMaxRandomStringLength.
std::size_t random_string_length_argument(std::optional<std::int64_t> length);

// lucia_verify_password's hash: unlike Lucia's validate, which answers false, a hash it cannot read
// is an error: bcrypt AUTH_OUTDATED_PASSWORD, anything else that is no scrypt hash AUTH_INVALID_ARGUMENT.
std::string_view verifiable_hash_argument(std::optional<std::string_view> hash);

// lucia_create_session_cookie: a session id needs its idle_expires and must be 40 bytes; both NULL
// give the blank cookie.
void check_session_cookie_arguments(std::optional<std::string_view> session_id, bool has_idle_expires);

// lucia_delete_expired_sessions' rows per batch: at least 1.
std::int64_t batch_size_argument(std::optional<std::int64_t> batch_size);

// lucia_delete_expired_sessions' number of batches: at least 1, or absent for "until none is left".
std::optional<std::int64_t> max_batches_argument(std::optional<std::int64_t> max_batches);

}  // namespace lucia
