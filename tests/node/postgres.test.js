// Interop on PostgreSQL: lucia-auth 1.8.0 with @lucia-auth/adapter-postgresql 1.0.1 and pg 8,
// against the lucia extension in the same database. Needs a server (PGHOST etc., pg_virtualenv).
import { interopSuite } from "./interop.js";
import { postgresEngine } from "./drivers.js";

interopSuite("PostgreSQL", postgresEngine);
