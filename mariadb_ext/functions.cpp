// The loadable functions (lucia_core_*) that the SQL routines of lucia.sql call for every Lucia
// rule: arguments, ids, scrypt, key use, the session lifecycle, cookies, and the JSON results.
// They read and write no table and hold no secret, so any account may call them (MariaDB checks
// no privilege on loadable functions); NULL means an error, which lucia_core_error() then tells.
#include "udf.hpp"

#include "core/session_json.hpp"
#include "core/argument_rules.hpp"
#include "core/cookie.hpp"
#include "core/key_id.hpp"
#include "core/key_result.hpp"
#include "core/key_use.hpp"
#include "core/messages.hpp"
#include "core/password_hash.hpp"
#include "core/random_id.hpp"
#include "core/request.hpp"
#include "core/session_expiry.hpp"
#include "core/session_lifecycle.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace lucia_mariadb {

namespace {

constexpr std::size_t kMaxAttributeNameBytes = 63;  // PostgreSQL's limit, kept so the engines agree

// A column name as the other engines print it in a message: plain when it is a lower-case
// identifier, else between double quotes.
std::string display_name(std::string_view name) {
    bool plain = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
    for (char c : name) plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    if (plain) return std::string(name);
    std::string quoted = "\"";
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

// The routines pass words (settings, decisions) that they hold as constants; anything else is a bug.
[[noreturn]] void unknown_word(const char* what, std::optional<std::string_view> word) {
    throw lucia::Error(lucia::ErrorCode::InvalidArgument,
                       std::string("unknown ") + what + " '" + std::string(word.value_or("NULL")) + "'");
}

std::int64_t now_ms(const Args&) {
    return lucia::current_time_ms();
}

std::string session_id(const Args& args) {
    return std::string(lucia::session_id_argument(args.text(0)));
}

std::string invalidated_session_id(const Args& args) {
    return std::string(lucia::invalidated_session_id_argument(args.text(0)));
}

std::string user_id(const Args& args) {
    return std::string(lucia::user_id_argument(args.text(0)));
}

// The id of a new user: the caller's own (checked) or 15 random symbols.
std::string new_user_id(const Args& args) {
    std::optional<std::string_view> custom = args.text(0);
    if (!custom.has_value()) return lucia::generate_random_string(lucia::kUserIdLength);
    lucia::check_custom_user_id(*custom);
    return std::string(*custom);
}

// "<provider id>:<provider user id>"; NULLs are AUTH_INVALID_KEY_ID like the other engines'.
std::string key_id(const Args& args) {
    std::optional<std::string_view> provider = args.text(0);
    if (!provider.has_value()) throw lucia::null_argument(lucia::ErrorCode::InvalidKeyId, "provider id");
    std::optional<std::string_view> provider_user = args.text(1);
    if (!provider_user.has_value()) throw lucia::null_argument(lucia::ErrorCode::InvalidKeyId, "provider user id");
    return lucia::key_id_argument(provider, provider_user);
}

// A key's stored hash from (password, hash_empty): NULL password -> "" (store NULL); "" is
// hashed by createKey and updateKeyPassword but not by createUser (Lucia tests it for truth).
std::string key_hash(const Args& args) {
    std::optional<std::string_view> password = args.text(0);
    if (!password.has_value()) return std::string();
    lucia::check_password(*password);
    if (password->empty() && args.required_integer(1) == 0) return std::string();
    return lucia::hash_password(*password);
}

// lucia_create_user's rule: a password needs the key it is stored on.
std::int64_t check_user_key(const Args& args) {
    lucia::check_password_has_key(args.required_integer(0) != 0, args.text(1).has_value());
    return 1;
}

std::string hash_password(const Args& args) {
    std::string_view password = lucia::required_password(args.text(0));
    lucia::check_password(password);
    return lucia::hash_password(password);
}

std::int64_t verify_password(const Args& args) {
    std::string_view password = lucia::required_password(args.text(0));
    lucia::check_password(password);
    std::string_view hash = lucia::verifiable_hash_argument(args.text(1));
    return lucia::verify_password(password, hash) ? 1 : 0;
}

std::string random_string(const Args& args) {
    return lucia::generate_random_string(lucia::random_string_length_argument(args.integer(0)));
}

// The stored key as core reads it: (hashed_password, primary_key, expires).
lucia::StoredKey stored_key(const Args& args, unsigned first) {
    lucia::StoredKey key;
    key.hashed_password = args.text(first);
    key.primary_key = args.required_integer(first + 1) != 0;
    key.expires = args.integer(first + 2);
    return key;
}

// Lucia's useKey over the row the routine read (found = 0: none, which costs the scrypt work of a
// wrong password): 'keep', or 'consume' for a single-use key the routine must delete.
std::string use_key(const Args& args) {
    std::optional<std::string_view> password = args.text(4);
    if (password.has_value()) lucia::check_password(*password);
    std::optional<lucia::StoredKey> key;
    if (args.required_integer(0) != 0) key = stored_key(args, 1);
    return lucia::use_key(key, password, args.required_integer(5)) == lucia::KeyUse::Consume ? "consume" : "keep";
}

// A single-use key's expiry from (now, expires_in seconds); the routine passes no NULL.
std::int64_t key_expiry(const Args& args) {
    return lucia::single_use_key_expiry(args.required_integer(0), args.required_integer(1));
}

std::int64_t check_key_consumed(const Args& args) {
    lucia::check_key_consumed(args.required_integer(0) > 0);
    return 1;
}

std::string key_json(const Args& args) {
    std::string_view key_id = args.text(0).value_or("");
    std::string_view user_id = args.text(1).value_or("");
    return lucia::key_json(key_id, user_id, stored_key(args, 2), args.required_integer(5));
}

std::string user_json(const Args& args) {
    return lucia::user_json(args.text(0).value_or(""), args.text(1).value_or("{}"));
}

lucia::SessionUse session_use(std::optional<std::string_view> word) {
    if (word == "read") return lucia::SessionUse::Read;
    if (word == "validate") return lucia::SessionUse::Validate;
    if (word == "renew") return lucia::SessionUse::Renew;
    unknown_word("session use", word);
}

// What to do with the session row read (found, active_expires, idle_expires): 'return' or
// 'renew'; a missing, NULL-holding or dead session is AUTH_INVALID_SESSION_ID.
std::string session_step(const Args& args) {
    lucia::SessionUse use = session_use(args.text(0));
    if (args.required_integer(1) == 0)
        throw lucia::Error(lucia::ErrorCode::InvalidSessionId, lucia::messages::kSessionMissing);
    std::optional<std::int64_t> active = args.integer(3), idle = args.integer(4);
    if (!active.has_value() || !idle.has_value())
        throw lucia::Error(lucia::ErrorCode::InvalidSessionId, lucia::messages::kSessionRowNulls);
    return lucia::session_step(use, args.required_integer(2), *active, *idle) == lucia::SessionStep::Renew ? "renew"
                                                                                                           : "return";
}

// The hot path of lucia_validate_session in one call (each loadable-function call costs the
// server about as much as the row lookup): (use, found, session id as the caller gave it, user
// id, active_expires, idle_expires) -> the session's JSON when core says to return it as read,
// "" when it must be renewed. The id is checked first (the routine looked it up unchecked, which
// finds no row for a wrong one); a missing, NULL-holding or dead session is AUTH_INVALID_SESSION_ID.
std::string validation_result(const Args& args) {
    lucia::SessionUse use = session_use(args.text(0));
    lucia::session_id_argument(args.text(2));
    if (args.required_integer(1) == 0)
        throw lucia::Error(lucia::ErrorCode::InvalidSessionId, lucia::messages::kSessionMissing);
    std::optional<std::int64_t> active = args.integer(4), idle = args.integer(5);
    if (!active.has_value() || !idle.has_value())
        throw lucia::Error(lucia::ErrorCode::InvalidSessionId, lucia::messages::kSessionRowNulls);
    const std::int64_t now = lucia::current_time_ms();
    if (lucia::session_step(use, now, *active, *idle) == lucia::SessionStep::Renew) return std::string();
    lucia::SessionFields session{args.text(2).value_or(""), args.text(3).value_or(""), *active, *idle};
    return std::string(lucia::session_json(session, now, false).view());
}

std::int64_t session_is_live(const Args& args) {
    return lucia::session_is_live(args.required_integer(0), args.required_integer(1), args.required_integer(2)) ? 1 : 0;
}

lucia::SessionWrite session_write(std::optional<std::string_view> word) {
    if (word == "create_session") return lucia::SessionWrite::CreateSession;
    if (word == "renew_session") return lucia::SessionWrite::RenewSession;
    if (word == "update_user") return lucia::SessionWrite::UpdateUser;
    if (word == "list_user_sessions") return lucia::SessionWrite::ListUserSessions;
    unknown_word("session write", word);
}

std::int64_t sweeps_dead_sessions(const Args& args) {
    return lucia::sweeps_dead_sessions(session_write(args.text(0)), args.required_integer(1) != 0) ? 1 : 0;
}

// A new or renewed session's expiry from (now, active period s, idle period s): active_expires
// or idle_expires, in milliseconds.
lucia::SessionExpiry session_expiry(const Args& args) {
    return lucia::new_session_expiry(args.required_integer(0), args.required_integer(1) * 1000,
                                     args.required_integer(2) * 1000);
}

std::int64_t active_expires(const Args& args) {
    return session_expiry(args).active_expires_ms;
}

std::int64_t idle_expires(const Args& args) {
    return session_expiry(args).idle_expires_ms;
}

// (session id, user id, active_expires, idle_expires, now, fresh, user attributes JSON or NULL).
std::string session_json(const Args& args) {
    lucia::SessionFields session{args.text(0).value_or(""), args.text(1).value_or(""), args.required_integer(2),
                                 args.required_integer(3)};
    return std::string(
        lucia::session_json(session, args.required_integer(4), args.required_integer(5) != 0, args.text(6)).view());
}

// (session id, idle_expires, path, domain, same_site, env): lucia_create_session_cookie with the
// lucia_cookie_* and lucia_env settings the routine read.
std::string session_cookie(const Args& args) {
    std::optional<std::string_view> session_id = args.text(0);
    std::optional<std::int64_t> idle_expires = args.integer(1);
    lucia::check_session_cookie_arguments(session_id, idle_expires.has_value());
    lucia::CookieOptions options;
    options.path = std::string(args.text(2).value_or(""));
    options.domain = std::string(args.text(3).value_or(""));
    options.same_site = std::string(args.text(4).value_or(""));
    options.secure = args.text(5) != std::optional<std::string_view>("dev");
    return lucia::serialize_session_cookie(session_id, idle_expires.value_or(0), options);
}

// (method, url, origin, cookie, csrf_protection, allowed origins one per line or NULL): the
// session id of the Cookie header, or "" when it has none (a session id is never empty).
// Core compares the Origin header with each allowed origin as exact strings, so only a line equal
// to it can matter: that one is passed on, not a vector of every line (16 MB of newlines, which
// any account may send, would be 500 MB of empty strings).
std::string parse_request(const Args& args) {
    lucia::RequestHeaders request;
    request.method = args.text(0);
    request.url = args.text(1);
    request.origin = args.text(2);
    request.cookie = args.text(3);
    std::vector<std::string> allowed;
    std::optional<std::string_view> lines = args.text(5);
    if (lines.has_value() && request.origin.has_value()) {
        std::size_t start = 0;
        while (start <= lines->size() && allowed.empty()) {
            std::size_t end = std::min(lines->find('\n', start), lines->size());
            if (lines->substr(start, end - start) == *request.origin) allowed.emplace_back(*request.origin);
            start = end + 1;
        }
    }
    std::optional<std::string> id = lucia::parse_request_headers(request, args.required_integer(4) != 0, allowed);
    return id.value_or(std::string());
}

// lucia_delete_expired_sessions' rows per batch (at least 1).
std::int64_t batch_size(const Args& args) {
    return lucia::batch_size_argument(args.integer(0));
}

// Its number of batches: at least 1, or 0 for NULL ("until none is left").
std::int64_t max_batches(const Args& args) {
    return lucia::max_batches_argument(args.integer(0)).value_or(0);
}

// One key of an attributes object, with whether auth_user has a writable column of that name:
// the same refusals as the other engines (the id, a name longer than PostgreSQL's 63 bytes, a
// column auth_user does not have).
std::int64_t check_attribute(const Args& args) {
    std::string_view name = args.text(0).value_or("");
    if (name == "id") throw lucia::Error(lucia::ErrorCode::InvalidArgument, lucia::messages::kAttributesSetUserId);
    if (name.size() > kMaxAttributeNameBytes)
        throw lucia::Error(lucia::ErrorCode::InvalidArgument, lucia::messages::kAttributeNameTooLong);
    if (args.required_integer(1) == 0)
        throw lucia::Error(lucia::ErrorCode::InvalidArgument, lucia::messages::kNoWritableColumn + display_name(name));
    return 1;
}

// The errors the routines find in the tables (no row, a taken id), by name, so that every
// message text stays in core/messages.def.
std::string fail(const Args& args) {
    std::optional<std::string_view> what = args.text(0);
    namespace m = lucia::messages;
    using lucia::ErrorCode;
    if (what == "user_missing") throw lucia::Error(ErrorCode::InvalidUserId, m::kUserMissing);
    if (what == "user_exists") throw lucia::Error(ErrorCode::DuplicateUserId, m::kUserExists);
    if (what == "key_missing") throw lucia::Error(ErrorCode::InvalidKeyId, m::kKeyMissing);
    if (what == "key_exists") throw lucia::Error(ErrorCode::DuplicateKeyId, m::kKeyExists);
    if (what == "session_missing") throw lucia::Error(ErrorCode::InvalidSessionId, m::kSessionMissing);
    if (what == "session_id_exists") throw lucia::Error(ErrorCode::DuplicateSessionId, m::kSessionIdExists);
    if (what == "allowed_origins_not_array")
        throw lucia::Error(ErrorCode::InvalidArgument, lucia::messages::kAllowedOriginsNotStrings);
    if (what == "attributes_not_object") throw lucia::Error(ErrorCode::InvalidArgument, m::kAttributesNotObject);
    if (what == "statement_binlog") throw lucia::Error(ErrorCode::UnsafeSetup, m::kStatementBinlog);
    if (what == "general_log_passwords") throw lucia::Error(ErrorCode::UnsafeSetup, m::kGeneralLogPasswords);
    if (what == "slow_log_passwords") throw lucia::Error(ErrorCode::UnsafeSetup, m::kSlowLogPasswords);
    for (std::string_view table : {"auth_user", "auth_session", "auth_key"})
        if (what == "shadowed_" + std::string(table))
            throw lucia::Error(ErrorCode::UnsafeSetup, std::string(table) + m::kTableShadowed);
    unknown_word("failure", what);
}

std::int64_t scrypt_count(const Args&) {
    return static_cast<std::int64_t>(lucia::scrypt_call_count());
}

std::string version(const Args&) {
    return LUCIA_VERSION;
}

}  // namespace

}  // namespace lucia_mariadb

