-- Users: lucia_create_user, lucia_get_user, lucia_update_user_attributes, lucia_delete_user.
CREATE SCHEMA t_users;
SELECT lucia_create_tables('t_users');
SET lucia.tables_schema = t_users;
ALTER TABLE t_users.auth_user
    ADD COLUMN username text UNIQUE,
    ADD COLUMN age integer,
    ADD COLUMN profile jsonb,
    ADD COLUMN created_at timestamptz DEFAULT '2020-01-01 00:00:00+00',
    ADD COLUMN name_upper text GENERATED ALWAYS AS (upper(username)) STORED;

-- A user with a password key: the rows are what Lucia v1 writes.
SELECT length(user_id) AS id_length, user_id ~ '^[a-zA-Z0-9]{15}$' AS id_alphabet, attributes
FROM lucia_create_user('email', 'ada@example.com', 'hunter2', '{"username": "ada", "age": 36}');
SELECT id ~ '^[a-zA-Z0-9]{15}$' AS lucia_id, username, age FROM t_users.auth_user;
SELECT k.id, k.user_id = u.id AS same_user, k.primary_key,
       k.hashed_password ~ '^s2:[a-zA-Z0-9]{16}:[0-9a-f]{128}$' AS s2_hash, k.expires
FROM t_users.auth_key k JOIN t_users.auth_user u ON u.username = 'ada';
SELECT type, provider_id, provider_user_id, primary_key, password_defined
FROM lucia_validate_key('email', 'ada@example.com', 'hunter2');

-- A custom user id and no key; a column default applies when the attribute is absent.
SELECT * FROM lucia_create_user(attributes => '{"username": "bob"}', user_id => 'bob-custom-id');
SELECT count(*) AS bob_keys FROM t_users.auth_key WHERE user_id = 'bob-custom-id';

