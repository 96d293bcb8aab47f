// SQL functions over keys: Lucia's createKey, useKey (lucia_validate_key), getKey, getAllUserKeys,
// updateKeyPassword, deleteKey.
#include "arguments.hpp"
#include "core_bridge.h"
#include "errors_pg.hpp"
#include "guarded_call.hpp"
#include "key_store.hpp"
#include "result_rows.hpp"
#include "spi_plans.hpp"
#include "standby.hpp"

// lucia_create_key(user_id, provider_id, provider_user_id, password, expires_in) -> lucia_key.
// expires_in (seconds) NULL makes a persistent key, otherwise a single-use key.
LUCIA_TABLE_FUNCTION(lucia_create_key) {
    LuciaText user_id = lucia_user_id_arg(fcinfo, 0);
    LuciaKeyRow key = {};
    key.key_id = lucia_key_id_args(fcinfo, 1, 2).data;
    key.user_id = user_id.data;
    LuciaText password = lucia_password_arg(fcinfo, 3);
    int64 now = lucia_bridge_current_time_ms();
    if (!PG_ARGISNULL(4)) {
        LuciaFailure failure;
        if (!lucia_bridge_single_use_key_expiry(now, PG_GETARG_INT64(4), &key.expires, &failure))
            lucia_raise_failure(&failure);
        key.has_expires = true;
    }
    lucia_begin_write("creating a key");
    key.hashed_password = lucia_hash_password_arg(&password, false);
    lucia_wipe_password(&password);
    SPI_connect();
    Datum user_arg[1] = {CStringGetTextDatum(user_id.data)};
    if (lucia_run(Q_USER_LOCK, user_arg, nullptr, false) == 0)
        lucia_raise(LUCIA_INVALID_USER_ID, LUCIA_MSG_USER_MISSING);
    lucia_insert_key(&key);
    SPI_finish();
    return lucia_key_datum(fcinfo, &key, now);
}

// lucia_validate_key(provider_id, provider_user_id, password) -> lucia_key: Lucia's useKey.
// An unknown key id costs the same scrypt work as a wrong password; a single-use key is deleted
// in the same statement that checks it is still there, so two concurrent uses cannot both succeed.
LUCIA_TABLE_FUNCTION(lucia_validate_key) {
    LuciaText key_id = lucia_key_id_args(fcinfo, 0, 1);
    LuciaText password = lucia_password_arg(fcinfo, 2);
    int64 now = lucia_bridge_current_time_ms();
    MemoryContext outer = CurrentMemoryContext;
    SPI_connect();
    Datum key_arg[1] = {CStringGetTextDatum(key_id.data)};
    // Not read-only: a VOLATILE function sees keys written earlier in the same statement.
    LuciaKeyRow *key = lucia_run(Q_KEY_GET, key_arg, nullptr, false) == 0 ? nullptr : lucia_key_from_result(0, outer);
    LuciaStoredKey stored = key != nullptr ? lucia_stored_key(key) : LuciaStoredKey{};
    bool consume = false;
    LuciaFailure failure;
    // Lucia deletes an expired key before throwing; here the error would undo the delete, so
    // expired keys stay until deleted (lucia_delete_key or the user's deletion).
    bool usable = lucia_bridge_use_key(key != nullptr ? &stored : nullptr, password.data, password.length, now,
                                       &consume, &failure);
    lucia_wipe_password(&password);
    // A refusal read from the key's row, or the lack of one, may be lag on a standby (a password
    // changed, a key replaced or created); only OpenSSL's failure is the standby's own.
    if (!usable && failure.code == LUCIA_UNKNOWN_ERROR) lucia_raise_failure(&failure);
    if (!usable) lucia_raise_negative(failure.code, failure.detail);
    if (consume) {
        lucia_begin_write("using a single-use key");
        // The user before the key (lucia_delete_user's order), so a login that consumes the key and
        // then creates a session in one transaction cannot deadlock with the user's deletion.
        Datum user_arg[1] = {CStringGetTextDatum(key->user_id)};
        if (lucia_run(Q_USER_LOCK, user_arg, nullptr, false) == 0)
            lucia_raise(LUCIA_INVALID_KEY_ID, LUCIA_MSG_KEY_MISSING);
        if (!lucia_bridge_check_key_consumed(lucia_run(Q_KEY_CONSUME, key_arg, nullptr, false) != 0, &failure))
            lucia_raise_failure(&failure);
    }
    SPI_finish();
    return lucia_key_datum(fcinfo, key, now);
}

