// docs/authorization.md: the notes walk every ORM runs (notes-drizzle.ts, notes-kysely.ts) against
// examples/notes-schema.sql. Ada and Bob sign up and log in (the login role); every other request
// runs as notes_app in a transaction authenticated by its session. Ada then sends every SQL her
// code path could send to reach Bob's notes; the walk throws on the first of Bob's rows she sees.
import assert from "node:assert/strict";
import type { LuciaClient } from "lucia-sql";

export interface Note {
  id: number;
  ownerId: string;
  body: string;
}

// What one authenticated request can do, through the ORM's query builder or its raw SQL.
export interface NotesRequest {
  list(): Promise<Note[]>;
  create(body: string): Promise<Note>;
  share(noteId: number, userId: string): Promise<void>;
  update(noteId: number, body: string): Promise<number>;
  remove(noteId: number): Promise<number>;
  raw(text: string): Promise<Record<string, unknown>[]>;
}

// The app as notes_app: a request authenticated by a session id (null: nobody), or raw SQL sent
// outside any transaction.
export interface NotesApp {
  request<T>(sessionId: string | null, work: (request: NotesRequest) => Promise<T>): Promise<T>;
  rawOutsideTransaction(text: string): Promise<Record<string, unknown>[]>;
}

// SQL string literal of an id or a session id (letters and digits; checked, not escaped).
function literal(value: string): string {
  assert.match(value, /^[a-zA-Z0-9]+$/);
  return `'${value}'`;
}

// Signs a user up and logs them in through the login role; returns the user and session ids.
async function signUpAndLogIn(login: LuciaClient<Record<string, never>>, name: string) {
  const email = `${name}.${Date.now()}@example.com`;
  const user = await login.createUser({ providerId: "email", providerUserId: email, password: "correct horse" });
  const key = await login.validateKey("email", email, "correct horse");
  const session = await login.createSession(key.user_id);
  return { userId: user.user_id, sessionId: session.session_id };
}

// The hostile requests of Ada's code path: each is its statements in order inside one request
// authenticated as Ada (an error ends the request unless the next statement is a ROLLBACK TO).
function attacks(bob: string, bobNote: number, ada: string, adaSession: string): [string, string[]][] {
  const readAll = "SELECT * FROM notes";
  return [
    ["Bob's notes by owner", [`SELECT * FROM notes WHERE owner_id = ${literal(bob)}`]],
    ["Bob's note by id", [`SELECT * FROM notes WHERE id = ${bobNote}`]],
    ["every note", [readAll]],
    ["set_config of the claims PostgREST and Supabase read", [
      `SELECT set_config('request.jwt.claims', '{"sub": ${JSON.stringify(bob)}}', true)`,
      `SELECT set_config('app.user_id', ${literal(bob)}, false)`, readAll]],
    ["SET of a lucia setting", [`SET lucia.authenticated_user_id = ${literal(bob)}`, readAll]],
    ["SET ROLE to the superuser", ["SET ROLE postgres", readAll]],
    ["SET SESSION AUTHORIZATION", ["SET SESSION AUTHORIZATION postgres", readAll]],
    ["SET row_security = off", ["SET row_security = off", readAll]],
    ["RESET ALL", ["RESET ALL", readAll]],
    ["lucia_clear_authentication, then read", ["SELECT lucia_clear_authentication()", readAll]],
    ["a second lucia_authenticate with a garbage id, caught", [
      "SAVEPOINT again", "SELECT lucia_authenticate('garbagegarbagegarbagegarbagegarbage00000')",
      "ROLLBACK TO SAVEPOINT again", readAll]],
    ["lucia_authenticate with Bob's user id", [`SELECT lucia_authenticate(${literal(bob)})`, readAll]],
    ["a session made for Bob", [`SELECT lucia_authenticate((SELECT session_id FROM lucia_create_session(${literal(bob)})))`, readAll]],
    ["Bob's session ids", [`SELECT * FROM lucia_get_all_user_sessions(${literal(bob)})`]],
    ["the sessions table", ["SELECT * FROM auth_session"]],
    ["a look-alike lucia_authenticated_user_id first on the search_path", [
      `CREATE OR REPLACE FUNCTION pg_temp.lucia_authenticated_user_id() RETURNS text LANGUAGE sql AS $$ SELECT ${literal(bob)} $$`,
      "SET LOCAL search_path = pg_temp, public, lucia", readAll]],
    ["a look-alike in public", [
      `CREATE FUNCTION public.lucia_authenticated_user_id() RETURNS text LANGUAGE sql AS $$ SELECT ${literal(bob)} $$`]],
    ["a view of its own", ["CREATE OR REPLACE TEMP VIEW every_note AS SELECT * FROM notes", "SELECT * FROM every_note"]],
    ["row security turned off", ["ALTER TABLE notes DISABLE ROW LEVEL SECURITY", readAll]],
    ["a policy of its own", ["CREATE POLICY everything ON notes USING (true)", readAll]],
    ["a note written as Bob's", [`INSERT INTO notes (owner_id, body) VALUES (${literal(bob)}, 'forged') RETURNING *`]],
    ["Bob's notes updated", [`UPDATE notes SET body = 'overwritten' WHERE owner_id = ${literal(bob)} RETURNING *`]],
    ["Bob's notes deleted", [`DELETE FROM notes WHERE owner_id = ${literal(bob)} RETURNING *`]],
    ["Bob's note shared with Ada, as Bob", [
      `INSERT INTO note_shares (note_id, owner_id, user_id) VALUES (${bobNote}, ${literal(bob)}, ${literal(ada)})`]],
    ["Bob's note shared with Ada, as Ada", [`INSERT INTO note_shares (note_id, user_id) VALUES (${bobNote}, ${literal(ada)})`, readAll]],
    ["her own session again, then Bob's notes", [`SELECT lucia_authenticate(${literal(adaSession)})`,
      `SELECT * FROM notes WHERE owner_id = ${literal(bob)}`]],
  ];
}

