// lucia_postgrest_pre_request(allowed_origins): PostgREST's db-pre-request hook. Reads the request
// from the settings PostgREST sets in every request's transaction (request.method, request.path,
// request.headers and request.cookies: JSON objects, header names in lower case), applies Lucia's
// CSRF check (core/request.hpp, as lucia_parse_request_headers), and authenticates the
// transaction with the auth_session cookie (authenticated_user.hpp). A cookie whose session is
// missing, expired or malformed leaves the request anonymous, as Lucia's handleRequest does; a
// renewed session's cookie, or the blank cookie for a dead one, goes out through response.headers.
#include "arguments.hpp"
#include "authenticated_user.hpp"
#include "core_bridge.h"
#include "errors_pg.hpp"
#include "guarded_call.hpp"
#include "session_cookie.hpp"
#include "settings.hpp"
#include "standby.hpp"
#include "subtransaction.hpp"

extern "C" {
#include "utils/json.h"
}

#include <string.h>

// A setting's value, or NULL when it is unset or '' (what a request.* or response.* setting keeps
// after the transaction that set it ended).
static const char *nonempty_setting(const char *name) {
    const char *value = GetConfigOption(name, true, false);
    return value == nullptr || value[0] == '\0' ? nullptr : value;
}

// A request.* setting that holds a JSON object, or NULL when it is unset or holds no object.
static Jsonb *json_object_setting(const char *name) {
    const char *value = nonempty_setting(name);
    if (value == nullptr) return nullptr;
    Jsonb *json = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(value)));
    return JB_ROOT_IS_OBJECT(json) ? json : nullptr;
}

// The string under key in object, or {NULL, 0} when the object, the key or a string is missing.
static LuciaText json_string_field(Jsonb *object, const char *key) {
    LuciaText field = {nullptr, 0};
    if (object == nullptr) return field;
    JsonbValue value;
    if (getKeyJsonValueFromContainer(&object->root, key, static_cast<int>(strlen(key)), &value) == nullptr ||
        value.type != jbvString)
        return field;
    field.data = pnstrdup(value.val.string.val, value.val.string.len);
    field.length = static_cast<size_t>(value.val.string.len);
    return field;
}

