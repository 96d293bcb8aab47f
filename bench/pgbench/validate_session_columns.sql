\set n random(1, :sessions)
SELECT user_id, active_expires, idle_expires FROM lucia_validate_session('s' || lpad(:n::text, 39, '0'));
