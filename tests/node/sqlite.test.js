// Interop on SQLite: lucia-auth 1.8.0 with @lucia-auth/adapter-sqlite 1.1.1 and better-sqlite3 8,
// with lucia.so loaded into the same connection (LUCIA_SQLITE_MODULE).
import { interopSuite } from "./interop.js";
import { sqliteEngine } from "./drivers.js";

interopSuite("SQLite", sqliteEngine);