// Bob's secrets: his notes (owned by him, or bearing one of his bodies) and his session id. Ada's
// own statements may echo his user id (she knows it), which is no leak.
interface Secrets {
  userId: string;
  sessionId: string;
  bodies: string[];
}

// Throws when one of Bob's secrets is among the rows a request of Ada's got back.
function assertNoneOfBobs(what: string, rows: Record<string, unknown>[], bob: Secrets): void {
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (row.owner_id === bob.userId || text.includes(bob.sessionId) || bob.bodies.some((body) => text.includes(body))) {
      throw new Error(`LEAK (${what}): Ada's request saw Bob's row ${text}`);
    }
  }
}

// The database's own message: Drizzle wraps the driver's error (its cause) in one naming the query.
function refusal(error: unknown): string {
  const found = error instanceof Error && error.cause instanceof Error ? error.cause : (error as Error);
  return `refused: ${found.message.split("\n")[0]}`;
}

// An error that ended a hostile request: its transaction rolls back.
class Refused extends Error {}

// Runs one hostile request; returns "refused: <error>" or "<n> rows, none of Bob's".
async function attack(app: NotesApp, session: string, statements: string[], check: (rows: Record<string, unknown>[]) => void) {
  try {
    return await app.request(session, async (request) => {
      let outcome = "";
      for (let i = 0; i < statements.length; i++) {
        try {
          const rows = await request.raw(statements[i] ?? "");
          check(rows);
          outcome = `${rows.length} rows, none of Bob's`;
        } catch (error) {
          if (error instanceof Error && error.message.startsWith("LEAK")) throw error;
          if (!statements[i + 1]?.startsWith("ROLLBACK TO")) throw new Refused(refusal(error));
        }
      }
      return outcome;
    });
  } catch (error) {
    if (error instanceof Refused) return error.message;
    throw error;
  }
}

