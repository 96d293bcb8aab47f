\set n random(1, 1000)
SELECT session_id FROM lucia_create_session('u' || lpad(:n::text, 14, '0'));
