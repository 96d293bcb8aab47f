\set n random(1, :users)
BEGIN;
SELECT storm('login', :n);
COMMIT;
