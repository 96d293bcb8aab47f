/*
 * The only door from the PostgreSQL adapter into core/. Why: files that include postgres.h may
 * longjmp at any call, so they must never hold C++ objects. This header declares only plain
 * functions over plain data; core_bridge.cpp (which never includes postgres.h) calls core/ inside
 * try/catch and hands back POD results, so no C++ exception and no C++ object crosses over.
 */
#ifndef LUCIA_CORE_BRIDGE_H
#define LUCIA_CORE_BRIDGE_H

/* Only core_bridge.cpp sees both this header and core/ (core/no_database_headers.hpp). */
#if defined(LUCIA_CORE_HEADER) && !defined(LUCIA_CORE_BRIDGE_IMPLEMENTATION)
#error "core/ headers may be included in pg_ext/ only by core_bridge.cpp: call core through core_bridge.h"
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LUCIA_SESSION_ID_LENGTH 40
#define LUCIA_HASH_LENGTH 148
#define LUCIA_MAX_KEY_ID_BYTES 255
#define LUCIA_DETAIL_SIZE 256

/* Values of lucia::ErrorCode, generated from the same list (core_bridge.cpp asserts each one). */
#include "../core/error_codes.def"
#define LUCIA_C_ENUMERATOR(cpp_name, c_name, ...) LUCIA_##c_name,
enum LuciaCode { LUCIA_ERROR_CODES(LUCIA_C_ENUMERATOR) };

/* The message texts, from the same list as core/'s (core/messages.def): LUCIA_MSG_USER_MISSING
 * is "user does not exist", and so on. */
#include "../core/messages.def"
#define LUCIA_C_MESSAGE(cpp_name, c_name, text) static const char LUCIA_MSG_##c_name[] = text;
LUCIA_MESSAGES(LUCIA_C_MESSAGE)

/* A core failure, copied out of the C++ exception that carried it. */
typedef struct LuciaFailure {
    int code; /* enum LuciaCode */
    char detail[LUCIA_DETAIL_SIZE];
} LuciaFailure;

#define LUCIA_C_STATE_ENUMERATOR(cpp_name, c_name, word) LUCIA_SESSION_##c_name,
enum LuciaSessionState { LUCIA_SESSION_STATES(LUCIA_C_STATE_ENUMERATOR) };

/* Every function returning bool returns false and fills *failure when core/ refused. */
const char *lucia_bridge_code_name(int code);
const char *lucia_bridge_code_sqlstate(int code);

bool lucia_bridge_random_string(size_t length, char *out /* length + 1 */, LuciaFailure *failure);

bool lucia_bridge_hash_password(const char *password, size_t length, char *out /* LUCIA_HASH_LENGTH + 1 */,
                                LuciaFailure *failure);
bool lucia_bridge_verify_password(const char *password, size_t length, const char *stored, size_t stored_length,
                                  bool *matches, LuciaFailure *failure);

/* An auth_key row's deciding columns (core/key_use.hpp). hashed_password NULL: no password. */
typedef struct LuciaStoredKey {
    const char *hashed_password;
    bool primary_key;
    bool has_expires;
    int64_t expires;
} LuciaStoredKey;

/* Lucia's useKey over the row read (key NULL: no such key, which costs a wrong password's scrypt
 * work, then AUTH_INVALID_KEY_ID); on success *consume tells whether to delete the (single-use) key. */
bool lucia_bridge_use_key(const LuciaStoredKey *key, const char *password, size_t password_length, int64_t now_ms,
                          bool *consume, LuciaFailure *failure);
/* false (AUTH_INVALID_KEY_ID) when the single-use key's delete found no row: another request used it. */
bool lucia_bridge_check_key_consumed(bool deleted, LuciaFailure *failure);

/* The derived fields of lucia_key (core/key_result.hpp): provider id = key_id[0, provider_id_length),
 * provider user id = key_id[provider_user_id_start, length). */
typedef struct LuciaKeyFields {
    const char *type; /* "single_use" or "persistent" */
    size_t provider_id_length;
    size_t provider_user_id_start;
    bool password_defined;
    bool single_use; /* expires_at, expired and expires are NULL otherwise */
    bool expired;
} LuciaKeyFields;
void lucia_bridge_key_fields(const char *key_id, size_t length, const LuciaStoredKey *key, int64_t now_ms,
                             LuciaKeyFields *fields);
uint64_t lucia_bridge_scrypt_call_count(void);

int64_t lucia_bridge_current_time_ms(void);

/* core/session_lifecycle.hpp's decisions; the enums come from core/session_lifecycle.def. */
#include "../core/session_lifecycle.def"
#define LUCIA_C_USE_ENUMERATOR(cpp_name, c_name) LUCIA_USE_##c_name,
enum LuciaSessionUse { LUCIA_SESSION_USES(LUCIA_C_USE_ENUMERATOR) };
#define LUCIA_C_STEP_ENUMERATOR(cpp_name, c_name) LUCIA_STEP_##c_name,
enum LuciaSessionStep { LUCIA_SESSION_STEPS(LUCIA_C_STEP_ENUMERATOR) };
#define LUCIA_C_WRITE_ENUMERATOR(cpp_name, c_name) LUCIA_WRITE_##c_name,
enum LuciaSessionWrite { LUCIA_SESSION_WRITES(LUCIA_C_WRITE_ENUMERATOR) };
/* *step (enum LuciaSessionStep) for a live session; false and AUTH_INVALID_SESSION_ID for a dead one. */
bool lucia_bridge_session_step(int use /* enum LuciaSessionUse */, int64_t now_ms, int64_t active_expires,
                               int64_t idle_expires, int *step, LuciaFailure *failure);
