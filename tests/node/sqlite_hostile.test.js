// Hostile database files on better-sqlite3's own SQLite (3.43 here, Debian's shell has 3.40): a
// CHECK constraint of an attached file must not run lucia functions, and a file's trigger that
// deletes the row a function just wrote must not crash the process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const modulePath = process.env.LUCIA_SQLITE_MODULE;
const dir = mkdtempSync(path.join(tmpdir(), "lucia-hostile-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

// A connection with lucia loaded and its tables created.
function victimDatabase() {
  const db = new Database(":memory:");
  db.loadExtension(modulePath);
  db.prepare("SELECT lucia_create_tables()").get();
  return db;
}

// The attacker's import.db, written without lucia: stand-in functions let SQLite accept the DDL.
function hostileFile(name, ddl) {
  const file = path.join(dir, name);
  const author = new Database(file);
  for (const fn of ["lucia_set_config", "lucia_create_user", "lucia_update_key_password", "lucia_hash_password"]) {
    author.function(fn, { deterministic: true, varargs: true }, () => 1);
  }
  author.exec(ddl);
  author.close();
  return file;
}

test("better-sqlite3: an attached file's CHECK constraints cannot call lucia functions", () => {
  const attackerTables = path.join(dir, "attacker-tables.db");
  {
    const db = new Database(attackerTables);
    db.loadExtension(modulePath);
    db.prepare("SELECT lucia_create_tables()").get();
    db.prepare("SELECT lucia_create_user('email', 'admin@x', 'attacker-pw', NULL, 'admin')").get();
    db.close();
  }
  const file = hostileFile(
    "import.db",
    `CREATE TABLE rows (imported INT CHECK (imported IS NULL OR lucia_set_config('lucia.tables_schema', 'imp') IS NOT NULL));
     CREATE TABLE users (imported INT CHECK (imported IS NULL OR lucia_create_user('email', 'evil@x', 'evil-pw', NULL, 'evil') IS NOT NULL));
     CREATE TABLE keys (imported INT CHECK (imported IS NULL OR lucia_update_key_password('email', 'admin@x', 'attacker-pw') IS NOT NULL));
     CREATE TABLE hashes (imported INT CHECK (imported IS NULL OR lucia_hash_password('x') IS NOT NULL));
     INSERT INTO rows VALUES (NULL); INSERT INTO users VALUES (NULL); INSERT INTO keys VALUES (NULL); INSERT INTO hashes VALUES (NULL);`,
  );
  for (const trusted of ["ON", "OFF"]) {
    const db = victimDatabase();
    db.pragma(`trusted_schema = ${trusted}`);
    db.prepare("SELECT lucia_create_user('email', 'admin@x', 'admin-pw', NULL, 'admin')").get();
    let attached = true;
    try {
      db.prepare("ATTACH ? AS imp").run(file);
    } catch (error) {
      attached = false;
      assert.match(error.message, /unsafe use of lucia_|malformed database schema/);
    }
    if (attached) {
      for (const table of ["rows", "users", "keys", "hashes"]) {
        assert.throws(() => db.prepare(`UPDATE imp.${table} SET imported = 1`).run(),
          /unsafe use of lucia_|calls it by its plain name|malformed database schema/);
      }
      db.exec("DETACH imp");
    }
    db.prepare("ATTACH ? AS imp").run(attackerTables);
    assert.equal(db.prepare("SELECT lucia_config('lucia.tables_schema') AS v").get().v, "main");
    assert.throws(() => db.prepare("SELECT lucia_validate_key('email', 'admin@x', 'attacker-pw')").get(),
      /AUTH_INVALID_PASSWORD/);
    assert.throws(() => db.prepare("SELECT lucia_validate_key('email', 'evil@x', 'evil-pw')").get(),
      /AUTH_INVALID_KEY_ID/);
    const admin = JSON.parse(db.prepare("SELECT lucia_validate_key('email', 'admin@x', 'admin-pw') AS v").get().v);
    assert.equal(admin.user_id, "admin");
    db.close();
  }
});

test("better-sqlite3: a trigger that deletes the updated key does not crash lucia_update_key_password", () => {
  for (const trigger of [
    "AFTER UPDATE ON auth_key BEGIN DELETE FROM auth_key WHERE id = new.id; END",
    "AFTER UPDATE ON auth_key BEGIN UPDATE auth_key SET id = 'renamed' WHERE id = new.id; END",
  ]) {
    const db = victimDatabase();
    db.prepare("SELECT lucia_create_user('email', 'victim@x', 'old-pw', NULL, 'victim')").get();
    db.exec(`CREATE TRIGGER gone ${trigger}`);
    const key = JSON.parse(db.prepare("SELECT lucia_update_key_password('email', 'victim@x', 'new-pw') AS v").get().v);
    assert.equal(key.provider_user_id, "victim@x");
    assert.equal(key.user_id, "victim");
    db.close();
  }
});

test("better-sqlite3: an attached file's FTS4 uncompress= option cannot call lucia functions", () => {
  for (const fn of ["lucia_create_session", "lucia_delete_user", "lucia_get_all_user_sessions"]) {
    const file = path.join(dir, `fts-${fn}.db`);
    const author = new Database(file);
    author.function(fn, (value) => value); // the attacker's tool: an identity function while it writes
    author.exec(`CREATE VIRTUAL TABLE notes USING fts4(body, compress=${fn}, uncompress=${fn});
                 INSERT INTO notes (body) VALUES ('admin');`);
    author.close();
    const db = victimDatabase();
    db.prepare("SELECT lucia_create_user('email', 'admin@x', 'admin-pw', NULL, 'admin')").get();
    db.prepare("SELECT lucia_create_session('admin')").get();
    db.prepare("ATTACH ? AS import").run(file);
    assert.throws(() => db.prepare("SELECT body FROM import.notes").all());
    assert.equal(db.prepare("SELECT count(*) AS n FROM main.auth_user").get().n, 1, fn);
    assert.equal(db.prepare("SELECT count(*) AS n FROM main.auth_session").get().n, 1, fn);
    db.close();
  }
});

test("better-sqlite3: an attached file's view or trigger cannot set or clear the authenticated user, and may read it", () => {
  const file = path.join(dir, "authentication.db");
  const author = new Database(file);
  for (const fn of ["lucia_authenticate", "lucia_clear_authentication", "lucia_authenticated_user_id"]) {
    author.function(fn, { varargs: true }, () => null);
  }
  author.exec(`CREATE VIEW sign_in AS SELECT lucia_authenticate('${"a".repeat(40)}') AS s;
               CREATE VIEW sign_out AS SELECT lucia_clear_authentication() AS s;
               CREATE VIEW who AS SELECT lucia_authenticated_user_id() AS id;
               CREATE TABLE t (x);
               CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT lucia_clear_authentication(); END;`);
  author.close();
  for (const trusted of ["ON", "OFF"]) {
    const db = victimDatabase();
    db.pragma(`trusted_schema = ${trusted}`);
    db.prepare("SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')").get();
    const session = JSON.parse(db.prepare("SELECT lucia_create_session('ada') AS s").pluck().get());
    db.prepare("SELECT lucia_authenticate(?)").get(session.session_id);
    db.prepare("ATTACH ? AS imp").run(file);
    assert.throws(() => db.prepare("SELECT * FROM imp.sign_in").get(), /unsafe use of lucia_authenticate\(\)/);
    assert.throws(() => db.prepare("SELECT * FROM imp.sign_out").get(), /unsafe use of lucia_clear_authentication\(\)/);
    assert.throws(() => db.prepare("INSERT INTO imp.t VALUES (1)").run(), /unsafe use of lucia_clear_authentication\(\)/);
    assert.equal(db.prepare("SELECT id FROM imp.who").pluck().get(), "ada");
    assert.equal(db.prepare("SELECT lucia_authenticated_user_id()").pluck().get(), "ada");
    db.close();
  }
});
