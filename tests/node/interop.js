// The interop scenarios, stated once and run on each engine (postgres.test.js, sqlite.test.js):
// the real Lucia v1 and our SQL functions share one set of tables, in both directions.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { LuciaError } from "lucia-auth";

const DAY = 86_400_000;

// The Lucia error code a promise rejects with (LuciaError.message is the code).
async function luciaCode(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LuciaError, `expected a LuciaError, got ${error}`);
    return error.message;
  }
  return "no error";
}

// The Lucia code our SQL function fails with: its message starts with it.
async function sqlCode(promise) {
  try {
    await promise;
  } catch (error) {
    return String(error.message).split(":")[0];
  }
  return "no error";
}

// Spec 5.4: fixed-salt vectors written by lucia-auth 1.8.0.
const VECTORS = [
  ["hunter2", "s2:abcdefghijklmnop:732bd5c478953983828d4b32f3a1670a120a4ae2fceabec953fe4dc51b37d0e7c32022cdbec7055de0afc05f8774a525321876b7fcd007bdb56c8cb943e4a94a"],
  ["pässwörd", "s2:ABCDEFGHIJ123456:5fe13b8298973c85eba9cceb1a249176d378943fc5b01939fc2064bc6b15441e440dacf288893a1a5bfa8fd1e04d5ae8d94d99da49d647ed9f8e7c4bc38b8f83"],
  ["hunter2", "abcdefghijklmnop:9f7b9d8c23db4ae9fb941fb6320d39b24d9ad41e15f65d9530cb23c35b8bd951fb8a0b59cf656203d2bd5380ccb400c5a8d2aa243bb2b2914aab6335bec77fee"],
  ["hunter2", "s2:u0zRFH8qbY4e031U:213540f319cf4606a1eaeb26998e8ade31be870224d6acee1ffbf2e7180cf81d3284947b7b46147c5c24fb2362155ab6ed8cd197efd03ccce8eaf87e11807eaf"],
];
const DECOMPOSED = "pa\u0308sswo\u0308rd";
const DECOMPOSED_HASH = "s2:QS9KJnTuPli0Q4yM:14fbc18f0766cb207d61b4e3f93f7dfb94f9c7434b5be469cde04340b80ff58d61f548e33a2a4b6018abaea2c6d7cd231073d4045cfd222e4fc8b676a51f7133";

let counter = 0;
// A fresh email per test, so tests share the database without stepping on each other.
function email() {
  counter += 1;
  return `user${counter}.${Date.now()}@example.com`;
}

// Moves a session's active period into the past: it becomes idle.
async function makeIdle(engine, sessionId) {
  await engine.exec("UPDATE auth_session SET active_expires = active_expires - ? WHERE id = ?", [DAY + 1000, sessionId]);
}