bool lucia_bridge_session_is_live(int64_t now_ms, int64_t active_expires, int64_t idle_expires);
bool lucia_bridge_sweeps_dead_sessions(int write /* enum LuciaSessionWrite */, bool auto_database_cleanup);

int lucia_bridge_session_state(int64_t now_ms, int64_t active_expires, int64_t idle_expires);
const char *lucia_bridge_session_state_name(int state);
bool lucia_bridge_new_session_expiry(int64_t now_ms, int64_t active_period_ms, int64_t idle_period_ms,
                                     int64_t *active_expires, int64_t *idle_expires, LuciaFailure *failure);
bool lucia_bridge_single_use_key_expiry(int64_t now_ms, int64_t expires_in_seconds, int64_t *expires,
                                        LuciaFailure *failure);

bool lucia_bridge_check_custom_user_id(const char *user_id, size_t length, LuciaFailure *failure);

/* Writes at most capacity bytes plus NUL; *needed tells the full length. */
bool lucia_bridge_session_cookie(const char *session_id /* NULL: blank cookie */, size_t session_id_length,
                                 int64_t idle_expires_ms, const char *path, const char *domain, const char *same_site,
                                 bool secure, char *out, size_t capacity, size_t *needed, LuciaFailure *failure);

/* NULL pointers are absent headers. *found is false when there is no session cookie. */
bool lucia_bridge_parse_request(const char *method, size_t method_length, const char *url, size_t url_length,
                                const char *origin, size_t origin_length, const char *cookie, size_t cookie_length,
                                bool csrf_protection, const char *const *allowed_origins, const size_t *allowed_lengths,
                                size_t allowed_count, char *out, size_t capacity, size_t *needed, bool *found,
                                LuciaFailure *failure);

/* A request as PostgREST forwards it (core/request.hpp's ForwardedRequest); NULL: absent. */
typedef struct LuciaForwardedRequest {
    const char *method;
    size_t method_length;
    const char *host;
    size_t host_length;
    const char *path;
    size_t path_length;
    const char *forwarded_proto;
    size_t forwarded_proto_length;
    const char *origin;
    size_t origin_length;
    const char *session_cookie; /* the auth_session cookie's value */
    size_t session_cookie_length;
} LuciaForwardedRequest;

/* The session id of a forwarded request after the CSRF check, as lucia_bridge_parse_request. */
bool lucia_bridge_forwarded_request(const LuciaForwardedRequest *request, bool csrf_protection,
                                    const char *const *allowed_origins, const size_t *allowed_lengths,
                                    size_t allowed_count, char *out, size_t capacity, size_t *needed, bool *found,
                                    LuciaFailure *failure);
/* Whether a failure (enum LuciaCode) of a request's session leaves the request anonymous. */
bool lucia_bridge_leaves_request_anonymous(int code);
/* enum LuciaSessionUse for a request's session in a transaction that can or cannot write. */
int lucia_bridge_request_session_use(bool can_write);
/* "auth_session". */
const char *lucia_bridge_session_cookie_name(void);

/* The SQL argument rules (core/argument_rules.hpp). A NULL data pointer or is_null: SQL NULL. */
bool lucia_bridge_check_session_id(const char *id, size_t length, LuciaFailure *failure);
bool lucia_bridge_check_invalidated_session_id(const char *id, size_t length, LuciaFailure *failure);
bool lucia_bridge_check_user_id(const char *id, size_t length, LuciaFailure *failure);
bool lucia_bridge_key_id_argument(const char *provider_id, size_t provider_id_length, const char *provider_user_id,
                                  size_t provider_user_id_length, char *out /* LUCIA_MAX_KEY_ID_BYTES + 1 */,
                                  size_t *out_length, LuciaFailure *failure);
bool lucia_bridge_check_password_given(bool is_null, LuciaFailure *failure);
bool lucia_bridge_check_password_has_key(bool has_key, bool has_password, LuciaFailure *failure);
bool lucia_bridge_check_password_length(size_t bytes, LuciaFailure *failure);
bool lucia_bridge_check_password_encoding(const char *password, size_t length, LuciaFailure *failure);
bool lucia_bridge_check_random_string_length(bool is_null, int64_t length, LuciaFailure *failure);
bool lucia_bridge_check_verifiable_hash(const char *hash, size_t length, LuciaFailure *failure);
bool lucia_bridge_check_session_cookie_arguments(const char *session_id, size_t length, bool has_idle_expires,
                                                 LuciaFailure *failure);
bool lucia_bridge_check_batch_size(bool is_null, int64_t batch_size, LuciaFailure *failure);
bool lucia_bridge_check_max_batches(bool is_null, int64_t max_batches, LuciaFailure *failure);

#ifdef __cplusplus
}
#endif

/* The lucia.* settings (names, defaults, ranges, choices, descriptions): plain preprocessor data
 * that pg_ext/settings.cpp registers as GUCs and core/settings.cpp gives SQLite. */
#include "../core/settings.def"

#endif
