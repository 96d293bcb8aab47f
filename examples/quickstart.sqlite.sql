-- The quickstart on an embedded SQLite database, for the sqlite3 shell (scripts/quickstart.sh
-- runs it as: sqlite3 <new file> < examples/quickstart.sqlite.sql, from the build directory).
.bail off
.mode list
.headers off
.load ./lucia
.print "Loaded lucia.so into sqlite3: every Lucia v1 auth operation is now an SQL function."
.print ""
.print "1. Create Lucia v1's three tables in this new database file."
SELECT '   done' WHERE lucia_create_tables() IS NULL;
SELECT '   tables: ' || group_concat(name, ', ') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name);
.print ""
.print "2. Sign up: a user whose login (the \"primary key\") is email ada@example.com with a password."
CREATE TEMP TABLE quickstart (name TEXT PRIMARY KEY, value TEXT);
INSERT INTO quickstart SELECT 'user_id', lucia_create_user('email', 'ada@example.com', 'correct horse battery staple') ->> 'user_id';
SELECT '   new user id (15 random symbols): ' || value FROM quickstart WHERE name = 'user_id';
SELECT '   stored key: id = ' || id || ', primary_key = ' || primary_key || ', hashed_password = ' || substr(hashed_password, 1, 22) || '... (' || length(hashed_password) || ' characters, scrypt)' FROM auth_key;
.print ""
.print "3. Log in with a wrong password. The database refuses it with Lucia's error code:"
SELECT lucia_validate_key('email', 'ada@example.com', 'Tr0ub4dor&3');
.print "4. Log in with the right password: the key is valid and tells whose it is."
SELECT '   logged in as user ' || (lucia_validate_key('email', 'ada@example.com', 'correct horse battery staple') ->> 'user_id');
.print ""
.print "5. Create a session for the user (a 40-symbol id, active for a day, then idle for 14 days)."
INSERT INTO quickstart SELECT 'session', lucia_create_session(value) FROM quickstart WHERE name = 'user_id';
SELECT '   session id: ' || (value ->> 'session_id') || char(10) || '   state: ' || (value ->> 'state') || ', active until ' || (value ->> 'active_period_expires_at') || ', idle until ' || (value ->> 'idle_period_expires_at') FROM quickstart WHERE name = 'session';
.print "   the cookie to send to the browser:"
SELECT '   Set-Cookie: ' || lucia_create_session_cookie(value ->> 'session_id', value ->> 'idle_expires') FROM quickstart WHERE name = 'session';
.print ""
.print "6. On every request, validate the session id from the cookie. An active session comes back as is:"
SELECT '   state: ' || (s ->> 'state') || ', fresh (send a new cookie?): ' || (s -> 'fresh') FROM (SELECT lucia_validate_session(value ->> 'session_id') AS s FROM quickstart WHERE name = 'session');
.print ""
.print "7. A day later the session is idle. (Here we move its active period into the past.)"
UPDATE auth_session SET active_expires = active_expires - 86400000 - 1000;
SELECT '   state now: ' || (lucia_get_session(value ->> 'session_id') ->> 'state') FROM quickstart WHERE name = 'session';
.print "   Validating an idle session renews it: a new session id, to send as the new cookie."
INSERT INTO quickstart SELECT 'renewed', lucia_validate_session(value ->> 'session_id') FROM quickstart WHERE name = 'session';
SELECT '   renewed session id: ' || (value ->> 'session_id') || ' (state ' || (value ->> 'state') || ', fresh ' || (value -> 'fresh') || ')' FROM quickstart WHERE name = 'renewed';
.print ""
.print "8. Log out: invalidate the session and send the blank cookie."
SELECT '   session ' || (value ->> 'session_id') || ' deleted' FROM quickstart WHERE name = 'renewed' AND lucia_invalidate_session(value ->> 'session_id') IS NULL;
SELECT '   Set-Cookie: ' || lucia_create_session_cookie();
.print "   The session no longer validates:"
SELECT lucia_validate_session(value ->> 'session_id') FROM quickstart WHERE name = 'renewed';
.print ""
.print "Done. The rows in this file are exactly what Lucia v1 (lucia-auth 1.8.0) writes and reads."
