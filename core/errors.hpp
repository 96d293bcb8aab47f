// Lucia v1 error codes and the exception that carries them through core/.
#pragma once
#include "no_database_headers.hpp"

#include <stdexcept>
#include <string>

namespace lucia {

// Lucia v1's `LuciaError` messages (spec 1.3), plus codes of ours for bad arguments.
enum class ErrorCode {
    InvalidSessionId,    // AUTH_INVALID_SESSION_ID
    InvalidPassword,     // AUTH_INVALID_PASSWORD
    DuplicateKeyId,      // AUTH_DUPLICATE_KEY_ID
    InvalidKeyId,        // AUTH_INVALID_KEY_ID
    InvalidUserId,       // AUTH_INVALID_USER_ID
    DuplicateSessionId,  // AUTH_DUPLICATE_SESSION_ID
    ExpiredKey,          // AUTH_EXPIRED_KEY
    OutdatedPassword,    // AUTH_OUTDATED_PASSWORD
    InvalidRequest,      // AUTH_INVALID_REQUEST
    UnknownError,        // UNKNOWN_ERROR
    InvalidArgument,     // AUTH_INVALID_ARGUMENT (ours: NULL, empty, too long, bad UTF-8, bad attribute)
    DuplicateUserId,     // AUTH_DUPLICATE_USER_ID (ours: a custom user id that already exists)
    PrimaryRequired,     // AUTH_PRIMARY_REQUIRED (ours: a standby cannot answer this call; send it to the primary)
};

// The code as Lucia spells it, e.g. "AUTH_INVALID_KEY_ID"; every error message starts with it.
const char* error_code_name(ErrorCode code) noexcept;

// The five-character SQLSTATE documented for the code (class "LU"), so clients can branch on it.
const char* error_sqlstate(ErrorCode code) noexcept;

// Thrown by core functions; adapters catch it at their boundary and re-raise it natively.
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& detail);
    ErrorCode code() const noexcept { return code_; }
    // The human-readable part after the code, e.g. "session id must be 40 characters".
    const std::string& detail() const noexcept { return detail_; }

private:
    ErrorCode code_;
    std::string detail_;
};

}  // namespace lucia
