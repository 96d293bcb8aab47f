// Key rows in auth_key, shared by the user and key functions; all run inside an open SPI connection.
#pragma once

#include "arguments.hpp"
#include "core_bridge.h"
#include "result_rows.hpp"

// Inserts a key; AUTH_DUPLICATE_KEY_ID if the id is taken. The user must exist (callers check).
void lucia_insert_key(const LuciaKeyRow *key);

// Row `row` of the last auth_key query (columns id, user_id, primary_key, hashed_password, expires).
LuciaKeyRow *lucia_key_from_result(uint64 row, MemoryContext context);

// The deciding columns of a key row, for core_bridge's key checks.
LuciaStoredKey lucia_stored_key(const LuciaKeyRow *key);

// The "s2:" hash of a password argument, or NULL for SQL NULL. `empty_is_null` follows Lucia's
// createUser, which stores no hash for "" (createKey and updateKeyPassword hash "" like any other).
char *lucia_hash_password_arg(const LuciaText *password, bool empty_is_null);
