\set n random(1, :users)
SELECT storm('invalidate', :n);