export function interopSuite(engineName, open) {
  describe(`lucia-auth 1.8.0 and the lucia functions on ${engineName}`, () => {
    let engine;
    before(async () => {
      engine = await open();
    });
    after(async () => {
      await engine.close();
    });

    test("a user created by Lucia JS logs in through lucia_validate_key", async () => {
      const mail = email();
      const user = await engine.auth.createUser({
        primaryKey: { providerId: "email", providerUserId: mail, password: "correct horse" },
        attributes: { username: "js" },
      });
      const key = await engine.call("lucia_validate_key", ["email", mail, "correct horse"]);
      assert.equal(key.user_id, user.userId);
      assert.equal(key.primary_key, true);
      assert.equal(key.password_defined, true);
      assert.match(user.userId, /^[a-zA-Z0-9]{15}$/);
    });

    test("a user created by lucia_create_user logs in through auth.useKey", async () => {
      const mail = email();
      const user = await engine.call("lucia_create_user", ["email", mail, "correct horse", '{"username": "sql"}', null]);
      const key = await engine.auth.useKey("email", mail, "correct horse");
      assert.equal(key.userId, user.user_id);
      assert.equal(key.primary, true);
      const jsUser = await engine.auth.getUser(user.user_id);
      assert.equal(jsUser.username, "sql");
    });

    test("wrong passwords and unknown keys fail on both sides with the same code", async () => {
      const mail = email();
      await engine.auth.createUser({ primaryKey: { providerId: "email", providerUserId: mail, password: "right" }, attributes: {} });
      assert.equal(await luciaCode(engine.auth.useKey("email", mail, "wrong")), "AUTH_INVALID_PASSWORD");
      assert.equal(await sqlCode(engine.call("lucia_validate_key", ["email", mail, "wrong"])), "AUTH_INVALID_PASSWORD");
      assert.equal(await luciaCode(engine.auth.useKey("email", mail, null)), "AUTH_INVALID_PASSWORD");
      assert.equal(await sqlCode(engine.call("lucia_validate_key", ["email", mail, null])), "AUTH_INVALID_PASSWORD");
      assert.equal(await luciaCode(engine.auth.useKey("email", `no.${mail}`, "right")), "AUTH_INVALID_KEY_ID");
      assert.equal(await sqlCode(engine.call("lucia_validate_key", ["email", `no.${mail}`, "right"])), "AUTH_INVALID_KEY_ID");
    });

    test("the spec's fixed-salt vectors verify on both sides", async () => {
      const user = await engine.call("lucia_create_user", [null, null, null, null, `vectors${Date.now()}`]);
      for (const [index, [password, hash]] of VECTORS.entries()) {
        await engine.exec("INSERT INTO auth_key (id, user_id, primary_key, hashed_password, expires) VALUES (?, ?, ?, ?, NULL)",
          [`vector:${index}.${user.user_id}`, user.user_id, engine.name === "sqlite" ? 0 : false, hash]);
        const js = await engine.auth.useKey("vector", `${index}.${user.user_id}`, password);
        const sql = await engine.call("lucia_validate_key", ["vector", `${index}.${user.user_id}`, password]);
        assert.equal(js.userId, user.user_id);
        assert.equal(sql.user_id, user.user_id);
      }
    });

    test("a password typed in another Unicode form: Lucia refuses it, lucia accepts it (NFKC on both sides, spec 5.2)", async () => {
      const user = await engine.call("lucia_create_user", [null, null, null, null, `nfkc${Date.now()}`]);
      await engine.exec("INSERT INTO auth_key (id, user_id, primary_key, hashed_password, expires) VALUES (?, ?, ?, ?, NULL)",
        [`nfkc:${user.user_id}`, user.user_id, engine.name === "sqlite" ? 0 : false, DECOMPOSED_HASH]);
      assert.equal(await luciaCode(engine.auth.useKey("nfkc", user.user_id, DECOMPOSED)), "AUTH_INVALID_PASSWORD");
      assert.equal((await engine.call("lucia_validate_key", ["nfkc", user.user_id, DECOMPOSED])).user_id, user.user_id);
      assert.equal((await engine.auth.useKey("nfkc", user.user_id, "pässwörd")).userId, user.user_id);
    });

    test("a session created on one side validates on the other", async () => {
      const user = await engine.auth.createUser({ primaryKey: null, attributes: {} });
      const jsSession = await engine.auth.createSession(user.userId);
      const seen = await engine.call("lucia_validate_session", [jsSession.sessionId]);
      assert.equal(seen.user_id, user.userId);
      assert.equal(seen.state, "active");
      assert.equal(seen.fresh, false);
      assert.equal(seen.active_expires, jsSession.activePeriodExpiresAt.getTime());
      assert.equal(seen.idle_expires, jsSession.idlePeriodExpiresAt.getTime());
      const sqlSession = await engine.call("lucia_create_session", [user.userId]);
      const js = await engine.auth.validateSession(sqlSession.session_id);
      assert.equal(js.userId, user.userId);
      assert.equal(js.state, "active");
      assert.equal(js.activePeriodExpiresAt.getTime(), sqlSession.active_expires);
      assert.equal(js.idlePeriodExpiresAt.getTime(), sqlSession.idle_expires);
      const both = await engine.call("lucia_validate_session_user", [jsSession.sessionId]);
      assert.equal(both.user_id, user.userId);
    });

    test("an idle session renewed by lucia (rotate) is seen correctly by Lucia JS", async () => {
      const user = await engine.auth.createUser({ primaryKey: null, attributes: {} });
      const session = await engine.auth.createSession(user.userId);
      await makeIdle(engine, session.sessionId);
      const renewed = await engine.call("lucia_validate_session", [session.sessionId]);
      assert.notEqual(renewed.session_id, session.sessionId);
      assert.equal(renewed.fresh, true);
      const js = await engine.auth.validateSession(renewed.session_id);
      assert.equal(js.state, "active");
      assert.equal(js.fresh, false);
      // As in Lucia v1, the old row stays until it dies; Lucia still sees it as idle.
      assert.equal((await engine.auth.getSession(session.sessionId)).state, "idle");
    });

    test("an idle session renewed by lucia (extend) keeps its id and Lucia JS sees it active", async () => {
      const user = await engine.auth.createUser({ primaryKey: null, attributes: {} });
      const session = await engine.auth.createSession(user.userId);
      await makeIdle(engine, session.sessionId);
      await engine.setting("lucia.renewal", "extend");
      try {
        const renewed = await engine.call("lucia_validate_session", [session.sessionId]);
        assert.equal(renewed.session_id, session.sessionId);
        assert.equal(renewed.fresh, true);
        const js = await engine.auth.validateSession(session.sessionId);
        assert.equal(js.state, "active");
        assert.equal(js.sessionId, session.sessionId);
        assert.equal(js.idlePeriodExpiresAt.getTime(), renewed.idle_expires);
      } finally {
        await engine.setting("lucia.renewal", "rotate");
      }
    });

    test("an idle session renewed by Lucia JS is seen correctly by lucia", async () => {
      const user = await engine.auth.createUser({ primaryKey: null, attributes: {} });
      const session = await engine.call("lucia_create_session", [user.userId]);
      await makeIdle(engine, session.session_id);
      const renewed = await engine.auth.validateSession(session.session_id);
      assert.equal(renewed.fresh, true);
      assert.notEqual(renewed.sessionId, session.session_id);
      const seen = await engine.call("lucia_validate_session", [renewed.sessionId]);
      assert.equal(seen.state, "active");
      assert.equal(seen.fresh, false);
      assert.equal((await engine.call("lucia_get_session", [session.session_id])).state, "idle");
    });

    test("invalidation on one side is seen by the other", async () => {
      const user = await engine.auth.createUser({ primaryKey: null, attributes: {} });
      const a = await engine.auth.createSession(user.userId);
      await engine.call("lucia_invalidate_session", [a.sessionId]);
      assert.equal(await luciaCode(engine.auth.validateSession(a.sessionId)), "AUTH_INVALID_SESSION_ID");
      const b = await engine.call("lucia_create_session", [user.userId]);
      await engine.auth.invalidateSession(b.session_id);
      assert.equal(await sqlCode(engine.call("lucia_validate_session", [b.session_id])), "AUTH_INVALID_SESSION_ID");
      await engine.auth.createSession(user.userId);
      await engine.call("lucia_create_session", [user.userId]);
      await engine.call("lucia_invalidate_all_user_sessions", [user.userId]);
      assert.deepEqual(await engine.auth.getAllUserSessions(user.userId), []);
    });

    test("single-use keys with an expiry, made on either side, are used once on the other", async () => {
      const user = await engine.auth.createUser({ primaryKey: null, attributes: {} });
      const code = `otp${Date.now()}`;
      const jsKey = await engine.auth.createKey(user.userId, { type: "single_use", providerId: "otp", providerUserId: code, password: null, expiresIn: 600 });
      const sqlView = await engine.call("lucia_get_key", ["otp", code]);
      assert.equal(sqlView.type, "single_use");
      assert.equal(sqlView.expires, jsKey.expiresAt.getTime());
      assert.equal((await engine.call("lucia_validate_key", ["otp", code, null])).type, "single_use");
      assert.equal(await luciaCode(engine.auth.useKey("otp", code, null)), "AUTH_INVALID_KEY_ID");

      await engine.call("lucia_create_key", [user.userId, "otp", `${code}b`, "pin", 600]);
      const used = await engine.auth.useKey("otp", `${code}b`, "pin");
      assert.equal(used.type, "single_use");
      assert.equal(await sqlCode(engine.call("lucia_validate_key", ["otp", `${code}b`, "pin"])), "AUTH_INVALID_KEY_ID");

      await engine.call("lucia_create_key", [user.userId, "otp", `${code}c`, null, 600]);
      await engine.exec("UPDATE auth_key SET expires = ? WHERE id = ?", [Date.now() - 1000, `otp:${code}c`]);
      assert.equal(await sqlCode(engine.call("lucia_validate_key", ["otp", `${code}c`, null])), "AUTH_EXPIRED_KEY");
      assert.equal(await luciaCode(engine.auth.useKey("otp", `${code}c`, null)), "AUTH_EXPIRED_KEY");
    });

    test("Lucia 1.8.0 reports a fresh single-use key as expired; lucia does not (spec 1.2)", async () => {
      const user = await engine.auth.createUser({ primaryKey: null, attributes: {} });
      const code = `fresh${Date.now()}`;
      const js = await engine.auth.createKey(user.userId, { type: "single_use", providerId: "otp", providerUserId: code, password: null, expiresIn: 600 });
      assert.equal(js.expired, true);
      const sql = await engine.call("lucia_create_key", [user.userId, "otp", `${code}b`, null, 600]);
      assert.equal(sql.expired, false);
      assert.equal((await engine.auth.getKey("otp", code)).expired, false);
    });

    test("passwordless keys accept any password on both sides", async () => {
      const user = await engine.auth.createUser({ primaryKey: { providerId: "github", providerUserId: `gh${Date.now()}`, password: null }, attributes: {} });
      const id = (await engine.auth.getAllUserKeys(user.userId))[0].providerUserId;
      assert.equal((await engine.call("lucia_validate_key", ["github", id, "anything"])).password_defined, false);
      await engine.call("lucia_create_key", [user.userId, "google", id, null, null]);
      assert.equal((await engine.auth.useKey("google", id, null)).passwordDefined, false);
    });

    test("primary keys: deleteKey leaves them on both sides; deleteUser removes them", async () => {
      const mail = email();
      const user = await engine.auth.createUser({ primaryKey: { providerId: "email", providerUserId: mail, password: "pw" }, attributes: {} });
      await engine.auth.deleteKey("email", mail);
      await engine.call("lucia_delete_key", ["email", mail]);
      assert.equal((await engine.call("lucia_get_key", ["email", mail])).primary_key, true);
      assert.equal((await engine.auth.getKey("email", mail)).primary, true);
      const extra = await engine.call("lucia_create_key", [user.userId, "phone", mail, null, null]);
      assert.equal(extra.primary_key, false);
      await engine.auth.deleteKey("phone", mail);
      assert.equal(await sqlCode(engine.call("lucia_get_key", ["phone", mail])), "AUTH_INVALID_KEY_ID");
    });

    test("getAllUserSessions and getAllUserKeys agree", async () => {
      const mail = email();
      const user = await engine.auth.createUser({ primaryKey: { providerId: "email", providerUserId: mail, password: "pw" }, attributes: {} });
      await engine.auth.createSession(user.userId);
      await engine.call("lucia_create_session", [user.userId]);
      const idle = await engine.call("lucia_create_session", [user.userId]);
      await makeIdle(engine, idle.session_id);
      await engine.auth.createKey(user.userId, { type: "persistent", providerId: "phone", providerUserId: mail, password: null });
      await engine.call("lucia_create_key", [user.userId, "otp", mail, null, 600]);
      const js = (await engine.auth.getAllUserSessions(user.userId))
        .map((s) => [s.sessionId, s.state, s.activePeriodExpiresAt.getTime(), s.idlePeriodExpiresAt.getTime()]).sort();
      const sql = (await engine.call("lucia_get_all_user_sessions", [user.userId]))
        .map((s) => [s.session_id, s.state, s.active_expires, s.idle_expires]).sort();
      assert.equal(js.length, 3);
      assert.deepEqual(sql, js);
      const jsKeys = (await engine.auth.getAllUserKeys(user.userId))
        .map((k) => [k.type, k.providerId, k.providerUserId, k.passwordDefined, k.type === "persistent" ? k.primary : false]).sort();
      const sqlKeys = (await engine.call("lucia_get_all_user_keys", [user.userId]))
        .map((k) => [k.type, k.provider_id, k.provider_user_id, k.password_defined, k.primary_key]).sort();
      assert.deepEqual(sqlKeys, jsKeys);
    });

    test("updateKeyPassword on one side is seen by the other", async () => {
      const mail = email();
      await engine.auth.createUser({ primaryKey: { providerId: "email", providerUserId: mail, password: "old" }, attributes: {} });
      await engine.auth.updateKeyPassword("email", mail, "from js");
      assert.ok(await engine.call("lucia_validate_key", ["email", mail, "from js"]));
      await engine.call("lucia_update_key_password", ["email", mail, "from sql"]);
      assert.ok(await engine.auth.useKey("email", mail, "from sql"));
      assert.equal(await luciaCode(engine.auth.useKey("email", mail, "from js")), "AUTH_INVALID_PASSWORD");
    });

    test("deleteUser on one side is seen by the other", async () => {
      const a = await engine.auth.createUser({ primaryKey: { providerId: "email", providerUserId: email(), password: "pw" }, attributes: {} });
      await engine.call("lucia_create_session", [a.userId]);
      await engine.auth.deleteUser(a.userId);
      assert.equal(await sqlCode(engine.call("lucia_get_user", [a.userId])), "AUTH_INVALID_USER_ID");
      const b = await engine.call("lucia_create_user", ["email", email(), "pw", null, null]);
      await engine.auth.createSession(b.user_id);
      await engine.call("lucia_delete_user", [b.user_id]);
      assert.equal(await luciaCode(engine.auth.getUser(b.user_id)), "AUTH_INVALID_USER_ID");
      assert.equal((await engine.all("SELECT count(*) AS n FROM auth_session WHERE user_id = ?", [b.user_id]))[0].n + 0 == 0, true);
    });

    test("rows written by either side are indistinguishable, column by column, types included", async () => {
      const jsMail = email();
      const sqlMail = email();
      const js = await engine.auth.createUser({ primaryKey: { providerId: "email", providerUserId: jsMail, password: "pw" }, attributes: { username: "js" } });
      const sql = await engine.call("lucia_create_user", ["email", sqlMail, "pw", '{"username": "sql"}', null]);
      const jsSession = await engine.auth.createSession(js.userId);
      const sqlSession = await engine.call("lucia_create_session", [sql.user_id]);
      await engine.auth.createKey(js.userId, { type: "single_use", providerId: "otp", providerUserId: jsMail, password: "x", expiresIn: 60 });
      await engine.call("lucia_create_key", [sql.user_id, "otp", sqlMail, "x", 60]);
      const shape = (row) => Object.fromEntries(Object.entries(row).map(([column, value]) => {
        if (column.endsWith("__type") || value === null) return [column, value];
        if (column === "id" || column === "user_id") return [column, String(value).replace(/[a-zA-Z0-9]/g, "x").replace(/x+/g, "x")];
        if (column === "hashed_password") return [column, String(value).replace(/^s2:[a-zA-Z0-9]{16}:[0-9a-f]{128}$/, "s2-hash")];
        if (column === "active_expires" || column === "idle_expires" || column === "expires") return [column, typeof value];
        return [column, value];
      }));
      for (const [table, where] of [["auth_user", ["id = ?", "id = ?"]], ["auth_session", ["id = ?", "id = ?"]], ["auth_key", ["user_id = ?", "user_id = ?"]]]) {
        const jsWhere = where[0].replace("?", `'${table === "auth_session" ? jsSession.sessionId : js.userId}'`);
        const sqlWhere = where[1].replace("?", `'${table === "auth_session" ? sqlSession.session_id : sql.user_id}'`);
        const jsRows = (await engine.columns(table, jsWhere)).map(shape).map(({ username, ...rest }) => rest);
        const sqlRows = (await engine.columns(table, sqlWhere)).map(shape).map(({ username, ...rest }) => rest);
        assert.ok(jsRows.length > 0, table);
        assert.deepEqual(sqlRows, jsRows, table);
      }
    });

    test("Lucia v1's adapter leaves an orphan user when the key id is taken; lucia_create_user does not (spec 6.5)", async () => {
      const mail = email();
      await engine.auth.createUser({ primaryKey: { providerId: "email", providerUserId: mail, password: null }, attributes: {} });
      const count = async () => Number((await engine.all("SELECT count(*) AS n FROM auth_user"))[0].n);
      const before = await count();
      assert.equal(await luciaCode(engine.auth.createUser({ primaryKey: { providerId: "email", providerUserId: mail, password: null }, attributes: {} })), "AUTH_DUPLICATE_KEY_ID");
      assert.equal(await count(), before + 1, "Lucia v1 leaves an orphan user");
      assert.equal(await sqlCode(engine.call("lucia_create_user", ["email", mail, null, null, null])), "AUTH_DUPLICATE_KEY_ID");
      assert.equal(await count(), before + 1, "lucia leaves none");
    });

    test("two uses of one single-use key: Lucia v1 lets both succeed; lucia lets exactly one (spec 6.5)", async () => {
      const user = await engine.auth.createUser({ primaryKey: null, attributes: {} });
      const code = `twice${Date.now()}`;
      await engine.auth.createKey(user.userId, { type: "single_use", providerId: "otp", providerUserId: code, password: "pin", expiresIn: 600 });
      await engine.warm();
      const js = await Promise.allSettled([engine.auth.useKey("otp", code, "pin"), engine.auth.useKey("otp", code, "pin")]);
      assert.equal(js.filter((r) => r.status === "fulfilled").length, 2, `Lucia v1: both uses succeed ${js.map((r) => r.reason).join(" ")}`);
      await engine.call("lucia_create_key", [user.userId, "otp", code, "pin", 600]);
      const sql = await Promise.allSettled([
        engine.call("lucia_validate_key", ["otp", code, "pin"]),
        engine.call("lucia_validate_key", ["otp", code, "pin"]),
      ]);
      assert.equal(sql.filter((r) => r.status === "fulfilled").length, 1, "lucia: exactly one use succeeds");
      assert.match(sql.find((r) => r.status === "rejected").reason.message, /^AUTH_INVALID_KEY_ID/);
    });
  });
}
