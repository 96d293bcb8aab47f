\set n random(1, :users)
SELECT storm('delete', :n);
SELECT storm('recreate', :n);