using namespace lucia_mariadb;

LUCIA_INTEGER_UDF(lucia_core_now_ms, "", now_ms)
LUCIA_TEXT_UDF(lucia_core_session_id, "s", session_id)
LUCIA_TEXT_UDF(lucia_core_invalidated_session_id, "s", invalidated_session_id)
LUCIA_TEXT_UDF(lucia_core_user_id, "s", user_id)
LUCIA_TEXT_UDF(lucia_core_new_user_id, "s", new_user_id)
LUCIA_TEXT_UDF(lucia_core_key_id, "ss", key_id)
LUCIA_TEXT_UDF(lucia_core_key_hash, "si", key_hash)
LUCIA_INTEGER_UDF(lucia_core_check_user_key, "is", check_user_key)
LUCIA_TEXT_UDF(lucia_core_hash_password, "s", hash_password)
LUCIA_INTEGER_UDF(lucia_core_verify_password, "ss", verify_password)
LUCIA_TEXT_UDF(lucia_core_random_string, "i", random_string)
LUCIA_TEXT_UDF(lucia_core_use_key, "isiisi", use_key)
LUCIA_INTEGER_UDF(lucia_core_key_expiry, "ii", key_expiry)
LUCIA_INTEGER_UDF(lucia_core_check_key_consumed, "i", check_key_consumed)
LUCIA_TEXT_UDF(lucia_core_key_json, "sssiii", key_json)
LUCIA_TEXT_UDF(lucia_core_user_json, "ss", user_json)
LUCIA_TEXT_UDF(lucia_core_session_step, "siiii", session_step)
LUCIA_TEXT_UDF(lucia_core_session_result, "sissii", validation_result)
LUCIA_INTEGER_UDF(lucia_core_session_is_live, "iii", session_is_live)
LUCIA_INTEGER_UDF(lucia_core_sweeps_dead_sessions, "si", sweeps_dead_sessions)
LUCIA_INTEGER_UDF(lucia_core_active_expires, "iii", active_expires)
LUCIA_INTEGER_UDF(lucia_core_idle_expires, "iii", idle_expires)
LUCIA_TEXT_UDF(lucia_core_session_json, "ssiiiis", session_json)
LUCIA_TEXT_UDF(lucia_core_session_cookie, "sissss", session_cookie)
LUCIA_TEXT_UDF(lucia_core_parse_request, "ssssis", parse_request)
LUCIA_INTEGER_UDF(lucia_core_batch_size, "i", batch_size)
LUCIA_INTEGER_UDF(lucia_core_max_batches, "i", max_batches)
LUCIA_INTEGER_UDF(lucia_core_check_attribute, "si", check_attribute)
LUCIA_TEXT_UDF(lucia_core_fail, "s", fail)
LUCIA_INTEGER_UDF(lucia_core_scrypt_count, "", scrypt_count)
LUCIA_TEXT_UDF(lucia_core_version, "", version)

// lucia_core_error(): the last error of this thread's lucia_core_* calls as "<SQLSTATE><CODE>:
// <detail>" (e.g. "LU004AUTH_INVALID_KEY_ID: key does not exist"), or NULL; reading forgets it.
// Not through call_text, which clears the error before it runs a body.
extern "C" my_bool lucia_core_error_init(UDF_INIT* init, UDF_ARGS* args, char* message) {
    return lucia_mariadb::init_udf(init, args, message, "lucia_core_error", "", true);
}
extern "C" void lucia_core_error_deinit(UDF_INIT* init) {
    lucia_mariadb::deinit_udf(init);
}
extern "C" char* lucia_core_error(UDF_INIT* init, UDF_ARGS*, char*, unsigned long* length, char* is_null, char*) {
    auto* result = reinterpret_cast<std::string*>(init->ptr);
    try {
        std::optional<std::string> error = lucia_mariadb::take_last_error();
        if (!error.has_value()) {
            *is_null = 1;
            return nullptr;
        }
        result->swap(*error);
    } catch (...) {
        result->assign("LU000UNKNOWN_ERROR: out of memory");
    }
    *length = result->size();
    return result->data();
}
