// node-postgres through pgbouncer in transaction mode (run by tests/pg/pgbouncer_test.sh with
// PGBOUNCER_URL pointing at a pool of two server connections):
//  - a pg.Pool of 8 clients with plain parameterised queries (node-postgres sends them as unnamed
//    statements, parsed and run within one transaction) creates and validates sessions: all work;
//  - a named query ({ name, text, values }) is prepared on one server connection only, so once the
//    client's next transaction runs on the other one it fails with 26000: the documented limit.
'use strict';
const path = require('node:path');
const assert = require('node:assert/strict');
const pg = require(path.join(__dirname, '..', 'node', 'node_modules', 'pg'));

const url = process.env.PGBOUNCER_URL;
if (!url) throw new Error('PGBOUNCER_URL is not set');

// Many concurrent callers, unnamed statements: every call succeeds.
async function unnamedQueriesWork() {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const calls = 200;
  const work = Array.from({ length: calls }, async () => {
    const created = await pool.query('SELECT session_id FROM lucia_create_session($1)', ['pooled']);
    const id = created.rows[0].session_id;
    const valid = await pool.query('SELECT state FROM lucia_validate_session($1)', [id]);
    assert.equal(valid.rows[0].state, 'active');
  });
  const results = await Promise.allSettled(work);
  await pool.end();
  const failed = results.filter((r) => r.status === 'rejected');
  assert.equal(failed.length, 0, `unnamed queries failed: ${failed.map((r) => r.reason.message).join('; ')}`);
  console.log(`ok node-postgres Pool(max 8), unnamed parameterised queries: ${calls} of ${calls} create+validate pairs through pgbouncer`);
}

// A named statement prepared on one server connection, then used while another client holds that
// connection: pgbouncer hands the second server connection, which never saw the Parse.
async function namedQueriesFail() {
  const a = new pg.Client({ connectionString: url });
  const b = new pg.Client({ connectionString: url });
  await a.connect();
  await b.connect();
  const named = { name: 'lucia_create', text: 'SELECT session_id FROM lucia_create_session($1)', values: ['pooled'] };
  await a.query(named);
  // pgbouncer reuses the server connection released last (a's), so b's transaction holds it.
  await b.query('BEGIN');
  await b.query('SELECT 1');
  let error = null;
  try {
    await a.query(named);
  } catch (e) {
    error = e;
  }
  await b.query('COMMIT');
  await a.end();
  await b.end();
  assert.ok(error, 'a named statement worked on another server connection: update docs/operations.md');
  assert.equal(error.code, '26000', `unexpected error for a named statement: ${error.message}`);
  console.log(`ok node-postgres named queries do not survive transaction pooling (${error.code}: ${error.message}); use unnamed queries`);
}

(async () => {
  await unnamedQueriesWork();
  await namedQueriesFail();
})().catch((e) => {
  console.error(`FAIL ${e.message}`);
  process.exit(1);
});
