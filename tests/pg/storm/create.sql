\set n random(1, :users)
BEGIN;
SELECT storm('session', :n);
SELECT storm('key', :n);
COMMIT;