export async function notesScenario(login: LuciaClient<Record<string, never>>, app: NotesApp, label: string): Promise<void> {
  const ada = await signUpAndLogIn(login, `ada-${label}`);
  const bob = await signUpAndLogIn(login, `bob-${label}`);
  const bobBodies = [`bob's diary (${label})`, `bob's passwords (${label})`];
  const secrets: Secrets = { userId: bob.userId, sessionId: bob.sessionId, bodies: bobBodies };

  // Each writes their notes; each lists their own.
  const adaNotes = await app.request(ada.sessionId, async (request) =>
    [await request.create(`ada's shopping list (${label})`), await request.create(`ada's plans (${label})`)]);
  const bobNotes = await app.request(bob.sessionId, async (request) =>
    Promise.all(bobBodies.map((body) => request.create(body))));
  assert.ok(adaNotes.every((note) => note.ownerId === ada.userId));
  assert.ok(bobNotes.every((note) => note.ownerId === bob.userId));
  const adaList = await app.request(ada.sessionId, (request) => request.list());
  assert.deepEqual(adaList.map((note) => note.id), adaNotes.map((note) => note.id));

  // Ada shares her first note with Bob: he reads it, and cannot change or delete it.
  const shared = adaNotes[0]!;
  await app.request(ada.sessionId, (request) => request.share(shared.id, bob.userId));
  await app.request(bob.sessionId, async (request) => {
    const seen = await request.list();
    assert.deepEqual(seen.map((note) => note.id).sort(), [...bobNotes.map((note) => note.id), shared.id].sort());
    assert.equal(await request.update(shared.id, "bob was here"), 0);
    assert.equal(await request.remove(shared.id), 0);
  });
  // Nobody authenticated: no rows at all.
  await app.request(null, async (request) => {
    assert.deepEqual(await request.list(), []);
    assert.deepEqual(await request.raw("SELECT count(*)::int AS n FROM notes"), [{ n: 0 }]);
  });

  // Ada's code path sends whatever SQL it likes: it sees none of Bob's rows, or fails.
  const bobNote = bobNotes[0]!.id;
  for (const [name, statements] of attacks(bob.userId, bobNote, ada.userId, ada.sessionId)) {
    const outcome = await attack(app, ada.sessionId, statements, (rows) => assertNoneOfBobs(name, rows, secrets));
    console.log(`  ${label}: ${name}: ${outcome}`);
  }
  // While Bob's request is open (authenticated, idle in its transaction), Ada's code reads what
  // PostgreSQL shows every connection of the role: the other connections' statement texts. The
  // session id went as a bind parameter, so the text shows $1 (a literal would show lucia's
  // "(statement hidden by lucia)" once the function received it).
  let bobAuthenticated!: () => void;
  let adaFinished!: () => void;
  const authenticated = new Promise<void>((resolve) => (bobAuthenticated = resolve));
  const finished = new Promise<void>((resolve) => (adaFinished = resolve));
  const bobWaiting = app.request(bob.sessionId, async () => {
    bobAuthenticated();
    await finished;
  });
  await authenticated;
  const statements = ["SELECT pid, state, query FROM pg_stat_activity WHERE usename = current_user"];
  let seenOpen = false;
  let activity: string;
  try {
    activity = await attack(app, ada.sessionId, statements, (rows) => {
      assertNoneOfBobs("the role's other connections in pg_stat_activity", rows, secrets);
      seenOpen = rows.some((row) => row.state === "idle in transaction");
    });
  } finally {
    adaFinished();
    await bobWaiting;
  }
  assert.ok(seenOpen, "Ada's request did not see Bob's open request in pg_stat_activity");
  console.log(`  ${label}: the role's other connections in pg_stat_activity, Bob's request open: ${activity}`);

  // Outside a transaction the authentication ends with its statement (and lucia_authenticate warns).
  await app.rawOutsideTransaction(`SELECT lucia_authenticate(${literal(ada.sessionId)})`);
  const outside = await app.rawOutsideTransaction("SELECT * FROM notes");
  assertNoneOfBobs("outside a transaction", outside, secrets);
  assert.deepEqual(outside, []);

  // Bob's notes are as he wrote them, and Ada's shared note as she wrote it.
  const bobList = await app.request(bob.sessionId, (request) => request.list());
  assert.deepEqual(bobList.map((note) => note.body).sort(), [...bobBodies, shared.body].sort());
  // Ada deletes her shared note: the share goes with it.
  await app.request(ada.sessionId, async (request) => assert.equal(await request.remove(shared.id), 1));
  const afterDelete = await app.request(bob.sessionId, (request) => request.list());
  assert.deepEqual(afterDelete.map((note) => note.id).sort(), bobNotes.map((note) => note.id).sort());
  console.log(`notes + ${label}: ok (Ada never saw Bob's rows)`);
}
