// Runs the MariaDB examples against the server examples/run.sh started (tests/mariadb/server.sh),
// with lucia installed and an application account that has only the lucia_app role.
// Usage: node dist/run-mysql.js
import * as drizzleMysql from "./drizzle-mysql.js";
import * as kyselyMysql from "./kysely-mysql.js";

await drizzleMysql.main();
await kyselyMysql.main();
console.log("mysql examples: 2 passed, 0 failed");
