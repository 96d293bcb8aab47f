// Reading SQL arguments, treating each as hostile: NULL, empty, too long, wrong encoding.
#pragma once

#include "pg_headers.hpp"

// A text argument as bytes; data is NUL-terminated and NULL for SQL NULL.
struct LuciaText {
    char *data;
    size_t length;
};

// The argument as it arrived, or {NULL, 0} for SQL NULL.
LuciaText lucia_text_arg(FunctionCallInfo fcinfo, int argno);

// A text[] argument's elements, as core_bridge.h takes lists: items[i] is lengths[i] bytes.
struct LuciaTextList {
    const char **items;
    size_t *lengths;
    int count;
};

// allowed_origins (text[]): SQL NULL is the empty list; a NULL element raises AUTH_INVALID_ARGUMENT.
LuciaTextList lucia_allowed_origins_arg(FunctionCallInfo fcinfo, int argno);

// A password argument converted to UTF-8 (Lucia hashes UTF-8 bytes), or {NULL, 0} for SQL NULL.
// Every copy made of it is wiped (OPENSSL_cleanse) when the calling memory context goes, so also
// after an error; lucia_wipe_password wipes it as soon as it is no longer needed.
LuciaText lucia_password_arg(FunctionCallInfo fcinfo, int argno);

// Zeroes the password's bytes (the length stays, the data pointer stays valid).
void lucia_wipe_password(LuciaText *password);

// A session id: NULL or not 40 bytes raises AUTH_INVALID_SESSION_ID before any table is read.
LuciaText lucia_session_id_arg(FunctionCallInfo fcinfo, int argno);

// A user id to look up: NULL, empty or longer than any stored id raises AUTH_INVALID_USER_ID.
LuciaText lucia_user_id_arg(FunctionCallInfo fcinfo, int argno);

// "<provider id>:<provider user id>" from two arguments; any problem raises AUTH_INVALID_KEY_ID.
LuciaText lucia_key_id_args(FunctionCallInfo fcinfo, int provider_argno, int provider_user_argno);

// A password that must be given (hash, verify): NULL raises AUTH_INVALID_ARGUMENT; then as above.
LuciaText lucia_required_password_arg(FunctionCallInfo fcinfo, int argno);

// A session id to invalidate: any text; NULL raises AUTH_INVALID_SESSION_ID.
LuciaText lucia_invalidated_session_id_arg(FunctionCallInfo fcinfo, int argno);

// lucia_generate_random_string's length, within core's limits.
int32 lucia_random_string_length_arg(FunctionCallInfo fcinfo, int argno);

// lucia_verify_password's hash: bcrypt raises AUTH_OUTDATED_PASSWORD, no scrypt hash AUTH_INVALID_ARGUMENT.
LuciaText lucia_verifiable_hash_arg(FunctionCallInfo fcinfo, int argno);

// lucia_create_session_cookie: a session id needs its idle_expires and must be 40 bytes.
void lucia_check_session_cookie_args(FunctionCallInfo fcinfo, LuciaText session_id, int idle_expires_argno);

// lucia_delete_expired_sessions' batch_size: at least 1.
int32 lucia_batch_size_arg(FunctionCallInfo fcinfo, int argno);

// lucia_delete_expired_sessions' max_batches: at least 1, or -1 for SQL NULL (until none is left).
int64 lucia_max_batches_arg(FunctionCallInfo fcinfo, int argno);
