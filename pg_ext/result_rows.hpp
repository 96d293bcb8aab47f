// The composite rows the functions return: lucia_user, lucia_session, lucia_session_user, lucia_key.
#pragma once

#include "pg_headers.hpp"

// A session as read from or written to auth_session.
struct LuciaSessionRow {
    char *session_id;
    char *user_id;
    int64 active_expires;
    int64 idle_expires;
};

// A key as read from auth_key.
struct LuciaKeyRow {
    char *key_id;
    char *user_id;
    bool primary_key;
    char *hashed_password;  // NULL: no password
    bool has_expires;       // false: persistent key
    int64 expires;
};

inline constexpr int LUCIA_SESSION_FIELDS = 8;
inline constexpr int LUCIA_KEY_FIELDS = 9;

// Milliseconds since the Unix epoch as timestamptz (infinity beyond PostgreSQL's range).
TimestampTz lucia_ms_to_timestamptz(int64 ms);

// Fills the 8 lucia_session fields: session_id, user_id, active_period_expires_at,
// idle_period_expires_at, state, fresh, active_expires, idle_expires.
void lucia_session_fields(const LuciaSessionRow *session, int64 now_ms, bool fresh, Datum *values, bool *nulls);

// Fills the 9 lucia_key fields: type, provider_id, provider_user_id, user_id, primary_key,
// password_defined, expires_at, expired, expires.
void lucia_key_fields(const LuciaKeyRow *key, int64 now_ms, Datum *values, bool *nulls);

// A lucia_session (plus user attributes when user_attributes is not 0 and the type has the field).
Datum lucia_session_datum(FunctionCallInfo fcinfo, const LuciaSessionRow *session, int64 now_ms, bool fresh,
                          Datum user_attributes);
Datum lucia_key_datum(FunctionCallInfo fcinfo, const LuciaKeyRow *key, int64 now_ms);
Datum lucia_user_datum(FunctionCallInfo fcinfo, const char *user_id, Datum attributes);
