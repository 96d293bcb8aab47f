// docs/authorization.md, SQLite (better-sqlite3): no row-level security in SQLite, so the app's own
// view my_notes filters on the connection's authenticated user; the app reads notes through it and
// never passes a user id. This is the app's convenience, not a boundary: SQL the app sends may read
// the notes table itself (docs/authorization.md, "SQLite").
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { betterSqlite3Call, load, luciaClient } from "lucia-sql";

const schema = `
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    owner_id TEXT NOT NULL DEFAULT (lucia_authenticated_user_id()) REFERENCES auth_user (id),
    body TEXT NOT NULL
);
CREATE TABLE note_shares (
    note_id INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES auth_user (id),
    PRIMARY KEY (note_id, user_id)
);
CREATE VIEW my_notes AS
    SELECT id, owner_id, body FROM notes
    WHERE owner_id = lucia_authenticated_user_id()
       OR id IN (SELECT note_id FROM note_shares WHERE user_id = lucia_authenticated_user_id());
`;

// Signs a user up and logs them in; returns the user and session ids.
async function signUpAndLogIn(lucia: ReturnType<typeof luciaClient<Record<string, never>>>, email: string) {
  const user = await lucia.createUser({ providerId: "email", providerUserId: email, password: "correct horse" });
  const session = await lucia.createSession((await lucia.validateKey("email", email, "correct horse")).user_id);
  return { userId: user.user_id, sessionId: session.session_id };
}

export async function main(file: string): Promise<void> {
  const db = new Database(file);
  try {
    load(db);
    db.prepare("SELECT lucia_create_tables()").get();
    db.exec(schema);
    const lucia = luciaClient<Record<string, never>>(betterSqlite3Call(db));
    const ada = await signUpAndLogIn(lucia, "ada@example.com");
    const bob = await signUpAndLogIn(lucia, "bob@example.com");

    // Each request authenticates its session on the connection it uses, then reads my_notes.
    const authenticate = db.prepare("SELECT lucia_authenticate(?)");
    const addNote = db.prepare("INSERT INTO notes (body) VALUES (?) RETURNING id");
    const myNotes = db.prepare("SELECT body FROM my_notes ORDER BY id").pluck();

    authenticate.get(ada.sessionId);
    const adaNote = (addNote.get("ada's shopping list") as { id: number }).id;
    addNote.get("ada's plans");
    authenticate.get(bob.sessionId);
    addNote.get("bob's diary");
    assert.deepEqual(myNotes.all(), ["bob's diary"]);

    authenticate.get(ada.sessionId);
    assert.deepEqual(myNotes.all(), ["ada's shopping list", "ada's plans"]);
    db.prepare("INSERT INTO note_shares (note_id, user_id) VALUES (?, ?)").run(adaNote, bob.userId);
    authenticate.get(bob.sessionId);
    assert.deepEqual(myNotes.all(), ["ada's shopping list", "bob's diary"]);

    // A failed authentication leaves nobody, and so does lucia_clear_authentication().
    assert.throws(() => authenticate.get(ada.userId), /AUTH_INVALID_SESSION_ID/);
    assert.deepEqual(myNotes.all(), []);
    authenticate.get(ada.sessionId);
    db.prepare("SELECT lucia_clear_authentication()").get();
    assert.deepEqual(myNotes.all(), []);
    console.log("notes + sqlite: ok (my_notes shows the authenticated user's notes)");
  } finally {
    db.close();
  }
}
