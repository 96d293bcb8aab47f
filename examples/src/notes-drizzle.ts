// docs/authorization.md, Drizzle ORM (node-postgres): the notes tables of examples/notes-schema.sql,
// each request a transaction that authenticates its session first, so that the row-level security
// policies show the request's user their notes and the notes shared with them, and nothing else.
import pg from "pg";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { bigint, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { eq, sql } from "drizzle-orm";
import { luciaClient } from "lucia-sql";
import { drizzlePostgresCall } from "lucia-sql/drizzle";
import { notesScenario, type NotesApp, type NotesRequest } from "./notes-scenario.js";

// owner_id's default is the authenticated user: an insert leaves it out.
export const notes = pgTable("notes", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  ownerId: text("owner_id").notNull().default(sql`lucia.lucia_authenticated_user_id()`),
  body: text("body").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const noteShares = pgTable("note_shares", {
  noteId: bigint("note_id", { mode: "number" }).notNull(),
  ownerId: text("owner_id").notNull().default(sql`lucia.lucia_authenticated_user_id()`),
  userId: text("user_id").notNull(),
});

type Transaction = Parameters<Parameters<NodePgDatabase["transaction"]>[0]>[0];

// One request: a transaction authenticated by the request's session (COMMIT or ROLLBACK ends it).
export function inRequest<T>(db: NodePgDatabase, sessionId: string | null, work: (tx: Transaction) => Promise<T>) {
  return db.transaction(async (tx) => {
    if (sessionId !== null) await tx.execute(sql`SELECT lucia_authenticate(${sessionId})`);
    return work(tx);
  });
}

// The notes requests through Drizzle's query builder: no owner_id in any of them.
function notesRequest(tx: Transaction): NotesRequest {
  const columns = { id: notes.id, ownerId: notes.ownerId, body: notes.body };
  return {
    list: () => tx.select(columns).from(notes).orderBy(notes.id),
    create: async (body) => (await tx.insert(notes).values({ body }).returning(columns))[0]!,
    share: async (noteId, userId) => {
      await tx.insert(noteShares).values({ noteId, userId });
    },
    update: async (id, body) => (await tx.update(notes).set({ body }).where(eq(notes.id, id))).rowCount ?? 0,
    remove: async (id) => (await tx.delete(notes).where(eq(notes.id, id))).rowCount ?? 0,
    raw: async (text) => (await tx.execute<Record<string, unknown>>(sql.raw(text))).rows,
  };
}

// loginPool connects as notes_login, appPool as notes_app (examples/run.sh sets both).
export async function main(loginPool: pg.Pool, appPool: pg.Pool): Promise<void> {
  const login = luciaClient<Record<string, never>>(drizzlePostgresCall(drizzle(loginPool)));
  const db = drizzle(appPool);
  const app: NotesApp = {
    request: (sessionId, work) => inRequest(db, sessionId, (tx) => work(notesRequest(tx))),
    rawOutsideTransaction: async (text) => (await db.execute<Record<string, unknown>>(sql.raw(text))).rows,
  };
  await notesScenario(login, app, "drizzle");
}
