#include "errors.hpp"

namespace lucia {

// Adapters and clients match on these exact strings, so they must spell Lucia's codes verbatim.
const char* error_code_name(ErrorCode code) noexcept {
    switch (code) {
#define LUCIA_NAME_CASE(cpp_name, c_name, name, sqlstate) \
    case ErrorCode::cpp_name: return name;
        LUCIA_ERROR_CODES(LUCIA_NAME_CASE)
#undef LUCIA_NAME_CASE
    }
    return "UNKNOWN_ERROR";
}

// The SQLSTATEs are documented to clients; UNKNOWN_ERROR gets LU000 as the catch-all of the class.
const char* error_sqlstate(ErrorCode code) noexcept {
    switch (code) {
#define LUCIA_SQLSTATE_CASE(cpp_name, c_name, name, sqlstate) \
    case ErrorCode::cpp_name: return sqlstate;
        LUCIA_ERROR_CODES(LUCIA_SQLSTATE_CASE)
#undef LUCIA_SQLSTATE_CASE
    }
    return "LU000";
}

// what() leads with the code so that a plain log line still says which Lucia error it was.
Error::Error(ErrorCode code, const std::string& detail)
    : std::runtime_error(std::string(error_code_name(code)) + ": " + detail), code_(code), detail_(detail) {}

}  // namespace lucia
