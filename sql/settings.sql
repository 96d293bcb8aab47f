-- Lucia's configuration as PostgreSQL settings: per session, per role, per database.
-- The settings exist once the library is loaded (any lucia function, or session_preload_libraries).
SELECT lucia_generate_random_string(1) IS NOT NULL AS library_loaded;
SELECT current_user AS admin \gset
SHOW lucia.active_period;
SHOW lucia.idle_period;
SHOW lucia.auto_database_cleanup;
SHOW lucia.renewal;
SHOW lucia.tables_schema;
SHOW lucia.csrf_protection;
SHOW lucia.env;
SELECT name, setting, unit, context, vartype, enumvals FROM pg_settings WHERE name LIKE 'lucia.%' ORDER BY name;
-- Units as for any PostgreSQL duration setting; bad values are refused.
SET lucia.active_period = '90min';
SHOW lucia.active_period;
SET lucia.active_period = 3600;
SHOW lucia.active_period;
\set VERBOSITY terse
SET lucia.active_period = '-1';
SET lucia.renewal = 'sometimes';
SET lucia.unknown_setting = 'x';
\set VERBOSITY default
RESET lucia.active_period;
-- Per database and per role (ALTER ... SET), seen by the next connection.
CREATE SCHEMA t_settings;
SELECT lucia_create_tables('t_settings');
SELECT lucia_create_user(user_id => 'ada', attributes => NULL) IS NOT NULL AS created
FROM (SELECT set_config('lucia.tables_schema', 't_settings', false)) s;
CREATE ROLE lucia_settings_role LOGIN PASSWORD 'settings-test';
SELECT lucia_grant_app('lucia_settings_role');
ALTER DATABASE contrib_regression SET lucia.tables_schema = 't_settings';
ALTER DATABASE contrib_regression SET lucia.idle_period = '2h';
ALTER ROLE lucia_settings_role SET lucia.active_period = '10min';
\c 'dbname=contrib_regression user=lucia_settings_role password=settings-test'
SELECT lucia_generate_random_string(1) IS NOT NULL AS library_loaded;
SHOW lucia.tables_schema;
SHOW lucia.idle_period;
SHOW lucia.active_period;
SELECT active_expires - regress.now_ms() BETWEEN 600000 - 60000 AND 600000 AS ten_minutes,
       idle_expires - active_expires AS idle_period_ms
FROM lucia_create_session('ada');
-- A role that sets lucia.tables_schema before the library is loaded is overruled at load time.
\c 'dbname=contrib_regression user=lucia_settings_role password=settings-test'
SET lucia.tables_schema = 'public';
SELECT lucia_generate_random_string(1) IS NOT NULL AS library_loaded;
SHOW lucia.tables_schema;
-- Every lucia setting is superuser-only: they decide session lifetimes, CSRF checks and cookie
-- attributes for every application of the database, so an ordinary role (a database owner
-- included) may neither SET them nor ALTER DATABASE/ROLE ... SET them (tests/pg/database_owner_test.sh).
\set VERBOSITY terse
SET lucia.csrf_protection = off;
SET lucia.renewal = extend;
ALTER ROLE lucia_settings_role SET lucia.active_period = '3650d';
\set VERBOSITY default
-- A superuser may let a role tune one for its own sessions.
\c - :admin
GRANT SET ON PARAMETER lucia.renewal TO lucia_settings_role;
\c 'dbname=contrib_regression user=lucia_settings_role password=settings-test'
SELECT lucia_generate_random_string(1) IS NOT NULL AS library_loaded;
SET lucia.renewal = extend;
SHOW lucia.renewal;
\c - :admin
REVOKE SET ON PARAMETER lucia.renewal FROM lucia_settings_role;
ALTER DATABASE contrib_regression RESET lucia.tables_schema;
ALTER DATABASE contrib_regression RESET lucia.idle_period;
SELECT lucia_revoke_app('lucia_settings_role');
DROP ROLE lucia_settings_role;
DROP SCHEMA t_settings CASCADE;
