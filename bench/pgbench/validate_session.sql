\set n random(1, :sessions)
SELECT * FROM lucia_validate_session('s' || lpad(:n::text, 39, '0'));
