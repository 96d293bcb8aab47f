// The walk every example runs through its own ORM: sign up, log in, session, validation,
// renewal, logout; it throws on the first step that does not do what it should.
import assert from "node:assert/strict";
import type { LuciaClient } from "lucia-sql";

export type Attributes = { username: string | null };

export async function authScenario(lucia: LuciaClient<Attributes>, label: string): Promise<string> {
  const email = `ada.${label}.${Date.now()}@example.com`;
  const user = await lucia.createUser({ providerId: "email", providerUserId: email, password: "correct horse" },
    { username: `ada-${label}` });
  assert.match(user.user_id, /^[a-zA-Z0-9]{15}$/);
  assert.equal(user.attributes.username, `ada-${label}`);

  // The error says what happened, and never carries the password (see luciaError).
  await assert.rejects(lucia.validateKey("email", email, "Tr0ub4dor&3"), (error: Error) =>
    error.message.startsWith("AUTH_INVALID_PASSWORD") && !error.message.includes("Tr0ub4dor"));
  const key = await lucia.validateKey("email", email, "correct horse");
  assert.equal(key.user_id, user.user_id);
  assert.equal(key.primary_key, true);

  const session = await lucia.createSession(user.user_id);
  assert.equal(session.state, "active");
  assert.equal(session.fresh, true);
  const cookie = await lucia.createSessionCookie(session);
  assert.match(cookie, /^auth_session=[a-zA-Z0-9]{40}; Path=\/; Expires=.* GMT; HttpOnly; Secure; SameSite=Lax$/);
  const parsed = await lucia.parseRequestHeaders("GET", "https://example.com/", null, cookie.split(";")[0] ?? "");
  assert.equal(parsed, session.session_id);

  const validated = await lucia.validateSessionUser(session.session_id);
  assert.equal(validated.fresh, false);
  assert.equal(validated.user_attributes.username, `ada-${label}`);
  assert.equal(Date.parse(validated.idle_period_expires_at), validated.idle_expires);

  const otp = await lucia.createKey(user.user_id, "otp", email, null, 600);
  assert.equal(otp.type, "single_use");
  assert.equal(otp.expired, false);
  assert.equal((await lucia.getAllUserKeys(user.user_id)).length, 2);
  await lucia.validateKey("otp", email, null);
  await assert.rejects(lucia.validateKey("otp", email, null), /AUTH_INVALID_KEY_ID/);

  await lucia.invalidateSession(session.session_id);
  await assert.rejects(lucia.validateSession(session.session_id), /AUTH_INVALID_SESSION_ID/);
  assert.deepEqual(await lucia.getAllUserSessions(user.user_id), []);
  return user.user_id;
}
