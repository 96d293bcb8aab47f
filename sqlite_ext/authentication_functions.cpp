// The authenticated user of the connection (issue 15): lucia_authenticate validates a session as
// lucia_validate_session does and makes its user the connection's authenticated user, which the
// application's queries and views read with lucia_authenticated_user_id() until
// lucia_clear_authentication(), another lucia_authenticate or the connection's close.
#include "functions.hpp"
#include "session_store.hpp"

#include <string>
#include <utility>

namespace lucia_sqlite {

// lucia_authenticate(session_id): lucia_validate_session's result. Nobody is authenticated from
// the start of the call, so a call that fails on anything leaves nobody.
void lucia_authenticate(const Call& call) {
    lucia::AuthenticatedUser& authenticated = call.connection.authenticated_user;
    authenticated.begin_authentication();
    std::string user_id;
    lucia::JsonText session = validate_session(call, false, &user_id);
    authenticated.authenticate(std::move(user_id));
    // Handed over, not copied: SQLite needs no memory for it, so the call does not fail for want of
    // memory after the user became authenticated.
    result_json(call, std::move(session));
}

// lucia_authenticated_user_id(): text, or NULL when nobody is authenticated. Reads memory only:
// cheap enough for a view's WHERE clause evaluated per row.
void lucia_authenticated_user_id(const Call& call) {
    const std::string* user_id = call.connection.authenticated_user.user_id();
    if (user_id == nullptr)
        sqlite3_result_null(call.context);
    else
        result_text(call, *user_id);
}

// lucia_clear_authentication(): NULL; nobody is authenticated afterwards (logging out, or before
// the connection serves another user).
void lucia_clear_authentication(const Call& call) {
    call.connection.authenticated_user.clear();
    sqlite3_result_null(call.context);
}

}  // namespace lucia_sqlite
