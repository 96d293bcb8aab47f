\set n random(1, :sessions)
SELECT user_id, active_expires, idle_expires FROM auth_session WHERE id = 's' || lpad(:n::text, 39, '0');
