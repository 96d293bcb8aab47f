// The authenticated user of one scope (issue 15; in SQLite the connection: pg_ext keeps
// PostgreSQL's, per transaction, in backend memory of its own) and the rules every engine follows:
// only a validated session sets it, and an authentication first forgets the earlier one, so a
// failed lucia_authenticate leaves nobody authenticated.
#pragma once
#include "no_database_headers.hpp"

#include <optional>
#include <string>

namespace lucia {

class AuthenticatedUser {
public:
    // lucia_authenticate's first step, before the session is even read: nobody is authenticated
    // until the validation succeeds, so any failure on the way leaves nobody.
    void begin_authentication() noexcept;
    // lucia_authenticate's last step: `user_id` is the user of the session it has just validated.
    void authenticate(std::string user_id) noexcept;
    // lucia_clear_authentication: nobody is authenticated.
    void clear() noexcept;
    // lucia_authenticated_user_id: the user's id, or nullptr when nobody is authenticated.
    const std::string* user_id() const noexcept;

private:
    std::optional<std::string> user_id_;
};

}  // namespace lucia
