-- Keys: lucia_create_key, lucia_validate_key (Lucia's useKey), lucia_get_key,
-- lucia_get_all_user_keys, lucia_update_key_password, lucia_delete_key.
CREATE SCHEMA t_keys;
SELECT lucia_create_tables('t_keys');
SET lucia.tables_schema = t_keys;
SELECT user_id FROM lucia_create_user('email', 'ada@example.com', 'hunter2', '{}', 'ada');
SELECT user_id FROM lucia_create_user(user_id => 'bob');

-- Persistent keys, with and without a password.
SELECT * FROM lucia_create_key('bob', 'email', 'bob@example.com', 'correct horse');
SELECT * FROM lucia_create_key('bob', 'github', '4242');
SELECT id, primary_key, hashed_password ~ '^s2:[a-zA-Z0-9]{16}:[0-9a-f]{128}$' AS s2_hash, expires
FROM t_keys.auth_key WHERE user_id = 'bob' ORDER BY id;

-- validate_key: right password, wrong password, missing password.
SELECT type, provider_id, provider_user_id, user_id, primary_key, password_defined
FROM lucia_validate_key('email', 'bob@example.com', 'correct horse');
SELECT regress.err($$SELECT lucia_validate_key('email', 'bob@example.com', 'wrong')$$);
SELECT regress.err($$SELECT lucia_validate_key('email', 'bob@example.com', NULL)$$);
SELECT regress.err($$SELECT lucia_validate_key('email', 'bob@example.com', '')$$);
SELECT regress.err($$SELECT lucia_validate_key('email', 'nobody@example.com', 'correct horse')$$);
SELECT regress.err($$SELECT lucia_validate_key('email', 'nobody@example.com', NULL)$$);
-- A passwordless key accepts any password (Lucia ignores it).
SELECT user_id, password_defined FROM lucia_validate_key('github', '4242', NULL);
SELECT user_id, password_defined FROM lucia_validate_key('github', '4242', 'anything');

-- An unknown key id costs the same scrypt work as a wrong password (counted, not timed).
SELECT lucia_scrypt_count() AS before \gset
SELECT regress.err($$SELECT lucia_validate_key('email', 'bob@example.com', 'wrong')$$) IS NOT NULL AS done;
SELECT lucia_scrypt_count() - :before AS wrong_password_work \gset
SELECT :wrong_password_work AS wrong_password_work;
SELECT lucia_scrypt_count() AS before \gset
SELECT regress.err($$SELECT lucia_validate_key('email', 'nobody@example.com', 'wrong')$$) IS NOT NULL AS done;
SELECT lucia_scrypt_count() - :before AS unknown_key_work, lucia_scrypt_count() - :before = :wrong_password_work AS same_work;
-- The same holds for a password that NFKC changes (two spellings are tried).
SELECT lucia_scrypt_count() AS before \gset
SELECT regress.err(E'SELECT lucia_validate_key(''email'', ''bob@example.com'', ''\uFB01sh'')') IS NOT NULL AS done;
SELECT lucia_scrypt_count() - :before AS wrong_password_work \gset
SELECT :wrong_password_work AS wrong_password_work;
SELECT lucia_scrypt_count() AS before \gset
SELECT regress.err(E'SELECT lucia_validate_key(''email'', ''nobody@example.com'', ''\uFB01sh'')') IS NOT NULL AS done;
SELECT lucia_scrypt_count() - :before = :wrong_password_work AS same_work;

-- Stored hashes Lucia would not verify: bcrypt is outdated, anything malformed is a wrong password.
INSERT INTO t_keys.auth_key VALUES ('legacy:bcrypt', 'bob', false, '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy', NULL);
INSERT INTO t_keys.auth_key VALUES ('legacy:garbage', 'bob', false, 's3:abc:def', NULL);
INSERT INTO t_keys.auth_key VALUES ('legacy:emptyhash', 'bob', false, '', NULL);
SELECT regress.err($$SELECT lucia_validate_key('legacy', 'bcrypt', 'hunter2')$$);
SELECT regress.err($$SELECT lucia_validate_key('legacy', 'garbage', 'hunter2')$$);
-- A stored "" hash means no password (Lucia tests truthiness).
SELECT password_defined FROM lucia_validate_key('legacy', 'emptyhash', NULL);

-- Single-use keys: expires_in is in seconds (Lucia's expiresIn); expired is computed correctly
-- (Lucia 1.8.0 reports a fresh key as expired).
SELECT type, primary_key, password_defined, expired,
       expires - regress.now_ms() BETWEEN 3600000 - 60000 AND 3600000 AS expires_in_an_hour,
       expires_at = to_timestamp(expires / 1000.0) AS expires_at_matches
FROM lucia_create_key('bob', 'otp', '111111', NULL, 3600);
SELECT primary_key, expires - regress.now_ms() > 0 AS future FROM t_keys.auth_key WHERE id = 'otp:111111';
SELECT type, expired FROM lucia_get_key('otp', '111111');
-- Used once: returned, then gone.
SELECT type, user_id FROM lucia_validate_key('otp', '111111', NULL);
SELECT count(*) AS left_over FROM t_keys.auth_key WHERE id = 'otp:111111';
SELECT regress.err($$SELECT lucia_validate_key('otp', '111111', NULL)$$);
-- A single-use key with a password: a wrong password does not consume it (Lucia).
SELECT type FROM lucia_create_key('bob', 'reset', 'token', 'pin-1234', 600);
SELECT regress.err($$SELECT lucia_validate_key('reset', 'token', 'pin-0000')$$);
SELECT count(*) AS still_there FROM t_keys.auth_key WHERE id = 'reset:token';
SELECT type, password_defined FROM lucia_validate_key('reset', 'token', 'pin-1234');
SELECT count(*) AS consumed FROM t_keys.auth_key WHERE id = 'reset:token';
-- Expired: AUTH_EXPIRED_KEY once the password (if any) is right; a wrong one is still a wrong password.
SELECT type FROM lucia_create_key('bob', 'otp', 'old', 'pw', 60);
UPDATE t_keys.auth_key SET expires = regress.now_ms() - 1000 WHERE id = 'otp:old';
SELECT type, expired FROM lucia_get_key('otp', 'old');
SELECT regress.err($$SELECT lucia_validate_key('otp', 'old', 'wrong')$$);
SELECT regress.err($$SELECT lucia_validate_key('otp', 'old', 'pw')$$);
SELECT regress.err($$SELECT lucia_create_key('bob', 'otp', 'bad', NULL, 0)$$);
SELECT regress.err($$SELECT lucia_create_key('bob', 'otp', 'bad', NULL, -5)$$);
SELECT regress.err($$SELECT lucia_create_key('bob', 'otp', 'bad', NULL, 9223372036854775807)$$);

-- "" is hashed by createKey and updateKeyPassword (unlike createUser); it then needs "" back,
-- which Lucia refuses as a missing password.
SELECT password_defined FROM lucia_create_key('bob', 'pin', 'empty', '');
SELECT hashed_password ~ '^s2:' AS hashed FROM t_keys.auth_key WHERE id = 'pin:empty';
SELECT regress.err($$SELECT lucia_validate_key('pin', 'empty', '')$$);

-- Duplicates and missing users.
SELECT regress.err($$SELECT lucia_create_key('bob', 'github', '4242')$$);
SELECT regress.err($$SELECT lucia_create_key('ada', 'email', 'ada@example.com', 'x')$$);
SELECT regress.err($$SELECT lucia_create_key('nobody', 'github', '1')$$);
SELECT regress.err($$SELECT lucia_create_key(NULL, 'github', '1')$$);

-- get_key and get_all_user_keys.
SELECT * FROM lucia_get_key('email', 'ada@example.com');
SELECT regress.err($$SELECT lucia_get_key('email', 'nobody@example.com')$$);
SELECT type, provider_id, provider_user_id, primary_key, password_defined, expired
FROM lucia_get_all_user_keys('bob');
SELECT count(*) FROM lucia_get_all_user_keys('ada');
SELECT regress.err($$SELECT * FROM lucia_get_all_user_keys('nobody')$$);

-- update_key_password: new password works, old one fails; NULL removes the password.
SELECT type, password_defined FROM lucia_update_key_password('email', 'ada@example.com', 'new password');
SELECT regress.err($$SELECT lucia_validate_key('email', 'ada@example.com', 'hunter2')$$);
SELECT user_id FROM lucia_validate_key('email', 'ada@example.com', 'new password');
SELECT password_defined FROM lucia_update_key_password('email', 'ada@example.com', NULL);
SELECT hashed_password IS NULL AS removed FROM t_keys.auth_key WHERE id = 'email:ada@example.com';
SELECT regress.err($$SELECT lucia_update_key_password('email', 'nobody@example.com', 'x')$$);

-- delete_key deletes non-primary keys only; primary keys and missing keys are a silent no-op.
SELECT lucia_delete_key('github', '4242');
SELECT count(*) AS github_keys FROM t_keys.auth_key WHERE id = 'github:4242';
SELECT lucia_delete_key('email', 'ada@example.com');
SELECT count(*) AS primary_kept FROM t_keys.auth_key WHERE id = 'email:ada@example.com';
SELECT lucia_delete_key('nothing', 'here');

-- A key written by Lucia v1 (random salt, spec 5.4) logs in here.
INSERT INTO t_keys.auth_key VALUES ('email:lucia@example.com', 'bob', false,
  's2:u0zRFH8qbY4e031U:213540f319cf4606a1eaeb26998e8ade31be870224d6acee1ffbf2e7180cf81d3284947b7b46147c5c24fb2362155ab6ed8cd197efd03ccce8eaf87e11807eaf', NULL);
SELECT user_id, type FROM lucia_validate_key('email', 'lucia@example.com', 'hunter2');
-- A key row with expires = 0 (never written by Lucia) counts as an expired single-use key here.
INSERT INTO t_keys.auth_key VALUES ('odd:zero', 'bob', false, NULL, 0);
SELECT type, expired FROM lucia_get_key('odd', 'zero');
SELECT regress.err($$SELECT lucia_validate_key('odd', 'zero', NULL)$$);

RESET lucia.tables_schema;
DROP SCHEMA t_keys CASCADE;
