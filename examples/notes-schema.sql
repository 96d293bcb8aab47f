-- docs/authorization.md: the notes example's migration, run once per database by a superuser
-- (examples/run.sh: psql -v login_password=... -v app_password=... -f notes-schema.sql). The
-- application's roles own nothing, so the policies below apply to every statement they send.

-- lucia in a schema of its own; Lucia's tables where lucia.tables_schema says (public).
CREATE SCHEMA lucia;
CREATE EXTENSION lucia SCHEMA lucia;
SELECT lucia.lucia_create_tables();

-- Two roles. notes_login serves sign-up, login and logout: lucia_grant_app, every function an app
-- calls, lucia_create_session included, which logs in whomever it is given (as Lucia's
-- createSession does). notes_app serves every other request: lucia_grant_request, the functions
-- that need a session id it is given (authenticate, validate, log out), so it reads the notes its
-- policies show and cannot make a session for anyone.
CREATE ROLE notes_login LOGIN PASSWORD :'login_password';
SELECT lucia.lucia_grant_app('notes_login');
CREATE ROLE notes_app LOGIN PASSWORD :'app_password';
SELECT lucia.lucia_grant_request('notes_app');
GRANT USAGE ON SCHEMA lucia TO notes_login, notes_app;
ALTER ROLE notes_login SET search_path = public, lucia;
ALTER ROLE notes_app SET search_path = public, lucia;

-- A note belongs to its owner, who may share it with other users (read only).
CREATE TABLE notes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id text NOT NULL DEFAULT lucia.lucia_authenticated_user_id() REFERENCES auth_user (id) ON DELETE CASCADE,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, owner_id)
);
CREATE INDEX ON notes (owner_id);

-- A share names the note's owner too, checked by the foreign key (which row security does not
-- filter): so its policy needs no look at notes, whose policy looks at note_shares (policies that
-- read each other's tables recurse forever).
CREATE TABLE note_shares (
    note_id bigint NOT NULL,
    owner_id text NOT NULL DEFAULT lucia.lucia_authenticated_user_id(),
    user_id text NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
    PRIMARY KEY (note_id, user_id),
    FOREIGN KEY (note_id, owner_id) REFERENCES notes (id, owner_id) ON DELETE CASCADE
);
CREATE INDEX ON note_shares (user_id);

-- Row security on both tables, forced (it would bind their owner too). The function is named
-- schema-qualified (a policy keeps the function its creator's search_path found) and in
-- (SELECT ...): an initplan, evaluated once per statement and passed to parallel workers.
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
ALTER TABLE note_shares ENABLE ROW LEVEL SECURITY;
ALTER TABLE note_shares FORCE ROW LEVEL SECURITY;

-- The owner reads, writes and deletes their notes.
CREATE POLICY notes_owner ON notes
    USING (owner_id = (SELECT lucia.lucia_authenticated_user_id()))
    WITH CHECK (owner_id = (SELECT lucia.lucia_authenticated_user_id()));
-- A user a note is shared with reads it, and nothing more.
CREATE POLICY notes_shared_read ON notes FOR SELECT
    USING (EXISTS (SELECT FROM note_shares s
                   WHERE s.note_id = notes.id AND s.user_id = (SELECT lucia.lucia_authenticated_user_id())));

-- The owner shares and unshares their notes; the user a note is shared with sees the share.
CREATE POLICY note_shares_owner ON note_shares
    USING (owner_id = (SELECT lucia.lucia_authenticated_user_id()))
    WITH CHECK (owner_id = (SELECT lucia.lucia_authenticated_user_id()));
CREATE POLICY note_shares_recipient ON note_shares FOR SELECT
    USING (user_id = (SELECT lucia.lucia_authenticated_user_id()));

GRANT SELECT, INSERT, UPDATE, DELETE ON notes, note_shares TO notes_app;