-- A key without a password, and "" (Lucia's createUser stores no hash for it).
SELECT user_id, attributes->>'username' AS username FROM lucia_create_user('github', '1234', NULL, '{"username": "carol"}', 'carol');
SELECT user_id, attributes->>'username' AS username FROM lucia_create_user('email', 'dave@example.com', '', '{"username": "dave"}', 'dave');
SELECT id, hashed_password IS NULL AS no_hash, primary_key FROM t_users.auth_key WHERE user_id IN ('carol', 'dave') ORDER BY id;
-- Attributes omitted entirely, or SQL NULL: no attributes.
SELECT user_id, attributes->>'username' AS username FROM lucia_create_user('x', 'no-attributes', user_id => 'erin');
SELECT user_id, attributes->>'username' AS username FROM lucia_create_user('x', 'null-attributes', NULL, NULL, 'fred');

-- lucia_get_user
SELECT * FROM lucia_get_user('bob-custom-id');
SELECT regress.err($$SELECT lucia_get_user('nobody')$$);
SELECT regress.err($$SELECT lucia_get_user(NULL)$$);
SELECT regress.err($$SELECT lucia_get_user('')$$);
SELECT regress.err($$SELECT lucia_get_user(repeat('u', 256))$$);

-- lucia_update_user_attributes
SELECT * FROM lucia_update_user_attributes('bob-custom-id', '{"age": 40, "profile": {"bio": "hi"}}');
SELECT * FROM lucia_update_user_attributes('bob-custom-id', '{}');
SELECT * FROM lucia_update_user_attributes('bob-custom-id', NULL);
SELECT * FROM lucia_update_user_attributes('bob-custom-id', '{"age": null}');
SELECT regress.err($$SELECT lucia_update_user_attributes('nobody', '{"age": 1}')$$);
SELECT regress.err($$SELECT lucia_update_user_attributes('nobody', '{}')$$);

-- Duplicates. A taken key id leaves no orphan user (Lucia v1's adapters leave one).
SELECT count(*) AS users_before FROM t_users.auth_user;
SELECT regress.err($$SELECT lucia_create_user('email', 'ada@example.com', 'pw', '{"username": "ada2"}')$$);
SELECT regress.err($$SELECT lucia_create_user('email', 'ada@example.com', NULL, '{}', 'ada-again')$$);
SELECT count(*) AS users_after FROM t_users.auth_user;
SELECT regress.err($$SELECT lucia_create_user(attributes => '{"username": "x"}', user_id => 'bob-custom-id')$$);
SELECT regress.err($$SELECT lucia_create_user(attributes => '{"username": "ada"}')$$);
SELECT count(*) AS users_unchanged FROM t_users.auth_user;

-- Attributes that are not columns, or not an object, or of the wrong type.
SELECT regress.err($$SELECT lucia_create_user(attributes => '{"nickname": "x"}')$$);
SELECT regress.err($$SELECT lucia_create_user(attributes => '{"id": "x"}')$$);
SELECT regress.err($$SELECT lucia_create_user(attributes => '{"ctid": "x"}')$$);
SELECT regress.err($$SELECT lucia_create_user(attributes => '{"name_upper": "X"}')$$);
SELECT regress.err($$SELECT lucia_create_user(attributes => '{"Username": "x"}')$$);
SELECT regress.err($$SELECT lucia_create_user(attributes => '{"username\"; DROP TABLE t_users.auth_key; --": 1}')$$);
SELECT regress.err($$SELECT lucia_create_user(attributes => '["username"]')$$);
SELECT regress.err($$SELECT lucia_create_user(attributes => '"username"')$$);
SELECT regress.err($$SELECT lucia_create_user(attributes => '{"age": "old"}')$$);
SELECT regress.err($$SELECT lucia_create_user(attributes => '{"age": 1e20}')$$);
SELECT regress.err($$SELECT lucia_update_user_attributes('carol', '{"nickname": "x"}')$$);
SELECT regress.err($$SELECT lucia_update_user_attributes('carol', '{"age": [1]}')$$);
SELECT count(*) AS users_unchanged FROM t_users.auth_user;

-- Key id and password arguments.
SELECT regress.err($$SELECT lucia_create_user(password => 'secret')$$);
SELECT regress.err($$SELECT lucia_create_user('email', NULL, 'secret')$$);
SELECT regress.err($$SELECT lucia_create_user(NULL, 'a@b.c', 'secret')$$);
SELECT regress.err($$SELECT lucia_create_user('', 'a@b.c', 'secret')$$);
SELECT regress.err($$SELECT lucia_create_user('email', '', 'secret')$$);
SELECT regress.err($$SELECT lucia_create_user('e:mail', 'a@b.c', 'secret')$$);
SELECT regress.err($$SELECT lucia_create_user('email', repeat('a', 250), 'secret')$$);
SELECT regress.err($$SELECT lucia_create_user('email', 'long@b.c', repeat('p', 4097))$$);
SELECT regress.err($$SELECT lucia_create_user('email', 'a@b.c', 'secret', '{}', '')$$);
SELECT regress.err($$SELECT lucia_create_user('email', 'a@b.c', 'secret', '{}', repeat('u', 256))$$);
-- A provider user id may hold ':' (Lucia 0.6.2); it round-trips.
SELECT provider_id, provider_user_id FROM lucia_create_key('carol', 'oidc', 'https://issuer:443/sub:42');

-- Nothing is half-written when the caller's transaction rolls back.
BEGIN;
SELECT user_id FROM lucia_create_user('email', 'rolled@back', 'pw', '{"username": "ghost"}', 'ghost');
ROLLBACK;
SELECT count(*) AS ghosts FROM t_users.auth_user WHERE id = 'ghost';

-- lucia_delete_user removes sessions, keys and the user; a missing user is not an error.
SELECT state FROM lucia_create_session('bob-custom-id');
SELECT type FROM lucia_create_key('bob-custom-id', 'phone', '555');
SELECT lucia_delete_user('bob-custom-id');
SELECT (SELECT count(*) FROM t_users.auth_session WHERE user_id = 'bob-custom-id') AS sessions,
       (SELECT count(*) FROM t_users.auth_key WHERE user_id = 'bob-custom-id') AS keys,
       (SELECT count(*) FROM t_users.auth_user WHERE id = 'bob-custom-id') AS users;
SELECT lucia_delete_user('bob-custom-id');
SELECT regress.err($$SELECT lucia_delete_user(NULL)$$);

RESET lucia.tables_schema;
DROP SCHEMA t_users CASCADE;
