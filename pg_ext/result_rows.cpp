// Building result rows. Why one place: both engines promise the same field names and meanings.
#include "result_rows.hpp"

#include "core_bridge.h"
#include "key_store.hpp"

#include <string.h>

TimestampTz lucia_ms_to_timestamptz(int64 ms) {
    const int64 epoch_shift_us = (int64)(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * USECS_PER_DAY;
    int64 us;
    if (pg_mul_s64_overflow(ms, 1000, &us) || pg_sub_s64_overflow(us, epoch_shift_us, &us))
        return ms < 0 ? DT_NOBEGIN : DT_NOEND;
    if (!IS_VALID_TIMESTAMP(us)) return ms < 0 ? DT_NOBEGIN : DT_NOEND;
    return us;
}

void lucia_session_fields(const LuciaSessionRow *session, int64 now_ms, bool fresh, Datum *values, bool *nulls) {
    int state = lucia_bridge_session_state(now_ms, session->active_expires, session->idle_expires);
    memset(nulls, 0, sizeof(bool) * LUCIA_SESSION_FIELDS);
    values[0] = CStringGetTextDatum(session->session_id);
    values[1] = CStringGetTextDatum(session->user_id);
    values[2] = TimestampTzGetDatum(lucia_ms_to_timestamptz(session->active_expires));
    values[3] = TimestampTzGetDatum(lucia_ms_to_timestamptz(session->idle_expires));
    values[4] = CStringGetTextDatum(lucia_bridge_session_state_name(state));
    values[5] = BoolGetDatum(fresh);
    values[6] = Int64GetDatum(session->active_expires);
    values[7] = Int64GetDatum(session->idle_expires);
}

void lucia_key_fields(const LuciaKeyRow *key, int64 now_ms, Datum *values, bool *nulls) {
    size_t key_length = strlen(key->key_id);
    LuciaStoredKey stored = lucia_stored_key(key);
    LuciaKeyFields fields;
    lucia_bridge_key_fields(key->key_id, key_length, &stored, now_ms, &fields);
    memset(nulls, 0, sizeof(bool) * LUCIA_KEY_FIELDS);
    values[0] = CStringGetTextDatum(fields.type);
    values[1] = PointerGetDatum(cstring_to_text_with_len(key->key_id, (int)fields.provider_id_length));
    values[2] = PointerGetDatum(cstring_to_text_with_len(key->key_id + fields.provider_user_id_start,
                                                         (int)(key_length - fields.provider_user_id_start)));
    values[3] = CStringGetTextDatum(key->user_id);
    values[4] = BoolGetDatum(key->primary_key);
    values[5] = BoolGetDatum(fields.password_defined);
    if (fields.single_use) {
        values[6] = TimestampTzGetDatum(lucia_ms_to_timestamptz(key->expires));
        values[7] = BoolGetDatum(fields.expired);
        values[8] = Int64GetDatum(key->expires);
    } else {
        nulls[6] = nulls[7] = nulls[8] = true;
    }
}

// Forms the function's composite result. The descriptor is the type cache's own when the call
// names a composite type: get_call_result_type copied it on every call (~1,400 instructions).
static Datum form_result(FunctionCallInfo fcinfo, Datum *values, bool *nulls) {
    Oid type = fcinfo->flinfo != nullptr ? get_fn_expr_rettype(fcinfo->flinfo) : InvalidOid;
    TupleDesc cached = OidIsValid(type) && type != RECORDOID ? lookup_rowtype_tupdesc_noerror(type, -1, true) : nullptr;
    if (cached != nullptr) {
        HeapTuple tuple = heap_form_tuple(cached, values, nulls);
        ReleaseTupleDesc(cached);
        return HeapTupleGetDatum(tuple);
    }
    TupleDesc tupdesc;
    if (get_call_result_type(fcinfo, nullptr, &tupdesc) != TYPEFUNC_COMPOSITE)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("lucia: function must return a composite")));
    return HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls));
}

Datum lucia_session_datum(FunctionCallInfo fcinfo, const LuciaSessionRow *session, int64 now_ms, bool fresh,
                          Datum user_attributes) {
    Datum values[LUCIA_SESSION_FIELDS + 1];
    bool nulls[LUCIA_SESSION_FIELDS + 1];
    lucia_session_fields(session, now_ms, fresh, values, nulls);
    // Read only by lucia_session_user, whose type has the field.
    values[LUCIA_SESSION_FIELDS] = user_attributes;
    nulls[LUCIA_SESSION_FIELDS] = user_attributes == (Datum)0;
    return form_result(fcinfo, values, nulls);
}

Datum lucia_key_datum(FunctionCallInfo fcinfo, const LuciaKeyRow *key, int64 now_ms) {
    Datum values[LUCIA_KEY_FIELDS];
    bool nulls[LUCIA_KEY_FIELDS];
    lucia_key_fields(key, now_ms, values, nulls);
    return form_result(fcinfo, values, nulls);
}

Datum lucia_user_datum(FunctionCallInfo fcinfo, const char *user_id, Datum attributes) {
    Datum values[2] = {CStringGetTextDatum(user_id), attributes};
    bool nulls[2] = {false, attributes == (Datum)0};
    return form_result(fcinfo, values, nulls);
}
