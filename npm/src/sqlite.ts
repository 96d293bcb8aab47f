// The SQLite module this package built at install (scripts/build-module.js), and the typed client
// over better-sqlite3 alone.
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { jsonResult, type Call } from "./client.js";

// Where the install script put the module, for loaders other than load(): <package>/build/lucia.so.
export const modulePath: string = fileURLToPath(new URL("../build/lucia.so", import.meta.url));

// What load needs: better-sqlite3's Database has it.
export interface ExtensionLoader {
  loadExtension(path: string): unknown;
}

// Loads the lucia functions into one connection, or says how to get the module that is missing.
export function load(db: ExtensionLoader): void {
  if (!fs.existsSync(modulePath)) {
    throw new Error(
      `lucia-sql: the SQLite module ${modulePath} was not built: the package's install script did not run ` +
        "(--ignore-scripts, LUCIA_SQL_SKIP_BUILD, or an npm that blocks install scripts). " +
        "Run `npm rebuild lucia-sql` (npm 11: `npm install-scripts approve lucia-sql` first).",
    );
  }
  db.loadExtension(modulePath);
}

// What betterSqlite3Call needs of better-sqlite3's Database; declared here, so no better-sqlite3 types.
export interface SqlitePreparer {
  prepare(source: string): { get(...params: unknown[]): unknown };
}

// One lucia function through better-sqlite3; SQLite returns JSON text for rows and sets.
export function betterSqlite3Call(db: SqlitePreparer): Call {
  return async (name, args, shape) => {
    const row = db.prepare(`SELECT ${name}(${args.map(() => "?").join(", ")}) AS v`).get(...args);
    return jsonResult((row as { v?: unknown } | undefined)?.v, shape);
  };
}
