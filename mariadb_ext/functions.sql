-- Server-wide part of the install (mariadb_ext/install.sh runs it as an administrator): the settings
-- plugin and the loadable functions of lucia_mariadb.so, which the routines of lucia.sql call.
-- tests/mariadb/suite.sh checks that every lucia_core_* function of the library is listed here.
INSTALL PLUGIN IF NOT EXISTS lucia SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_now_ms RETURNS INTEGER SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_session_id RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_invalidated_session_id RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_user_id RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_new_user_id RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_key_id RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_key_hash RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_check_user_key RETURNS INTEGER SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_hash_password RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_verify_password RETURNS INTEGER SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_random_string RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_use_key RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_key_expiry RETURNS INTEGER SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_check_key_consumed RETURNS INTEGER SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_key_json RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_user_json RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_session_step RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_session_result RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_session_is_live RETURNS INTEGER SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_sweeps_dead_sessions RETURNS INTEGER SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_active_expires RETURNS INTEGER SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_idle_expires RETURNS INTEGER SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_session_json RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_session_cookie RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_parse_request RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_batch_size RETURNS INTEGER SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_max_batches RETURNS INTEGER SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_check_attribute RETURNS INTEGER SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_fail RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_scrypt_count RETURNS INTEGER SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_version RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_error RETURNS STRING SONAME 'lucia_mariadb.so';
CREATE FUNCTION IF NOT EXISTS lucia_core_attributes_json RETURNS STRING SONAME 'lucia_mariadb.so';
