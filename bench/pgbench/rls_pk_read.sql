-- One request: a random session authenticated, then one note of its user read by primary key,
-- filtered by rls_initplan's policy.
\set n random(1, :sessions)
\set j (:n % 1000) + 1000 * random(1, 999)
BEGIN;
SELECT * FROM lucia_authenticate('s' || lpad(:n::text, 39, '0'));
SELECT id, owner_id, body FROM rls_initplan WHERE id = :j;
COMMIT;
