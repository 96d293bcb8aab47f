\set n random(1, 1000)
SELECT * FROM lucia_validate_session('i' || lpad(:n::text, 39, '0'));
