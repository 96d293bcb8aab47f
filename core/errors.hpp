// Lucia v1 error codes and the exception that carries them through core/.
#pragma once
#include "no_database_headers.hpp"
#include "error_codes.def"
#include "messages.hpp"

#include <stdexcept>
#include <string>

namespace lucia {

// Lucia v1's `LuciaError` messages (spec 1.3), plus codes of ours for bad arguments; the list,
// with each code's name and SQLSTATE, is core/error_codes.def.
enum class ErrorCode {
#define LUCIA_ERROR_ENUMERATOR(cpp_name, c_name, name, sqlstate) cpp_name,
    LUCIA_ERROR_CODES(LUCIA_ERROR_ENUMERATOR)
#undef LUCIA_ERROR_ENUMERATOR
};

// The code as Lucia spells it, e.g. "AUTH_INVALID_KEY_ID"; every error message starts with it.
const char* error_code_name(ErrorCode code) noexcept;

// The five-character SQLSTATE documented for the code (class "LU"), so clients can branch on it.
const char* error_sqlstate(ErrorCode code) noexcept;

// Thrown by core functions; adapters catch it at their boundary and re-raise it natively.
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& detail);
    ErrorCode code() const noexcept {
        return code_;
    }
    // The human-readable part after the code, e.g. "session id must be 40 characters".
    const std::string& detail() const noexcept {
        return detail_;
    }

private:
    ErrorCode code_;
    std::string detail_;
};

}  // namespace lucia
