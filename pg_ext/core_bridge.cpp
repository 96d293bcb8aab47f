// The C++ side of core_bridge.h: calls core/ and turns every exception into a LuciaFailure.
// This file must never include a PostgreSQL header (core/no_database_headers.hpp enforces it).
// The one file allowed to see both core/ and core_bridge.h (core/no_database_headers.hpp).
#define LUCIA_CORE_BRIDGE_IMPLEMENTATION 1
#include "core_bridge.h"

#include "core/argument_rules.hpp"
#include "core/cookie.hpp"
#include "core/errors.hpp"
#include "core/messages.hpp"
#include "core/key_id.hpp"
#include "core/key_result.hpp"
#include "core/key_use.hpp"
#include "core/password_hash.hpp"
#include "core/random_id.hpp"
#include "core/request.hpp"
#include "core/session_expiry.hpp"
#include "core/session_lifecycle.hpp"
#include "core/unicode.hpp"

#include <cstring>
#include <new>
#include <string>
#include <vector>

// Every value of both mirrored enums, from the one list (core/error_codes.def).
#define LUCIA_ASSERT_CODE(cpp_name, c_name, name, sqlstate)                       \
    static_assert(static_cast<int>(lucia::ErrorCode::cpp_name) == LUCIA_##c_name, \
                  "enum LuciaCode must mirror lucia::ErrorCode: " name);
LUCIA_ERROR_CODES(LUCIA_ASSERT_CODE)
#undef LUCIA_ASSERT_CODE
#define LUCIA_ASSERT_STATE(cpp_name, c_name, word)                                           \
    static_assert(static_cast<int>(lucia::SessionState::cpp_name) == LUCIA_SESSION_##c_name, \
                  "enum LuciaSessionState must mirror lucia::SessionState: " word);
