\set n random(1, 1000)
INSERT INTO auth_session VALUES (substr(md5(random()::text) || md5(random()::text), 1, 40), 'u' || lpad(:n::text, 14, '0'), (extract(epoch FROM now()) * 1000)::bigint + 86400000, (extract(epoch FROM now()) * 1000)::bigint + 1296000000);
