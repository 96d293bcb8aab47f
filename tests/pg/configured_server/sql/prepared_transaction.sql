-- PREPARE TRANSACTION ends the authenticated user with the transaction it prepares: the
-- connection's next transaction starts with nobody authenticated, also when the authentication
-- was made in a savepoint. Needs max_prepared_transactions > 0 (the test command starts the
-- cluster so).
CREATE SCHEMA t_prepared;
SELECT lucia_create_tables('t_prepared');
SET lucia.tables_schema = t_prepared;
SELECT user_id FROM lucia_create_user(user_id => 'ada');
SELECT session_id AS ada FROM lucia_create_session('ada') \gset
BEGIN;
SELECT user_id FROM lucia_authenticate(:'ada');
PREPARE TRANSACTION 'lucia_authenticated';
SELECT lucia_authenticated_user_id() IS NULL AS nobody_after_prepare;
BEGIN;
SAVEPOINT s;
SELECT user_id FROM lucia_authenticate(:'ada');
PREPARE TRANSACTION 'lucia_authenticated_in_savepoint';
SELECT lucia_authenticated_user_id() IS NULL AS nobody_after_prepare;
COMMIT PREPARED 'lucia_authenticated';
ROLLBACK PREPARED 'lucia_authenticated_in_savepoint';
SELECT lucia_authenticated_user_id() IS NULL AS nobody_after_commit_prepared;
RESET lucia.tables_schema;
DROP SCHEMA t_prepared CASCADE;
