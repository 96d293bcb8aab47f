-- count(*) over rls_bare (the policy's call per row) as user u...01, authenticated per transaction.
BEGIN;
SELECT * FROM lucia_authenticate('s' || lpad('1000', 39, '0'));
SELECT count(*) FROM rls_bare;
COMMIT;
