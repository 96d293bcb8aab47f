-- The user-delete storm's database: USERS users, and storm(what, n), which makes one call and
-- files every error it raises in storm_error (expected ones are Lucia's answers to a user who is
-- gone: no such user, session or key; the rest, a foreign-key error or a deadlock, are the bug).
CREATE EXTENSION lucia;
SELECT lucia_create_tables('public');
INSERT INTO auth_user SELECT 'u' || i FROM generate_series(1, :users) i;
CREATE TABLE storm_error (what text, sqlstate text, message text, detail text);
CREATE TABLE storm_done (what text);

-- One Lucia call for user n; an error is filed, not raised, so pgbench's client goes on.
CREATE FUNCTION storm(what text, n int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    u text := 'u' || n;
    s text;
    detail text;
BEGIN
    CASE what
    WHEN 'delete' THEN PERFORM lucia_delete_user(u);
    WHEN 'recreate' THEN INSERT INTO auth_user VALUES (u) ON CONFLICT DO NOTHING;
    WHEN 'session' THEN PERFORM lucia_create_session(u);
    WHEN 'key' THEN PERFORM lucia_create_key(u, 'storm', lucia_generate_random_string(20), NULL);
    WHEN 'login' THEN
        -- A one-time key consumed, then a session, in one transaction (the caller's).
        s := lucia_generate_random_string(20);
        PERFORM lucia_create_key(u, 'once', s, NULL, 3600);
        PERFORM lucia_validate_key('once', s, NULL);
        PERFORM lucia_create_session(u);
    WHEN 'idle' THEN
        -- An idle session (active expiry passed), then its validation renews it.
        s := lucia_generate_random_string(40);
        -- Locking the user first, as Lucia's own inserts do.
        INSERT INTO auth_session SELECT s, u, (extract(epoch FROM now()) * 1000)::bigint - 1000,
                                        (extract(epoch FROM now()) * 1000)::bigint + 3600000
            FROM auth_user WHERE id = u FOR KEY SHARE;
        PERFORM lucia_validate_session(s);
    WHEN 'dead' THEN
        -- A dead session, then a new one for the user, which sweeps the user's dead sessions.
        INSERT INTO auth_session SELECT lucia_generate_random_string(40), u, 1000, 1000
            FROM auth_user WHERE id = u FOR KEY SHARE;
        PERFORM lucia_create_session(u);
    WHEN 'invalidate' THEN PERFORM lucia_invalidate_all_user_sessions(u);
    END CASE;
    INSERT INTO storm_done VALUES (what);
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    INSERT INTO storm_error VALUES (what, SQLSTATE, SQLERRM, detail);
END $$;