LUCIA_SESSION_STATES(LUCIA_ASSERT_STATE)
#undef LUCIA_ASSERT_STATE
#define LUCIA_ASSERT_LIFECYCLE(cpp_type, c_prefix, cpp_name, c_name)                          \
    static_assert(static_cast<int>(lucia::cpp_type::cpp_name) == LUCIA_##c_prefix##_##c_name, \
                  "enum Lucia" #cpp_type " must mirror lucia::" #cpp_type ": " #cpp_name);
#define LUCIA_ASSERT_USE(cpp_name, c_name) LUCIA_ASSERT_LIFECYCLE(SessionUse, USE, cpp_name, c_name)
#define LUCIA_ASSERT_STEP(cpp_name, c_name) LUCIA_ASSERT_LIFECYCLE(SessionStep, STEP, cpp_name, c_name)
#define LUCIA_ASSERT_WRITE(cpp_name, c_name) LUCIA_ASSERT_LIFECYCLE(SessionWrite, WRITE, cpp_name, c_name)
LUCIA_SESSION_USES(LUCIA_ASSERT_USE)
LUCIA_SESSION_STEPS(LUCIA_ASSERT_STEP)
LUCIA_SESSION_WRITES(LUCIA_ASSERT_WRITE)
#undef LUCIA_ASSERT_USE
#undef LUCIA_ASSERT_STEP
#undef LUCIA_ASSERT_WRITE
#undef LUCIA_ASSERT_LIFECYCLE
static_assert(lucia::kHashLength == LUCIA_HASH_LENGTH, "hash length mismatch");
static_assert(lucia::kSessionIdLength == LUCIA_SESSION_ID_LENGTH, "session id length mismatch");
static_assert(lucia::kMaxKeyIdBytes == LUCIA_MAX_KEY_ID_BYTES, "key id limit mismatch");

namespace {

// Copies a failure into the caller's fixed buffer, truncating rather than allocating.
void fill_failure(LuciaFailure* failure, lucia::ErrorCode code, const char* detail) noexcept {
    failure->code = static_cast<int>(code);
    std::strncpy(failure->detail, detail, LUCIA_DETAIL_SIZE - 1);
    failure->detail[LUCIA_DETAIL_SIZE - 1] = '\0';
}

// Runs body so that nothing it throws can reach PostgreSQL's C frames.
template <typename Body>
bool guarded(LuciaFailure* failure, Body&& body) noexcept {
    try {
        body();
        return true;
    } catch (const lucia::Error& e) {
        fill_failure(failure, e.code(), e.detail().c_str());
    } catch (const std::bad_alloc&) {
        fill_failure(failure, lucia::ErrorCode::UnknownError, lucia::messages::kOutOfMemory);
    } catch (const std::exception& e) {
        fill_failure(failure, lucia::ErrorCode::UnknownError, e.what());
    } catch (...) {
        fill_failure(failure, lucia::ErrorCode::UnknownError, lucia::messages::kUnexpectedException);
    }
    return false;
}

// Hands a variable-length result to a caller buffer sized by the caller, snprintf-style.
void copy_out(const std::string& value, char* out, std::size_t capacity, std::size_t* needed) noexcept {
    *needed = value.size();
    if (out != nullptr && capacity > 0) {
        std::size_t n = value.size() < capacity ? value.size() : capacity;
        std::memcpy(out, value.data(), n);
        out[n < capacity ? n : capacity - 1] = '\0';
    }
}

std::string_view view(const char* data, std::size_t length) noexcept {
    return data == nullptr ? std::string_view() : std::string_view(data, length);
}

// allowed_origins as core/request.hpp takes them.
std::vector<std::string> origin_list(const char* const* origins, const size_t* lengths, size_t count) {
    std::vector<std::string> list;
    for (size_t i = 0; i < count; ++i) list.emplace_back(origins[i], lengths[i]);
    return list;
}

}  // namespace

extern "C" {

const char* lucia_bridge_code_name(int code) {
    return lucia::error_code_name(static_cast<lucia::ErrorCode>(code));
}

const char* lucia_bridge_code_sqlstate(int code) {
    return lucia::error_sqlstate(static_cast<lucia::ErrorCode>(code));
}

bool lucia_bridge_random_string(size_t length, char* out, LuciaFailure* failure) {
    return guarded(failure, [&] {
        std::string id = lucia::generate_random_string(length);
        std::memcpy(out, id.data(), id.size());
        out[id.size()] = '\0';
    });
}

bool lucia_bridge_hash_password(const char* password, size_t length, char* out, LuciaFailure* failure) {
    return guarded(failure, [&] {
        std::string hash = lucia::hash_password(view(password, length));
        std::memcpy(out, hash.data(), hash.size());
        out[hash.size()] = '\0';
    });
}

bool lucia_bridge_verify_password(const char* password, size_t length, const char* stored, size_t stored_length,
                                  bool* matches, LuciaFailure* failure) {
    return guarded(failure,
                   [&] { *matches = lucia::verify_password(view(password, length), view(stored, stored_length)); });
}

}  // extern "C"

namespace {

// The core's view of a key row handed over as plain C data.
lucia::StoredKey stored_key(const LuciaStoredKey* key) noexcept {
    lucia::StoredKey stored;
    if (key->hashed_password != nullptr) stored.hashed_password = std::string_view(key->hashed_password);
    stored.primary_key = key->primary_key;
    if (key->has_expires) stored.expires = key->expires;
    return stored;
}

std::optional<std::string_view> optional_view(const char* data, size_t length) noexcept {
    if (data == nullptr) return std::nullopt;
    return std::string_view(data, length);
}

}  // namespace

extern "C" {

bool lucia_bridge_use_key(const LuciaStoredKey* key, const char* password, size_t password_length, int64_t now_ms,
                          bool* consume, LuciaFailure* failure) {
    return guarded(failure, [&] {
        std::optional<lucia::StoredKey> stored;
        if (key != nullptr) stored = stored_key(key);
        lucia::KeyUse use = lucia::use_key(stored, optional_view(password, password_length), now_ms);
        *consume = use == lucia::KeyUse::Consume;
    });
}

bool lucia_bridge_check_key_consumed(bool deleted, LuciaFailure* failure) {
    return guarded(failure, [&] { lucia::check_key_consumed(deleted); });
}

void lucia_bridge_key_fields(const char* key_id, size_t length, const LuciaStoredKey* key, int64_t now_ms,
                             LuciaKeyFields* fields) {
    std::string_view whole = view(key_id, length);
    lucia::KeyFields core = lucia::key_fields(whole, stored_key(key), now_ms);
    fields->type = core.type;
    fields->provider_id_length = core.provider_id.size();
    fields->provider_user_id_start =
        core.provider_user_id.empty() ? length : static_cast<size_t>(core.provider_user_id.data() - whole.data());
    fields->password_defined = core.password_defined;
    fields->single_use = core.single_use;
    fields->expired = core.expired;
}

uint64_t lucia_bridge_scrypt_call_count(void) {
    return lucia::scrypt_call_count();
}

int64_t lucia_bridge_current_time_ms(void) {
    return lucia::current_time_ms();
}

// The ints come from C: a value outside the lists is refused, never cast into the enum.
bool lucia_bridge_session_step(int use, int64_t now_ms, int64_t active_expires, int64_t idle_expires, int* step,
                               LuciaFailure* failure) {
    return guarded(failure, [&] {
        switch (use) {
#define LUCIA_USE_CASE(cpp_name, c_name)                                                                              \
    case LUCIA_USE_##c_name:                                                                                          \
        *step =                                                                                                       \
            static_cast<int>(lucia::session_step(lucia::SessionUse::cpp_name, now_ms, active_expires, idle_expires)); \
        return;
            LUCIA_SESSION_USES(LUCIA_USE_CASE)
#undef LUCIA_USE_CASE
        }
        throw lucia::Error(lucia::ErrorCode::UnknownError, "unknown session use");
    });
}

bool lucia_bridge_session_is_live(int64_t now_ms, int64_t active_expires, int64_t idle_expires) {
    return lucia::session_is_live(now_ms, active_expires, idle_expires);
}

bool lucia_bridge_sweeps_dead_sessions(int write, bool auto_database_cleanup) {
    switch (write) {
#define LUCIA_WRITE_CASE(cpp_name, c_name) \
    case LUCIA_WRITE_##c_name: return lucia::sweeps_dead_sessions(lucia::SessionWrite::cpp_name, auto_database_cleanup);
        LUCIA_SESSION_WRITES(LUCIA_WRITE_CASE)
#undef LUCIA_WRITE_CASE
    }
    return auto_database_cleanup;
}

int lucia_bridge_session_state(int64_t now_ms, int64_t active_expires, int64_t idle_expires) {
    switch (lucia::session_state(now_ms, active_expires, idle_expires)) {
#define LUCIA_STATE_CASE(cpp_name, c_name, word) \
    case lucia::SessionState::cpp_name: return LUCIA_SESSION_##c_name;
        LUCIA_SESSION_STATES(LUCIA_STATE_CASE)
#undef LUCIA_STATE_CASE
    }
    return LUCIA_SESSION_DEAD;
}

// The int comes from C: only a listed state is cast back; anything else reads as dead.
const char* lucia_bridge_session_state_name(int state) {
    switch (state) {
#define LUCIA_STATE_NAME_CASE(cpp_name, c_name, word) \
    case LUCIA_SESSION_##c_name: return lucia::session_state_name(lucia::SessionState::cpp_name);
        LUCIA_SESSION_STATES(LUCIA_STATE_NAME_CASE)
#undef LUCIA_STATE_NAME_CASE
    }
    return lucia::session_state_name(lucia::SessionState::Dead);
}

bool lucia_bridge_new_session_expiry(int64_t now_ms, int64_t active_period_ms, int64_t idle_period_ms,
                                     int64_t* active_expires, int64_t* idle_expires, LuciaFailure* failure) {
    return guarded(failure, [&] {
        lucia::SessionExpiry expiry = lucia::new_session_expiry(now_ms, active_period_ms, idle_period_ms);
        *active_expires = expiry.active_expires_ms;
        *idle_expires = expiry.idle_expires_ms;
    });
}

bool lucia_bridge_single_use_key_expiry(int64_t now_ms, int64_t expires_in_seconds, int64_t* expires,
                                        LuciaFailure* failure) {
    return guarded(failure, [&] { *expires = lucia::single_use_key_expiry(now_ms, expires_in_seconds); });
}

bool lucia_bridge_check_custom_user_id(const char* user_id, size_t length, LuciaFailure* failure) {
    return guarded(failure, [&] { lucia::check_custom_user_id(view(user_id, length)); });
}

bool lucia_bridge_session_cookie(const char* session_id, size_t session_id_length, int64_t idle_expires_ms,
                                 const char* path, const char* domain, const char* same_site, bool secure, char* out,
                                 size_t capacity, size_t* needed, LuciaFailure* failure) {
    return guarded(failure, [&] {
        lucia::CookieOptions options;
        options.path = path == nullptr ? "" : path;
        options.domain = domain == nullptr ? "" : domain;
        options.same_site = same_site == nullptr ? "" : same_site;
        options.secure = secure;
        std::optional<std::string_view> id;
        if (session_id != nullptr) id = view(session_id, session_id_length);
        copy_out(lucia::serialize_session_cookie(id, idle_expires_ms, options), out, capacity, needed);
    });
}

bool lucia_bridge_parse_request(const char* method, size_t method_length, const char* url, size_t url_length,
                                const char* origin, size_t origin_length, const char* cookie, size_t cookie_length,
                                bool csrf_protection, const char* const* allowed_origins, const size_t* allowed_lengths,
                                size_t allowed_count, char* out, size_t capacity, size_t* needed, bool* found,
                                LuciaFailure* failure) {
    return guarded(failure, [&] {
        lucia::RequestHeaders request;
        if (method != nullptr) request.method = view(method, method_length);
        if (url != nullptr) request.url = view(url, url_length);
        if (origin != nullptr) request.origin = view(origin, origin_length);
        if (cookie != nullptr) request.cookie = view(cookie, cookie_length);
        std::optional<std::string> session_id = lucia::parse_request_headers(
            request, csrf_protection, origin_list(allowed_origins, allowed_lengths, allowed_count));
        *found = session_id.has_value();
        copy_out(session_id.value_or(std::string()), out, capacity, needed);
    });
}

}  // extern "C"

namespace {

// SQL NULL as core/'s argument rules expect it: no value.
std::optional<std::string_view> argument(const char* data, std::size_t length) noexcept {
    if (data == nullptr) return std::nullopt;
    return std::string_view(data, length);
}

// Same for an integer argument.
std::optional<std::int64_t> argument(bool is_null, std::int64_t value) noexcept {
    if (is_null) return std::nullopt;
    return value;
}

}  // namespace

extern "C" {

bool lucia_bridge_check_session_id(const char* id, size_t length, LuciaFailure* failure) {
    return guarded(failure, [&] { lucia::session_id_argument(argument(id, length)); });
}

bool lucia_bridge_check_invalidated_session_id(const char* id, size_t length, LuciaFailure* failure) {
    return guarded(failure, [&] { lucia::invalidated_session_id_argument(argument(id, length)); });
}

bool lucia_bridge_check_user_id(const char* id, size_t length, LuciaFailure* failure) {
    return guarded(failure, [&] { lucia::user_id_argument(argument(id, length)); });
}

bool lucia_bridge_key_id_argument(const char* provider_id, size_t provider_id_length, const char* provider_user_id,
                                  size_t provider_user_id_length, char* out, size_t* out_length,
                                  LuciaFailure* failure) {
    return guarded(failure, [&] {
        std::string key_id = lucia::key_id_argument(argument(provider_id, provider_id_length),
                                                    argument(provider_user_id, provider_user_id_length));
        copy_out(key_id, out, LUCIA_MAX_KEY_ID_BYTES + 1, out_length);
    });
}

bool lucia_bridge_check_password_given(bool is_null, LuciaFailure* failure) {
    return guarded(failure, [&] {
        lucia::required_password(is_null ? std::nullopt : std::optional<std::string_view>(std::string_view()));
    });
}

bool lucia_bridge_check_password_has_key(bool has_key, bool has_password, LuciaFailure* failure) {
    return guarded(failure, [&] { lucia::check_password_has_key(has_key, has_password); });
}

bool lucia_bridge_check_password_length(size_t bytes, LuciaFailure* failure) {
    return guarded(failure, [&] { lucia::check_password_length(bytes); });
}

bool lucia_bridge_check_password_encoding(const char* password, size_t length, LuciaFailure* failure) {
    return guarded(failure, [&] { lucia::check_password_encoding(view(password, length)); });
}

bool lucia_bridge_check_random_string_length(bool is_null, int64_t length, LuciaFailure* failure) {
    return guarded(failure, [&] { lucia::random_string_length_argument(argument(is_null, length)); });
}

bool lucia_bridge_check_verifiable_hash(const char* hash, size_t length, LuciaFailure* failure) {
    return guarded(failure, [&] { lucia::verifiable_hash_argument(argument(hash, length)); });
}

bool lucia_bridge_check_session_cookie_arguments(const char* session_id, size_t length, bool has_idle_expires,
                                                 LuciaFailure* failure) {
    return guarded(failure,
                   [&] { lucia::check_session_cookie_arguments(argument(session_id, length), has_idle_expires); });
}

bool lucia_bridge_check_batch_size(bool is_null, int64_t batch_size, LuciaFailure* failure) {
    return guarded(failure, [&] { lucia::batch_size_argument(argument(is_null, batch_size)); });
}

bool lucia_bridge_check_max_batches(bool is_null, int64_t max_batches, LuciaFailure* failure) {
    return guarded(failure, [&] { lucia::max_batches_argument(argument(is_null, max_batches)); });
}

bool lucia_bridge_forwarded_request(const LuciaForwardedRequest* request, bool csrf_protection,
                                    const char* const* allowed_origins, const size_t* allowed_lengths,
                                    size_t allowed_count, char* out, size_t capacity, size_t* needed, bool* found,
                                    LuciaFailure* failure) {
    return guarded(failure, [&] {
        lucia::ForwardedRequest forwarded;
        forwarded.method = argument(request->method, request->method_length);
        forwarded.host = argument(request->host, request->host_length);
        forwarded.path = argument(request->path, request->path_length);
        forwarded.forwarded_proto = argument(request->forwarded_proto, request->forwarded_proto_length);
        forwarded.origin = argument(request->origin, request->origin_length);
        forwarded.session_cookie = argument(request->session_cookie, request->session_cookie_length);
        std::optional<std::string> session_id = lucia::forwarded_request_session_id(
            forwarded, csrf_protection, origin_list(allowed_origins, allowed_lengths, allowed_count));
        *found = session_id.has_value();
        copy_out(session_id.value_or(std::string()), out, capacity, needed);
    });
}

bool lucia_bridge_leaves_request_anonymous(int code) {
    return lucia::leaves_request_anonymous(static_cast<lucia::ErrorCode>(code));
}

int lucia_bridge_request_session_use(bool can_write) {
    return static_cast<int>(lucia::request_session_use(can_write));
}

const char* lucia_bridge_session_cookie_name(void) {
    return lucia::kSessionCookieName;
}

}  // extern "C"
