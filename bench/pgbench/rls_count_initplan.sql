-- count(*) over rls_initplan as user u...01 (session 1000 of setup.sql), authenticated per transaction.
BEGIN;
SELECT * FROM lucia_authenticate('s' || lpad('1000', 39, '0'));
SELECT count(*) FROM rls_initplan;
COMMIT;
