// npm's prepare step (npm pack, npm install in npm/, and a project that installs npm/ as a
// file: dependency): copies into the package the sources its install script compiles (core/,
// sqlite_ext/, pg_ext/lucia.control for the version) and the LICENSE, then compiles src/ to dist/
// (ESM .js and .d.ts). postpack runs it with --clean to remove the copies (they are gitignored).
//   node scripts/prepare.js [--clean]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repository = path.dirname(packageDir);
const copies = ["core", "sqlite_ext", "pg_ext/lucia.control", "LICENSE"];

// Removes the copies (and the pg_ext folder holding only the control file).
function clean() {
  for (const item of [...copies, "pg_ext"]) fs.rmSync(path.join(packageDir, item), { recursive: true, force: true });
}

// Copies each item from the repository, after removing any earlier copy.
function copy() {
  clean();
  for (const item of copies) fs.cpSync(path.join(repository, item), path.join(packageDir, item), { recursive: true });
}

// Compiles the TypeScript with the package's own devDependency.
function compile() {
  const tsc = path.join(packageDir, "node_modules", "typescript", "bin", "tsc");
  if (!fs.existsSync(tsc)) {
    console.error(`lucia-sql: ${tsc} is missing: run \`npm ci --ignore-scripts\` in ${packageDir} first.`);
    process.exit(1);
  }
  const result = spawnSync(process.execPath, [tsc, "-p", packageDir], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.argv[2] === "--clean") {
  clean();
} else {
  copy();
  compile();
}
