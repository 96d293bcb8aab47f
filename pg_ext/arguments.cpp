// Argument readers shared by every SQL-callable function.
#include "arguments.hpp"

#include "core_bridge.h"
#include "errors_pg.hpp"
#include "log_filter.hpp"

#include <openssl/crypto.h>

LuciaText lucia_text_arg(FunctionCallInfo fcinfo, int argno) {
    LuciaText result = {nullptr, 0};
    if (PG_ARGISNULL(argno)) return result;
    struct varlena *value = PG_GETARG_TEXT_PP(argno);
    result.length = VARSIZE_ANY_EXHDR(value);
    result.data = text_to_cstring(value);
    return result;
}

LuciaText lucia_required_text_arg(FunctionCallInfo fcinfo, int argno, int code, const char *what) {
    if (PG_ARGISNULL(argno)) lucia_raise(code, psprintf("%s must not be null", what));
    return lucia_text_arg(fcinfo, argno);
}

// A password copy to wipe when its memory context goes, on success or on error.
struct WipeOnReset {
    MemoryContextCallback callback;
    char *data;
    size_t length;
};

// Memory context reset callback: zeroes the copy before palloc may hand its bytes out again.
static void wipe_on_reset(void *arg) {
    WipeOnReset *wipe = static_cast<WipeOnReset *>(arg);
    if (wipe->data != nullptr) OPENSSL_cleanse(wipe->data, wipe->length);
    wipe->data = nullptr;
}

// Registers `data` to be wiped when the current memory context is reset or deleted.
static void wipe_when_context_goes(char *data, size_t length) {
    WipeOnReset *wipe = static_cast<WipeOnReset *>(palloc(sizeof(WipeOnReset)));
    wipe->data = data;
    wipe->length = length;
    wipe->callback.func = wipe_on_reset;
    wipe->callback.arg = wipe;
    MemoryContextRegisterResetCallback(CurrentMemoryContext, &wipe->callback);
}

LuciaText lucia_password_arg(FunctionCallInfo fcinfo, int argno) {
    lucia_log_filter_mark();  // from here to the end of the transaction, logs show no statement
    LuciaText password = {nullptr, 0};
    if (PG_ARGISNULL(argno)) return password;
    // A detoasted (decompressed) argument is our copy too.
    struct varlena *stored = reinterpret_cast<struct varlena *>(DatumGetPointer(PG_GETARG_DATUM(argno)));
    struct varlena *value = PG_GETARG_TEXT_PP(argno);
    password.length = VARSIZE_ANY_EXHDR(value);
    password.data = text_to_cstring(value);
    if (value != stored) wipe_when_context_goes(reinterpret_cast<char *>(value), VARSIZE_ANY(value));
    wipe_when_context_goes(password.data, password.length);
    if (password.length > LUCIA_MAX_PASSWORD_BYTES)
        lucia_raise(LUCIA_INVALID_ARGUMENT, psprintf("password must be at most %d bytes", LUCIA_MAX_PASSWORD_BYTES));
    // In a UTF8 or SQL_ASCII database this returns the same bytes; core/ then checks them.
    char *utf8 = pg_server_to_any(password.data, static_cast<int>(password.length), PG_UTF8);
    if (utf8 != password.data) {
        password.data = utf8;
        password.length = strlen(utf8);
        wipe_when_context_goes(password.data, password.length);
    }
    if (!lucia_bridge_is_valid_utf8(password.data, password.length))
        lucia_raise(LUCIA_INVALID_ARGUMENT, "password is not valid UTF-8");
    return password;
}

void lucia_wipe_password(LuciaText *password) {
    if (password->data != nullptr) OPENSSL_cleanse(password->data, password->length);
}

LuciaText lucia_session_id_arg(FunctionCallInfo fcinfo, int argno) {
    LuciaText id = lucia_required_text_arg(fcinfo, argno, LUCIA_INVALID_SESSION_ID, "session id");
    if (id.length != LUCIA_SESSION_ID_LENGTH)
        lucia_raise(LUCIA_INVALID_SESSION_ID, "session id must be 40 characters");
    return id;
}

LuciaText lucia_user_id_arg(FunctionCallInfo fcinfo, int argno) {
    LuciaText id = lucia_required_text_arg(fcinfo, argno, LUCIA_INVALID_USER_ID, "user id");
    if (id.length == 0) lucia_raise(LUCIA_INVALID_USER_ID, "user id must not be empty");
    if (id.length > LUCIA_MAX_KEY_ID_BYTES) lucia_raise(LUCIA_INVALID_USER_ID, "user id is too long");
    return id;
}

LuciaText lucia_key_id_args(FunctionCallInfo fcinfo, int provider_argno, int provider_user_argno) {
    LuciaText provider = lucia_required_text_arg(fcinfo, provider_argno, LUCIA_INVALID_KEY_ID, "provider id");
    LuciaText user = lucia_required_text_arg(fcinfo, provider_user_argno, LUCIA_INVALID_KEY_ID, "provider user id");
    LuciaText key_id;
    key_id.data = static_cast<char *>(palloc(LUCIA_MAX_KEY_ID_BYTES + 1));
    LuciaFailure failure;
    if (!lucia_bridge_format_key_id(provider.data, provider.length, user.data, user.length, key_id.data,
                                    &key_id.length, &failure))
        lucia_raise(LUCIA_INVALID_KEY_ID, failure.detail);
    return key_id;
}
