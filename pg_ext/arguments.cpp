// Argument readers shared by every SQL-callable function.
#include "arguments.hpp"

#include "core_bridge.h"
#include "errors_pg.hpp"
#include "log_filter.hpp"
#include "statement_secret.hpp"

#include <openssl/crypto.h>

LuciaText lucia_text_arg(FunctionCallInfo fcinfo, int argno) {
    LuciaText result = {nullptr, 0};
    if (PG_ARGISNULL(argno)) return result;
    struct varlena *value = PG_GETARG_TEXT_PP(argno);
    result.length = VARSIZE_ANY_EXHDR(value);
    result.data = text_to_cstring(value);
    return result;
}

LuciaTextList lucia_allowed_origins_arg(FunctionCallInfo fcinfo, int argno) {
    LuciaTextList list = {nullptr, nullptr, 0};
    if (PG_ARGISNULL(argno)) return list;
    Datum *elements;
    bool *element_nulls;
    deconstruct_array(PG_GETARG_ARRAYTYPE_P(argno), TEXTOID, -1, false, TYPALIGN_INT, &elements, &element_nulls,
                      &list.count);
    list.items = static_cast<const char **>(palloc(sizeof(char *) * (list.count + 1)));
    list.lengths = static_cast<size_t *>(palloc(sizeof(size_t) * (list.count + 1)));
    for (int i = 0; i < list.count; ++i) {
        if (element_nulls[i]) lucia_raise(LUCIA_INVALID_ARGUMENT, "allowed_origins must not contain NULL");
        list.items[i] = TextDatumGetCString(elements[i]);
        list.lengths[i] = strlen(list.items[i]);
    }
    return list;
}

// Raises core's refusal, if any: the argument rules and their messages live in core/.
static void lucia_check(bool passed, const LuciaFailure *failure) {
    if (!passed) lucia_raise_failure(failure);
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
    lucia_hide_statement_activity();
    LuciaText password = {nullptr, 0};
    if (PG_ARGISNULL(argno)) return password;
    // A detoasted (decompressed) argument is our copy too.
    struct varlena *stored = reinterpret_cast<struct varlena *>(DatumGetPointer(PG_GETARG_DATUM(argno)));
    struct varlena *value = PG_GETARG_TEXT_PP(argno);
    password.length = VARSIZE_ANY_EXHDR(value);
    password.data = text_to_cstring(value);
    if (value != stored) wipe_when_context_goes(reinterpret_cast<char *>(value), VARSIZE_ANY(value));
    wipe_when_context_goes(password.data, password.length);
    LuciaFailure failure;
    lucia_check(lucia_bridge_check_password_length(password.length, &failure), &failure);
    // In a UTF8 or SQL_ASCII database this returns the same bytes; core/ then checks them.
    char *utf8 = pg_server_to_any(password.data, static_cast<int>(password.length), PG_UTF8);
    if (utf8 != password.data) {
        password.data = utf8;
        password.length = strlen(utf8);
        wipe_when_context_goes(password.data, password.length);
    }
    lucia_check(lucia_bridge_check_password_encoding(password.data, password.length, &failure), &failure);
    return password;
}

void lucia_wipe_password(LuciaText *password) {
    if (password->data != nullptr) OPENSSL_cleanse(password->data, password->length);
}

LuciaText lucia_required_password_arg(FunctionCallInfo fcinfo, int argno) {
    LuciaFailure failure;
    lucia_check(lucia_bridge_check_password_given(PG_ARGISNULL(argno), &failure), &failure);
    return lucia_password_arg(fcinfo, argno);
}

// A core text rule over the bridge: (bytes or NULL, length, failure) -> passed.
typedef bool (*LuciaTextRule)(const char *, size_t, LuciaFailure *);

// A core integer rule over the bridge: (is NULL, value, failure) -> passed.
typedef bool (*LuciaIntegerRule)(bool, int64_t, LuciaFailure *);

// Reads a text argument and raises core's refusal of it, if any.
static LuciaText checked_text_arg(FunctionCallInfo fcinfo, int argno, LuciaTextRule rule) {
    LuciaText text = lucia_text_arg(fcinfo, argno);
    LuciaFailure failure;
    lucia_check(rule(text.data, text.length, &failure), &failure);
    return text;
}

// A credential's text argument (a session id): out of pg_stat_activity and the log if the statement
// carries it as a literal, before the rule can refuse it.
static LuciaText checked_secret_text_arg(FunctionCallInfo fcinfo, int argno, LuciaTextRule rule) {
    LuciaText text = lucia_text_arg(fcinfo, argno);
    lucia_hide_statement_containing(text.data, text.length);
    LuciaFailure failure;
    lucia_check(rule(text.data, text.length, &failure), &failure);
    return text;
}

// Reads an integer argument (0 for SQL NULL) and raises core's refusal of it, if any.
static int32 checked_int32_arg(FunctionCallInfo fcinfo, int argno, LuciaIntegerRule rule) {
    bool is_null = PG_ARGISNULL(argno);
    int32 value = is_null ? 0 : PG_GETARG_INT32(argno);
    LuciaFailure failure;
    lucia_check(rule(is_null, value, &failure), &failure);
    return value;
}

LuciaText lucia_session_id_arg(FunctionCallInfo fcinfo, int argno) {
    return checked_secret_text_arg(fcinfo, argno, lucia_bridge_check_session_id);
}

LuciaText lucia_invalidated_session_id_arg(FunctionCallInfo fcinfo, int argno) {
    return checked_secret_text_arg(fcinfo, argno, lucia_bridge_check_invalidated_session_id);
}

LuciaText lucia_user_id_arg(FunctionCallInfo fcinfo, int argno) {
    return checked_text_arg(fcinfo, argno, lucia_bridge_check_user_id);
}

LuciaText lucia_key_id_args(FunctionCallInfo fcinfo, int provider_argno, int provider_user_argno) {
    LuciaText provider = lucia_text_arg(fcinfo, provider_argno);
    LuciaText user = lucia_text_arg(fcinfo, provider_user_argno);
    LuciaText key_id;
    key_id.data = static_cast<char *>(palloc(LUCIA_MAX_KEY_ID_BYTES + 1));
    LuciaFailure failure;
    lucia_check(lucia_bridge_key_id_argument(provider.data, provider.length, user.data, user.length, key_id.data,
                                             &key_id.length, &failure),
                &failure);
    return key_id;
}

int32 lucia_random_string_length_arg(FunctionCallInfo fcinfo, int argno) {
    return checked_int32_arg(fcinfo, argno, lucia_bridge_check_random_string_length);
}

LuciaText lucia_verifiable_hash_arg(FunctionCallInfo fcinfo, int argno) {
    return checked_text_arg(fcinfo, argno, lucia_bridge_check_verifiable_hash);
}

void lucia_check_session_cookie_args(FunctionCallInfo fcinfo, LuciaText session_id, int idle_expires_argno) {
    lucia_hide_statement_containing(session_id.data, session_id.length);
    LuciaFailure failure;
    lucia_check(lucia_bridge_check_session_cookie_arguments(session_id.data, session_id.length,
                                                            !PG_ARGISNULL(idle_expires_argno), &failure),
                &failure);
}

int32 lucia_batch_size_arg(FunctionCallInfo fcinfo, int argno) {
    return checked_int32_arg(fcinfo, argno, lucia_bridge_check_batch_size);
}

int64 lucia_max_batches_arg(FunctionCallInfo fcinfo, int argno) {
    int32 max_batches = checked_int32_arg(fcinfo, argno, lucia_bridge_check_max_batches);
    return PG_ARGISNULL(argno) ? -1 : max_batches;
}