// Whether a Lucia error (by SQLSTATE) leaves the request anonymous rather than failing it (core).
static bool leaves_request_anonymous(int sqlerrcode) {
#define LUCIA_ANONYMOUS_CASE(cpp_name, c_name, name, sqlstate) \
    if (sqlerrcode == lucia_sqlstate(LUCIA_##c_name)) return lucia_bridge_leaves_request_anonymous(LUCIA_##c_name);
    LUCIA_ERROR_CODES(LUCIA_ANONYMOUS_CASE)
#undef LUCIA_ANONYMOUS_CASE
    return false;
}

// What authenticate_or_anonymous hands its subtransaction: the call and its result.
struct RequestSession {
    const LuciaText *session_id;
    int64 now_ms;
    int use;
    bool fresh;
    LuciaSessionRow *session;
};

// lucia_authenticate_session with a RequestSession.
static void authenticate_request_session(void *request_session) {
    RequestSession *call = static_cast<RequestSession *>(request_session);
    call->session =
        lucia_authenticate_session(call->session_id, call->now_ms, call->use, CurrentMemoryContext, &call->fresh);
}

// lucia_authenticate_session in a subtransaction of its own, so that a session core says leaves
// the request anonymous (and any write its renewal began) is rolled back instead of failing the
// request: NULL then. Every other error is raised.
static LuciaSessionRow *authenticate_or_anonymous(const LuciaText *session_id, int64 now_ms, int use, bool *fresh) {
    RequestSession call = {session_id, now_ms, use, false, nullptr};
    if (!lucia_try_in_subtransaction(authenticate_request_session, &call, leaves_request_anonymous)) return nullptr;
    *fresh = call.fresh;
    return call.session;
}

// The pre-request's work, run as the tables' owner (lucia_guarded_call): returns the Set-Cookie
// value to send, or SQL NULL when there is none to send.
static Datum authenticate_request(FunctionCallInfo fcinfo) {
    LuciaTextList allowed = lucia_allowed_origins_arg(fcinfo, 0);
    Jsonb *headers = json_object_setting("request.headers");
    LuciaText method = {const_cast<char *>(nonempty_setting("request.method")), 0};
    LuciaText path = {const_cast<char *>(nonempty_setting("request.path")), 0};
    LuciaText host = json_string_field(headers, "host");
    LuciaText proto = json_string_field(headers, "x-forwarded-proto");
    LuciaText origin = json_string_field(headers, "origin");
    LuciaText cookie = json_string_field(json_object_setting("request.cookies"), lucia_bridge_session_cookie_name());
    LuciaForwardedRequest request = {method.data, method.data ? strlen(method.data) : 0,
                                     host.data,   host.length,
                                     path.data,   path.data ? strlen(path.data) : 0,
                                     proto.data,  proto.length,
                                     origin.data, origin.length,
                                     cookie.data, cookie.length};
    size_t capacity = cookie.length + 1;
    LuciaText session_id = {static_cast<char *>(palloc(capacity + 1)), 0};
    bool found = false;
    LuciaFailure failure;
    if (!lucia_bridge_forwarded_request(&request, lucia_csrf_protection, allowed.items, allowed.lengths,
                                        static_cast<size_t>(allowed.count), session_id.data, capacity,
                                        &session_id.length, &found, &failure))
        lucia_raise_failure_as(ERRCODE_INSUFFICIENT_PRIVILEGE, &failure);  // PostgREST: 403 (401 without a JWT)
    fcinfo->isnull = true;
    if (!found) return (Datum)0;  // no cookie: anonymous, nothing to tell the browser
    bool fresh = false;
    int use = lucia_bridge_request_session_use(!lucia_cannot_write());
    LuciaSessionRow *session = authenticate_or_anonymous(&session_id, lucia_bridge_current_time_ms(), use, &fresh);
    if (session != nullptr && !fresh) return (Datum)0;
    fcinfo->isnull = false;
    if (session == nullptr) return PointerGetDatum(lucia_session_cookie(nullptr, 0, 0));
    return PointerGetDatum(
        lucia_session_cookie(session->session_id, strlen(session->session_id), session->idle_expires));
}

// authenticate_request as one authentication attempt: any earlier authentication is cleared
// first, and a refused request (or any error) leaves nobody authenticated, as a failed
// lucia_authenticate does.
static Datum authenticate_request_once(FunctionCallInfo fcinfo) {
    lucia_clear_authenticated_user();
    volatile Datum cookie = (Datum)0;
    PG_TRY();
    { cookie = authenticate_request(fcinfo); }
    PG_CATCH();
    {
        lucia_forget_authenticated_user();
        PG_RE_THROW();
    }
    PG_END_TRY();
    return cookie;
}

// Adds {"Set-Cookie": cookie} to PostgREST's response.headers (an array of one-key objects),
// keeping what is there, for this transaction only.
static void send_cookie(text *cookie) {
    StringInfoData header;
    initStringInfo(&header);
    appendStringInfoString(&header, "[{\"Set-Cookie\": ");
    escape_json(&header, text_to_cstring(cookie));
    appendStringInfoString(&header, "}]");
    Datum headers = DirectFunctionCall1(jsonb_in, CStringGetDatum(header.data));
    const char *earlier = nonempty_setting("response.headers");
    if (earlier != nullptr)
        headers = DirectFunctionCall2(jsonb_concat, DirectFunctionCall1(jsonb_in, CStringGetDatum(earlier)), headers);
    Jsonb *all = DatumGetJsonbP(headers);
    (void)set_config_option("response.headers", JsonbToCString(nullptr, &all->root, VARSIZE(all)), PGC_USERSET,
                            PGC_S_SESSION, GUC_ACTION_LOCAL, true, 0, false);
}

// lucia_postgrest_pre_request(allowed_origins text[] DEFAULT '{}'): the table work runs under a
// second guard as the tables' owner, whose settings are undone when it ends; the cookie is set
// here, after it, as the caller.
LUCIA_FUNCTION(lucia_postgrest_pre_request) {
    Datum cookie = lucia_guarded_call(fcinfo, authenticate_request_once, true);
    if (fcinfo->isnull) {
        fcinfo->isnull = false;
        PG_RETURN_VOID();
    }
    send_cookie(DatumGetTextPP(cookie));
    PG_RETURN_VOID();
}
