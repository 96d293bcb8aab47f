// SQL functions over keys: Lucia's createKey, useKey (lucia_validate_key), getKey, getAllUserKeys,
// updateKeyPassword, deleteKey.
#include "functions.hpp"
#include "rows.hpp"
#include "session_store.hpp"
#include "write_transaction.hpp"

#include "core/key_use.hpp"
#include "core/password_hash.hpp"
#include "core/session_expiry.hpp"

namespace lucia_sqlite {

namespace {

// The key row with this id, or nullopt.
std::optional<KeyRow> find_key(const Call& call, const std::string& key_id) {
    Statement read(call, std::string(kKeyColumns) + " WHERE id = ?1");
    if (!read.bind(1, key_id).step()) return std::nullopt;
    return key_from_row(read);
}

// Deletes a non-primary key; returns whether a row went.
bool delete_non_primary_key(const Call& call, const std::string& key_id) {
    Statement remove(call, "DELETE FROM @.auth_key WHERE id = ?1 AND CAST(primary_key AS INTEGER) = 0");
    return remove.bind(1, key_id).run() > 0;
}

}  // namespace

// lucia_create_key(user_id, provider_id, provider_user_id, password, expires_in): expires_in
// (seconds) NULL makes a persistent key, otherwise a single-use key.
void lucia_create_key(const Call& call) {
    std::string_view user_id = user_id_argument(call, 0);
    KeyRow key;
    key.key_id = key_id_arguments(call, 1, 2);
    key.user_id = std::string(user_id);
    std::optional<std::string_view> password = password_argument(call, 3);
    std::int64_t now = lucia::current_time_ms();
    std::optional<std::int64_t> expires_in = optional_integer(call, 4, "expires_in");
    if (expires_in.has_value()) key.expires = lucia::single_use_key_expiry(now, *expires_in);
    if (password.has_value()) key.hashed_password = lucia::hash_password(*password);
    WriteTransaction transaction(call.db());
    require_user(call, user_id);
    Statement insert(call,
                     "INSERT INTO @.auth_key (id, user_id, hashed_password, primary_key, expires) "
                     "VALUES (?1, ?2, ?3, 0, ?4) ON CONFLICT (id) DO NOTHING");
    std::optional<std::string_view> hash;
    if (key.hashed_password.has_value()) hash = *key.hashed_password;
    if (insert.bind(1, key.key_id).bind(2, user_id).bind(3, hash).bind(4, key.expires).run() == 0)
        throw lucia::Error(lucia::ErrorCode::DuplicateKeyId, lucia::messages::kKeyExists);
    transaction.commit();
    result_json(call, key_json(key, now));
}

// lucia_validate_key(provider_id, provider_user_id, password): Lucia's useKey. An unknown key id
// costs the same scrypt work as a wrong password; a single-use key is deleted in the write
// transaction that found it, so of two uses (even from two processes) exactly one succeeds.
void lucia_validate_key(const Call& call) {
    std::string key_id = key_id_arguments(call, 0, 1);
    std::optional<std::string_view> password = password_argument(call, 2);
    std::int64_t now = lucia::current_time_ms();
    std::optional<KeyRow> key = find_key(call, key_id);
    std::optional<lucia::StoredKey> stored;
    if (key.has_value()) stored = stored_key(*key);
    if (lucia::use_key(stored, password, now) == lucia::KeyUse::Consume) {
        WriteTransaction transaction(call.db());
        lucia::check_key_consumed(delete_non_primary_key(call, key_id));
        transaction.commit();
    }
    result_json(call, key_json(*key, now));
}

// Never deletes; expired keys included.
void lucia_get_key(const Call& call) {
    std::string key_id = key_id_arguments(call, 0, 1);
    std::optional<KeyRow> key = find_key(call, key_id);
    if (!key.has_value()) throw lucia::Error(lucia::ErrorCode::InvalidKeyId, lucia::messages::kKeyMissing);
    result_json(call, key_json(*key, lucia::current_time_ms()));
}

void lucia_get_all_user_keys(const Call& call) {
    std::string_view user_id = user_id_argument(call, 0);
    std::int64_t now = lucia::current_time_ms();
    require_user(call, user_id);
    Statement keys(call, std::string(kKeyColumns) + " WHERE user_id = ?1 ORDER BY id");
    keys.bind(1, user_id);
    std::string array = "[";
    while (keys.step()) {
        if (array.size() > 1) array += ',';
        array += key_json(key_from_row(keys), now);
    }
    result_json(call, array + "]");
}

// NULL removes the password; "" is hashed like any other. Sessions are not touched (Lucia).
void lucia_update_key_password(const Call& call) {
    std::string key_id = key_id_arguments(call, 0, 1);
    std::optional<std::string_view> password = password_argument(call, 2);
    std::optional<std::string> hash;
    if (password.has_value()) hash = lucia::hash_password(*password);
    std::optional<std::string_view> hash_view;
    if (hash.has_value()) hash_view = *hash;
    WriteTransaction transaction(call.db());
    // The row as this UPDATE wrote it: a trigger of the file may delete or rename it afterwards.
    Statement update(call, std::string(kUpdateKeyPassword));
    if (!update.bind(1, key_id).bind(2, hash_view).step())
        throw lucia::Error(lucia::ErrorCode::InvalidKeyId, lucia::messages::kKeyMissing);
    KeyRow key = key_from_row(update);
    while (update.step()) {
    }
    transaction.commit();
    result_json(call, key_json(key, lucia::current_time_ms()));
}

// A primary key or a missing one is left alone without error, as in Lucia.
void lucia_delete_key(const Call& call) {
    std::string key_id = key_id_arguments(call, 0, 1);
    delete_non_primary_key(call, key_id);
    sqlite3_result_null(call.context);
}

}  // namespace lucia_sqlite
