// SQL helpers around Lucia's auth: random strings, password hashes, the session cookie and
// request parsing with the CSRF origin check.
#include "arguments.hpp"
#include "core_bridge.h"
#include "errors_pg.hpp"
#include "guarded_call.hpp"
#include "session_cookie.hpp"
#include "settings.hpp"
#include "statement_secret.hpp"

// lucia_generate_random_string(length) -> text over Lucia's 62 symbols.
LUCIA_FUNCTION(lucia_generate_random_string) {
    int32 length = lucia_random_string_length_arg(fcinfo, 0);
    char *out = static_cast<char *>(palloc(length + 1));
    LuciaFailure failure;
    if (!lucia_bridge_random_string(static_cast<size_t>(length), out, &failure)) lucia_raise_failure(&failure);
    PG_RETURN_TEXT_P(cstring_to_text(out));
}

// lucia_hash_password(password) -> text, a Lucia v1 "s2:" hash of the NFKC form.
LUCIA_FUNCTION(lucia_hash_password) {
    LuciaText password = lucia_required_password_arg(fcinfo, 0);
    char hash[LUCIA_HASH_LENGTH + 1];
    LuciaFailure failure;
    bool hashed = lucia_bridge_hash_password(password.data, password.length, hash, &failure);
    lucia_wipe_password(&password);
    if (!hashed) lucia_raise_failure(&failure);
    PG_RETURN_TEXT_P(cstring_to_text(hash));
}

// lucia_verify_password(password, hash) -> boolean. Unlike Lucia's validate, which answers false,
// a hash it cannot read is an error: bcrypt AUTH_OUTDATED_PASSWORD, anything else AUTH_INVALID_ARGUMENT.
LUCIA_FUNCTION(lucia_verify_password) {
    LuciaText password = lucia_required_password_arg(fcinfo, 0);
    LuciaText hash = lucia_verifiable_hash_arg(fcinfo, 1);
    bool matches = false;
    LuciaFailure failure;
    bool verified =
        lucia_bridge_verify_password(password.data, password.length, hash.data, hash.length, &matches, &failure);
    lucia_wipe_password(&password);
    if (!verified) lucia_raise_failure(&failure);
    PG_RETURN_BOOL(matches);
}

// lucia_create_session_cookie(session_id, idle_expires) -> text, the Set-Cookie value. Both NULL
// give the blank cookie that logs the browser out.
LUCIA_FUNCTION(lucia_create_session_cookie) {
    LuciaText session_id = lucia_text_arg(fcinfo, 0);
    lucia_check_session_cookie_args(fcinfo, session_id, 1);
    int64 idle_expires = PG_ARGISNULL(1) ? 0 : PG_GETARG_INT64(1);
    PG_RETURN_TEXT_P(lucia_session_cookie(session_id.data, session_id.length, idle_expires));
}

// lucia_parse_request_headers(method, url, origin, cookie, allowed_origins) -> text: the session
// id from the auth_session cookie or NULL, after the CSRF check (lucia.csrf_protection).
LUCIA_FUNCTION(lucia_parse_request_headers) {
    LuciaText method = lucia_text_arg(fcinfo, 0);
    LuciaText url = lucia_text_arg(fcinfo, 1);
    LuciaText origin = lucia_text_arg(fcinfo, 2);
    LuciaText cookie = lucia_text_arg(fcinfo, 3);
    LuciaTextList allowed = lucia_allowed_origins_arg(fcinfo, 4);
    lucia_hide_statement_containing(cookie.data, cookie.length);
    size_t capacity = cookie.length + 1;
    char *session_id = static_cast<char *>(palloc(capacity + 1));
    size_t needed = 0;
    bool found = false;
    LuciaFailure failure;
    if (!lucia_bridge_parse_request(method.data, method.length, url.data, url.length, origin.data, origin.length,
                                    cookie.data, cookie.length, lucia_csrf_protection, allowed.items, allowed.lengths,
                                    static_cast<size_t>(allowed.count), session_id, capacity, &needed, &found,
                                    &failure))
        lucia_raise_failure(&failure);
    if (!found) PG_RETURN_NULL();
    PG_RETURN_TEXT_P(cstring_to_text_with_len(session_id, static_cast<int>(needed)));
}

// lucia_scrypt_count() -> bigint: scrypt derivations this backend has run. Shows, without timing
// anything, that an unknown key id costs the same work as a wrong password.
LUCIA_FUNCTION(lucia_scrypt_count) {
    PG_RETURN_INT64(static_cast<int64>(lucia_bridge_scrypt_call_count()));
}
