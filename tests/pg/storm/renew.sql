\set n random(1, :users)
SELECT storm('idle', :n);
SELECT storm('dead', :n);
