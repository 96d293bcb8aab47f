// Interop on SQLite: lucia-auth 1.8.0 with @lucia-auth/adapter-sqlite 1.1.1 and better-sqlite3 8,
// with lucia.so loaded into the same connection (LUCIA_SQLITE_MODULE).
import { test } from "node:test";
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { interopSuite } from "./interop.js";
import { sqliteEngine } from "./drivers.js";

interopSuite("SQLite", sqliteEngine);

// The connection's authenticated user (lucia_authenticate) through better-sqlite3, with sessions
// Lucia JS made: the application's view shows the authenticated user's notes only; another
// connection to the same file has nobody; a failed authentication leaves nobody.
test("better-sqlite3: lucia_authenticate with Lucia JS's sessions, and a view of the authenticated user's rows", async () => {
  const engine = await sqliteEngine();
  const { db, auth } = engine;
  try {
    const ada = await auth.createUser({ primaryKey: null, attributes: { username: "ada" } });
    const bob = await auth.createUser({ primaryKey: null, attributes: { username: "bob" } });
    const adaSession = await auth.createSession(ada.userId);
    const bobSession = await auth.createSession(bob.userId);
    db.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, owner_id TEXT NOT NULL, body TEXT);
             CREATE VIEW my_notes AS SELECT body FROM notes WHERE owner_id = lucia_authenticated_user_id();`);
    db.prepare("INSERT INTO notes (owner_id, body) VALUES (?, 'a1'), (?, 'b1'), (?, 'a2')").run(ada.userId, bob.userId, ada.userId);
    const who = db.prepare("SELECT lucia_authenticated_user_id() AS id").pluck();
    const myNotes = db.prepare("SELECT body FROM my_notes ORDER BY body").pluck();
    assert.equal(who.get(), null);
    assert.deepEqual(myNotes.all(), []);

    const result = JSON.parse(db.prepare("SELECT lucia_authenticate(?) AS s").pluck().get(adaSession.sessionId));
    assert.equal(result.user_id, ada.userId);
    assert.equal(result.session_id, adaSession.sessionId);
    assert.equal(result.state, "active");
    assert.equal(result.fresh, false);
    assert.equal(who.get(), ada.userId);
    assert.deepEqual(myNotes.all(), ["a1", "a2"]);

    const other = new Database(db.name);
    other.loadExtension(process.env.LUCIA_SQLITE_MODULE);
    assert.equal(other.prepare("SELECT lucia_authenticated_user_id() AS id").pluck().get(), null);
    assert.deepEqual(other.prepare("SELECT body FROM my_notes").pluck().all(), []);
    other.prepare("SELECT lucia_authenticate(?)").get(bobSession.sessionId);
    assert.deepEqual(other.prepare("SELECT body FROM my_notes").pluck().all(), ["b1"]);
    other.close();
    assert.deepEqual(myNotes.all(), ["a1", "a2"]);

    assert.throws(() => db.prepare("SELECT lucia_authenticate(?)").get("x".repeat(40)),
      /AUTH_INVALID_SESSION_ID: session does not exist/);
    assert.equal(who.get(), null);
    assert.deepEqual(myNotes.all(), []);

    // An idle session Lucia JS made is renewed (rotate) and Lucia JS accepts the new one.
    db.prepare("UPDATE auth_session SET active_expires = ? WHERE id = ?").run(Date.now() - 1000, bobSession.sessionId);
    const renewed = JSON.parse(db.prepare("SELECT lucia_authenticate(?) AS s").pluck().get(bobSession.sessionId));
    assert.equal(renewed.fresh, true);
    assert.notEqual(renewed.session_id, bobSession.sessionId);
    assert.equal((await auth.validateSession(renewed.session_id)).userId, bob.userId);
    assert.equal(who.get(), bob.userId);
    assert.deepEqual(myNotes.all(), ["b1"]);

    assert.equal(db.prepare("SELECT lucia_clear_authentication() AS v").pluck().get(), null);
    assert.equal(who.get(), null);
    assert.deepEqual(myNotes.all(), []);
  } finally {
    await engine.close();
  }
});
