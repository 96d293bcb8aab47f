-- The same request without row-level security: the session validated, then the note read with its
-- owner named by the application (the user id lucia_validate_session returned).
\set n random(1, :sessions)
\set j (:n % 1000) + 1000 * random(1, 999)
BEGIN;
SELECT * FROM lucia_validate_session('s' || lpad(:n::text, 39, '0'));
SELECT id, owner_id, body FROM rls_plain WHERE id = :j AND owner_id = 'u' || lpad((:n % 1000 + 1)::text, 14, '0');
COMMIT;
