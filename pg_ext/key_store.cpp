// Key rows: insert, read back, hash the password that goes with them.
#include "key_store.hpp"

#include "core_bridge.h"
#include "errors_pg.hpp"
#include "spi_plans.hpp"

void lucia_insert_key(const LuciaKeyRow *key) {
    Datum args[5] = {CStringGetTextDatum(key->key_id), CStringGetTextDatum(key->user_id),
                     key->hashed_password ? CStringGetTextDatum(key->hashed_password) : (Datum)0,
                     BoolGetDatum(key->primary_key), Int64GetDatum(key->expires)};
    char nulls[6] = "     ";
    if (key->hashed_password == nullptr) nulls[2] = 'n';
    if (!key->has_expires) nulls[4] = 'n';
    if (lucia_run(Q_KEY_INSERT, args, nulls, false) == 0) lucia_raise(LUCIA_DUPLICATE_KEY_ID, LUCIA_MSG_KEY_EXISTS);
}

LuciaKeyRow *lucia_key_from_result(uint64 row, MemoryContext context) {
    LuciaKeyRow *key = static_cast<LuciaKeyRow *>(MemoryContextAllocZero(context, sizeof(LuciaKeyRow)));
    bool expires_null;
    key->key_id = lucia_result_text(row, 1, context);
    key->user_id = lucia_result_text(row, 2, context);
    key->primary_key = lucia_result_bool(row, 3);
    key->hashed_password = lucia_result_text(row, 4, context);
    key->expires = lucia_result_int8(row, 5, &expires_null);
    key->has_expires = !expires_null;
    if (key->key_id == nullptr || key->user_id == nullptr) lucia_raise(LUCIA_INVALID_KEY_ID, LUCIA_MSG_KEY_ROW_NULLS);
    return key;
}

char *lucia_hash_password_arg(const LuciaText *password, bool empty_is_null) {
    if (password->data == nullptr || (empty_is_null && password->length == 0)) return nullptr;
    char *hash = static_cast<char *>(palloc(LUCIA_HASH_LENGTH + 1));
    LuciaFailure failure;
    if (!lucia_bridge_hash_password(password->data, password->length, hash, &failure)) lucia_raise_failure(&failure);
    return hash;
}

LuciaStoredKey lucia_stored_key(const LuciaKeyRow *key) {
    LuciaStoredKey stored = {key->hashed_password, key->primary_key, key->has_expires, key->expires};
    return stored;
}
