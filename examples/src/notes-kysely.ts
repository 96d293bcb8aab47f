// docs/authorization.md, Kysely (PostgresDialect): the notes tables of examples/notes-schema.sql,
// each request a transaction that authenticates its session first, so that the row-level security
// policies show the request's user their notes and the notes shared with them, and nothing else.
import pg from "pg";
import { Kysely, PostgresDialect, sql, type ColumnType, type Generated, type Transaction } from "kysely";
import { luciaClient } from "lucia-sql";
import { kyselyPostgresCall } from "lucia-sql/kysely";
import { notesScenario, type NotesApp, type NotesRequest } from "./notes-scenario.js";

// node-pg reads bigint as a string. owner_id's default is the authenticated user.
export interface NotesDatabase {
  notes: { id: ColumnType<string, never, never>; owner_id: Generated<string>; body: string; created_at: Generated<Date> };
  note_shares: { note_id: ColumnType<string, number, never>; owner_id: Generated<string>; user_id: string };
}

// One request: a transaction authenticated by the request's session (COMMIT or ROLLBACK ends it).
export function inRequest<T>(db: Kysely<NotesDatabase>, sessionId: string | null, work: (trx: Transaction<NotesDatabase>) => Promise<T>) {
  return db.transaction().execute(async (trx) => {
    if (sessionId !== null) await sql`SELECT lucia_authenticate(${sessionId})`.execute(trx);
    return work(trx);
  });
}

// The notes requests through Kysely's query builder: no owner_id in any of them.
function notesRequest(trx: Transaction<NotesDatabase>): NotesRequest {
  const note = (row: { id: string; owner_id: string; body: string }) => ({ id: Number(row.id), ownerId: row.owner_id, body: row.body });
  return {
    list: async () => (await trx.selectFrom("notes").select(["id", "owner_id", "body"]).orderBy("id").execute()).map(note),
    create: async (body) =>
      note(await trx.insertInto("notes").values({ body }).returning(["id", "owner_id", "body"]).executeTakeFirstOrThrow()),
    share: async (noteId, userId) => {
      await trx.insertInto("note_shares").values({ note_id: noteId, user_id: userId }).execute();
    },
    update: async (id, body) =>
      Number((await trx.updateTable("notes").set({ body }).where("id", "=", String(id)).executeTakeFirst()).numUpdatedRows),
    remove: async (id) => Number((await trx.deleteFrom("notes").where("id", "=", String(id)).executeTakeFirst()).numDeletedRows),
    raw: async (text) => (await sql.raw<Record<string, unknown>>(text).execute(trx)).rows,
  };
}

// loginPool connects as notes_login, appPool as notes_app (examples/run.sh sets both).
export async function main(loginPool: pg.Pool, appPool: pg.Pool): Promise<void> {
  const login = luciaClient<Record<string, never>>(kyselyPostgresCall(new Kysely({ dialect: new PostgresDialect({ pool: loginPool }) })));
  const db = new Kysely<NotesDatabase>({ dialect: new PostgresDialect({ pool: appPool }) });
  const app: NotesApp = {
    request: (sessionId, work) => inRequest(db, sessionId, (trx) => work(notesRequest(trx))),
    rawOutsideTransaction: async (text) => (await sql.raw<Record<string, unknown>>(text).execute(db)).rows,
  };
  await notesScenario(login, app, "kysely");
}
