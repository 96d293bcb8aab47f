\set n random(1, :sessions)
SELECT s.user_id, s.active_expires, s.idle_expires, u.* FROM auth_session s JOIN auth_user u ON u.id = s.user_id WHERE s.id = 's' || lpad(:n::text, 39, '0');
