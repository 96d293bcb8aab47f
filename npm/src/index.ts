// lucia-sql: the typed client (client.ts), its calls over pg (pg.ts) and better-sqlite3
// (sqlite.ts), and the SQLite module's load(). Drizzle's and Kysely's calls are in
// "lucia-sql/drizzle" and "lucia-sql/kysely", so that neither ORM is needed to import this one.
export * from "./client.js";
export * from "./pg.js";
export * from "./sqlite.js";