// lucia_get_key(provider_id, provider_user_id) -> lucia_key; never deletes, expired keys included.
LUCIA_TABLE_FUNCTION(lucia_get_key) {
    LuciaText key_id = lucia_key_id_args(fcinfo, 0, 1);
    int64 now = lucia_bridge_current_time_ms();
    MemoryContext outer = CurrentMemoryContext;
    SPI_connect();
    Datum key_arg[1] = {CStringGetTextDatum(key_id.data)};
    if (lucia_run(Q_KEY_GET, key_arg, nullptr, true) == 0)
        lucia_raise_negative(LUCIA_INVALID_KEY_ID, LUCIA_MSG_KEY_MISSING);
    LuciaKeyRow *key = lucia_key_from_result(0, outer);
    SPI_finish();
    return lucia_key_datum(fcinfo, key, now);
}

// lucia_get_all_user_keys(user_id) -> SETOF lucia_key
LUCIA_TABLE_FUNCTION(lucia_get_all_user_keys) {
    LuciaText user_id = lucia_user_id_arg(fcinfo, 0);
    int64 now = lucia_bridge_current_time_ms();
    InitMaterializedSRF(fcinfo, 0);
    ReturnSetInfo *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    SPI_connect();
    Datum user_arg[1] = {CStringGetTextDatum(user_id.data)};
    if (lucia_run(Q_USER_EXISTS, user_arg, nullptr, true) == 0)
        lucia_raise_negative(LUCIA_INVALID_USER_ID, LUCIA_MSG_USER_MISSING);
    uint64 count = lucia_run(Q_KEYS_OF_USER, user_arg, nullptr, true);
    for (uint64 row = 0; row < count; ++row) {
        LuciaKeyRow *key = lucia_key_from_result(row, CurrentMemoryContext);
        Datum values[LUCIA_KEY_FIELDS];
        bool nulls[LUCIA_KEY_FIELDS];
        lucia_key_fields(key, now, values, nulls);
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
    SPI_finish();
    return (Datum)0;
}

// lucia_update_key_password(provider_id, provider_user_id, password) -> lucia_key; NULL removes
// the password. Sessions are not touched (Lucia).
LUCIA_TABLE_FUNCTION(lucia_update_key_password) {
    LuciaText key_id = lucia_key_id_args(fcinfo, 0, 1);
    LuciaText password = lucia_password_arg(fcinfo, 2);
    lucia_begin_write("updating a key's password");
    char *hash = lucia_hash_password_arg(&password, false);
    lucia_wipe_password(&password);
    int64 now = lucia_bridge_current_time_ms();
    MemoryContext outer = CurrentMemoryContext;
    SPI_connect();
    Datum args[2] = {CStringGetTextDatum(key_id.data), hash ? CStringGetTextDatum(hash) : (Datum)0};
    char nulls[3] = {' ', static_cast<char>(hash ? ' ' : 'n'), '\0'};
    // The key's user first (lucia_delete_user's order), for a transaction that goes on to
    // invalidate the user's sessions; no user (an orphan key) is no error here.
    lucia_run(Q_KEY_USER_LOCK, args, nullptr, false);
    if (lucia_run(Q_KEY_UPDATE_PASSWORD, args, nulls, false) == 0)
        lucia_raise(LUCIA_INVALID_KEY_ID, LUCIA_MSG_KEY_MISSING);
    LuciaKeyRow *key = lucia_key_from_result(0, outer);
    SPI_finish();
    return lucia_key_datum(fcinfo, key, now);
}

// lucia_delete_key(provider_id, provider_user_id): deletes a non-primary key; a primary key or a
// missing one is left alone without error, as in Lucia.
LUCIA_TABLE_FUNCTION(lucia_delete_key) {
    LuciaText key_id = lucia_key_id_args(fcinfo, 0, 1);
    lucia_begin_write("deleting a key");
    SPI_connect();
    Datum key_arg[1] = {CStringGetTextDatum(key_id.data)};
    lucia_run(Q_KEY_USER_LOCK, key_arg, nullptr, false);  // lucia_delete_user's order: user, then key
    lucia_run(Q_KEY_CONSUME, key_arg, nullptr, false);
    SPI_finish();
    PG_RETURN_VOID();
}
