\set n random(1, :sessions)
SELECT user_id, active_expires, idle_expires, user_attributes FROM lucia_validate_session_user('s' || lpad(:n::text, 39, '0'));
