// Every SQL function of the module: one C++ body per function, run by sqlite_callback.
#pragma once

#include "arguments.hpp"
#include "results.hpp"

namespace lucia_sqlite {

// Each sets its result on call.context, or throws lucia::Error / SqliteError.
void lucia_create_user(const Call& call);
void lucia_get_user(const Call& call);
void lucia_update_user_attributes(const Call& call);
void lucia_delete_user(const Call& call);

void lucia_create_key(const Call& call);
void lucia_validate_key(const Call& call);
void lucia_get_key(const Call& call);
void lucia_get_all_user_keys(const Call& call);
void lucia_update_key_password(const Call& call);
void lucia_delete_key(const Call& call);

void lucia_create_session(const Call& call);
void lucia_get_session(const Call& call);
void lucia_get_session_user(const Call& call);
void lucia_validate_session(const Call& call);
void lucia_validate_session_user(const Call& call);
void lucia_renew_session(const Call& call);
void lucia_get_all_user_sessions(const Call& call);
void lucia_invalidate_session(const Call& call);
void lucia_invalidate_all_user_sessions(const Call& call);
void lucia_delete_dead_user_sessions(const Call& call);
void lucia_delete_expired_sessions(const Call& call);

void lucia_authenticate(const Call& call);
void lucia_authenticated_user_id(const Call& call);
void lucia_clear_authentication(const Call& call);

void lucia_generate_random_string(const Call& call);
void lucia_hash_password(const Call& call);
void lucia_verify_password(const Call& call);
void lucia_create_session_cookie(const Call& call);
void lucia_parse_request_headers(const Call& call);
void lucia_scrypt_count(const Call& call);
void lucia_version(const Call& call);

void lucia_create_tables(const Call& call);
void lucia_create_indexes(const Call& call);
void lucia_set_config(const Call& call);
void lucia_config(const Call& call);

}  // namespace lucia_sqlite
