// The walk every replica example runs through its own library, against a real primary and a real
// streaming standby (tests/pg/replica_pair.sh): it throws when the routing is wrong.
import assert from "node:assert/strict";
import pg from "pg";
import { luciaClient, type Call } from "lucia-sql";
import { replicaFirst, type Answers } from "./replica-routing.js";

type NoAttributes = Record<string, never>;

// Test-only access to both servers: to wait for replay, pause it, and age a session.
export class Pair {
  readonly primary: pg.Pool;
  readonly standby: pg.Pool;

  constructor(primaryUrl: string, standbyUrl: string) {
    this.primary = new pg.Pool({ connectionString: primaryUrl, max: 1 });
    this.standby = new pg.Pool({ connectionString: standbyUrl, max: 1 });
  }

  // Waits until the standby has replayed everything the primary committed so far.
  async caughtUp(): Promise<void> {
    const { rows } = await this.primary.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
    for (let tries = 0; tries < 1000; tries++) {
      const replayed = await this.standby.query<{ done: boolean }>(
        "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done", [rows[0]?.lsn]);
      if (replayed.rows[0]?.done) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error("the standby did not replay the primary's WAL within 10 s");
  }

  // Stops or restarts replay on the standby: the lag of a slow replica, made deterministic.
  async replay(on: boolean): Promise<void> {
    await this.standby.query(on ? "SELECT pg_wal_replay_resume()" : "SELECT pg_wal_replay_pause()");
  }

  // Moves a session past its active period on the primary, so that validating it must renew it.
  async makeIdle(sessionId: string): Promise<void> {
    await this.primary.query("UPDATE auth_session SET active_expires = $2 WHERE id = $1", [sessionId, Date.now() - 1000]);
  }

  async end(): Promise<void> {
    await this.primary.end();
    await this.standby.end();
  }
}

// replica: the library's way to run a call on the standby; primary: on the primary.
export async function replicaScenario(label: string, replica: Call, primary: Call, pair: Pair): Promise<Answers> {
  // The wrong server behind either Call is the first way routing goes wrong.
  assert.equal(await replica("pg_is_in_recovery", [], "value"), true, `${label}: the read side is not a standby`);
  assert.equal(await primary("pg_is_in_recovery", [], "value"), false, `${label}: the write side is not the primary`);

  const answers: Answers = { replica: 0, primary: 0 };
  const reads = luciaClient<NoAttributes>(replicaFirst(replica, primary, answers));
  const writes = luciaClient<NoAttributes>(primary);

  const user = await writes.createUser(null);
  // Fresh sessions validate at once: by the standby once replayed, by the primary before.
  const fresh = [];
  for (let i = 0; i < 20; i++) {
    const session = await writes.createSession(user.user_id);
    const validated = await reads.validateSession(session.session_id);
    assert.equal(validated.session_id, session.session_id);
    assert.equal(validated.fresh, false);
    fresh.push(session.session_id);
  }
  const freshOnReplica = answers.replica;
  await pair.caughtUp();
  for (const sessionId of fresh) {
    const before = answers.replica;
    assert.equal((await reads.validateSessionUser(sessionId)).session_id, sessionId);
    assert.equal(answers.replica, before + 1, `${label}: a replayed active session was not answered by the standby`);
  }

  // An idle session must be renewed, which only the primary can do: the retry does it.
  const idle = await writes.createSession(user.user_id);
  await pair.makeIdle(idle.session_id);
  await pair.caughtUp();
  const retriedBefore = answers.primary;
  const renewed = await reads.validateSession(idle.session_id);
  assert.equal(renewed.fresh, true);
  assert.equal(renewed.state, "active");
  assert.equal(answers.primary, retriedBefore + 1, `${label}: the idle session was not renewed by the primary`);
  assert.equal((await reads.validateSession(renewed.session_id)).fresh, false);

  // While the standby lags (replay paused), a new session is unknown to it: the primary answers.
  // And a logout reaches a standby by replay: until then the standby still accepts the session.
  const loggedOut = await writes.createSession(user.user_id);
  await pair.caughtUp();
  await pair.replay(false);
  try {
    const unseen = await writes.createSession(user.user_id);
    const sentBefore = answers.primary;
    assert.equal((await reads.validateSession(unseen.session_id)).session_id, unseen.session_id);
    assert.equal(answers.primary, sentBefore + 1, `${label}: a session the standby lacks was not sent to the primary`);
    await writes.invalidateSession(loggedOut.session_id);
    assert.equal((await reads.validateSession(loggedOut.session_id)).session_id, loggedOut.session_id);
  } finally {
    await pair.replay(true);
  }
  await pair.caughtUp();
  await assert.rejects(reads.validateSession(loggedOut.session_id), (error: Error) =>
    error.message.startsWith("AUTH_INVALID_SESSION_ID:"));

  assert.ok(answers.replica > 0, `${label}: the standby answered no validation`);
  console.log(`${label}: ${answers.replica + answers.primary} validations: ${answers.replica} answered by the standby, ` +
    `${answers.primary} sent to the primary; fresh sessions validated by the standby before replay: ${freshOnReplica} of 20`);
  return answers;
}
