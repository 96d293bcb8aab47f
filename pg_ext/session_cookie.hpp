// The session cookie Lucia sets, with the lucia.cookie_* and lucia.env settings.
// Why a file: lucia_create_session_cookie returns it, and the PostgREST pre-request sends it when
// a validation renewed the session or found none (Lucia's handleRequest writes it then).
#pragma once

#include "pg_headers.hpp"

// The Set-Cookie value for session_id (length bytes) expiring at idle_expires_ms; session_id NULL
// gives the blank cookie that logs the browser out. Raises core's refusal of a setting's value.
text *lucia_session_cookie(const char *session_id, size_t length, int64 idle_expires_ms);
