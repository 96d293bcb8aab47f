\set n random(1, :sessions)
SELECT * FROM lucia_validate_session_user('s' || lpad(:n::text, 39, '0'));
