#include "errors.hpp"

namespace lucia {

// Adapters and clients match on these exact strings, so they must spell Lucia's codes verbatim.
const char* error_code_name(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::InvalidSessionId: return "AUTH_INVALID_SESSION_ID";
        case ErrorCode::InvalidPassword: return "AUTH_INVALID_PASSWORD";
        case ErrorCode::DuplicateKeyId: return "AUTH_DUPLICATE_KEY_ID";
        case ErrorCode::InvalidKeyId: return "AUTH_INVALID_KEY_ID";
        case ErrorCode::InvalidUserId: return "AUTH_INVALID_USER_ID";
        case ErrorCode::DuplicateSessionId: return "AUTH_DUPLICATE_SESSION_ID";
        case ErrorCode::ExpiredKey: return "AUTH_EXPIRED_KEY";
        case ErrorCode::OutdatedPassword: return "AUTH_OUTDATED_PASSWORD";
        case ErrorCode::InvalidRequest: return "AUTH_INVALID_REQUEST";
        case ErrorCode::UnknownError: return "UNKNOWN_ERROR";
        case ErrorCode::InvalidArgument: return "AUTH_INVALID_ARGUMENT";
        case ErrorCode::DuplicateUserId: return "AUTH_DUPLICATE_USER_ID";
        case ErrorCode::PrimaryRequired: return "AUTH_PRIMARY_REQUIRED";
    }
    return "UNKNOWN_ERROR";
}

// The SQLSTATEs are documented to clients; UNKNOWN_ERROR gets LU000 as the catch-all of the class.
const char* error_sqlstate(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::InvalidSessionId: return "LU001";
        case ErrorCode::InvalidPassword: return "LU002";
        case ErrorCode::DuplicateKeyId: return "LU003";
        case ErrorCode::InvalidKeyId: return "LU004";
        case ErrorCode::InvalidUserId: return "LU005";
        case ErrorCode::DuplicateSessionId: return "LU006";
        case ErrorCode::ExpiredKey: return "LU007";
        case ErrorCode::OutdatedPassword: return "LU008";
        case ErrorCode::InvalidRequest: return "LU009";
        case ErrorCode::UnknownError: return "LU000";
        case ErrorCode::InvalidArgument: return "LU010";
        case ErrorCode::DuplicateUserId: return "LU011";
        case ErrorCode::PrimaryRequired: return "LU012";
    }
    return "LU000";
}

// what() leads with the code so that a plain log line still says which Lucia error it was.
Error::Error(ErrorCode code, const std::string& detail)
    : std::runtime_error(std::string(error_code_name(code)) + ": " + detail),
      code_(code),
      detail_(detail) {}

}  // namespace lucia
