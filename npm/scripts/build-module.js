// The package's install script: compiles lucia's SQLite module (build/lucia.so) from the C++
// sources with the machine's compiler, OpenSSL and utf8proc, the way CMake's lucia_sqlite target
// does (same sources, defines and language flags; -O2 without debug info), at most 2 jobs at once.
//   node scripts/build-module.js                 build
//   node scripts/build-module.js --list-sources  print the .cpp files it compiles (tests/npm/run.sh
//                                                compares them with CMake's lucia_sqlite target)
// CXX names the compiler (default c++); LUCIA_SQL_SKIP_BUILD=1 installs without the module.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const output = path.join(packageDir, "build", "lucia.so");
const started = Date.now();

// What each prerequisite is called by the package managers, for the message when one is missing.
const prerequisites = [
  { what: "a C++17 compiler", header: null, debian: "g++", fedora: "gcc-c++", alpine: "g++", arch: "gcc" },
  { what: "OpenSSL's headers", header: "openssl/evp.h", debian: "libssl-dev", fedora: "openssl-devel", alpine: "openssl-dev", arch: "openssl" },
  { what: "utf8proc's headers", header: "utf8proc.h", debian: "libutf8proc-dev", fedora: "utf8proc-devel", alpine: "utf8proc-dev", arch: "libutf8proc" },
  { what: "SQLite's sqlite3ext.h", header: "sqlite3ext.h", debian: "libsqlite3-dev", fedora: "sqlite-devel", alpine: "sqlite-dev", arch: "sqlite" },
];

// Stops the install with a message that says what went wrong and what to do.
function fail(lines) {
  console.error(["", "lucia-sql: the SQLite module was not built.", ...lines, ""].join("\n"));
  process.exit(1);
}

// The sources: in the repository's checkout (npm/ next to CMakeLists.txt) the repository's own,
// never copies a pack may have left; in an installed package the copies prepare made.
function sourceRoot() {
  const repository = path.dirname(packageDir);
  if (["CMakeLists.txt", "core", "sqlite_ext"].every((item) => fs.existsSync(path.join(repository, item)))) return repository;
  if (fs.existsSync(path.join(packageDir, "core")) && fs.existsSync(path.join(packageDir, "sqlite_ext"))) return packageDir;
  fail([`${packageDir} holds no core/ and sqlite_ext/: the package is incomplete.`]);
}

// Every .cpp of core/ and sqlite_ext/, as CMake's globs for lucia_core and lucia_sqlite find them.
function sources(root) {
  return ["core", "sqlite_ext"].flatMap((dir) =>
    fs.readdirSync(path.join(root, dir)).filter((name) => name.endsWith(".cpp")).sort().map((name) => `${dir}/${name}`));
}

// The one version, read from pg_ext/lucia.control as CMakeLists.txt reads it.
function version(root) {
  const control = fs.readFileSync(path.join(root, "pg_ext", "lucia.control"), "utf8");
  const found = /^default_version = '([0-9]+\.[0-9]+)'$/m.exec(control);
  if (!found) fail(["pg_ext/lucia.control has no default_version = 'X.Y'."]);
  return found[1];
}

// The compiler command: CXX may carry words of its own ("ccache g++").
function compiler() {
  const words = (process.env.CXX || "c++").trim().split(/\s+/);
  return { program: words[0], args: words.slice(1) };
}

// True when the compiler runs at all (without one, no header can be looked for).
function compilerRuns(cxx) {
  const probe = spawnSync(cxx.program, [...cxx.args, "--version"], { stdio: "ignore" });
  return !probe.error && probe.status === 0;
}

// The prerequisites the machine lacks: the compiler, or a header the compiler cannot find.
function missingPrerequisites(cxx) {
  if (!compilerRuns(cxx)) return prerequisites;
  return prerequisites.filter(({ header }) => header !== null && spawnSync(cxx.program,
    [...cxx.args, "-E", "-x", "c++", "-o", os.devNull, "-"], { input: `#include <${header}>\n`, stdio: ["pipe", "ignore", "ignore"] }).status !== 0);
}

// The message for missing prerequisites: what each system calls them.
function explainMissing(missing, cxx) {
  const names = (system) => missing.map((item) => item[system]).join(" ");
  const lines = missing.map(({ what, header }) => header === null
    ? `  missing: ${what} (${cxx.program} does not run; set CXX to use another)`
    : missing[0].header === null ? `  not checked without a compiler: ${what} (<${header}>)` : `  missing: ${what} (<${header}>)`);
  fail([...lines, "Install them, then run `npm rebuild lucia-sql`:",
    `  Debian, Ubuntu:  apt-get install ${names("debian")}`,
    `  Fedora, RHEL:    dnf install ${names("fedora")}`,
    `  Alpine:          apk add ${names("alpine")}`,
    `  Arch:            pacman -S ${names("arch")}`,
    "Only PostgreSQL? Install with LUCIA_SQL_SKIP_BUILD=1: the client works without the SQLite module."]);
}

// Runs one command; resolves with its exit status and what it printed to stderr.
function run(program, args) {
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: ["ignore", "inherit", "pipe"] });
    let errors = "";
    child.stderr.on("data", (chunk) => { errors += chunk; });
    child.on("error", (error) => resolve({ status: 1, errors: String(error) }));
    child.on("close", (status) => resolve({ status, errors }));
  });
}

// Compiles every source into objectDir with at most `jobs` compilers running; returns the objects.
async function compileAll(cxx, flags, root, files, objectDir, jobs) {
  const pending = [...files];
  const objects = [];
  const worker = async () => {
    for (let file = pending.shift(); file !== undefined; file = pending.shift()) {
      const object = path.join(objectDir, file.replace(/[/.]/g, "_") + ".o");
      const { status, errors } = await run(cxx.program, [...cxx.args, ...flags, "-c", path.join(root, file), "-o", object]);
      if (errors) process.stderr.write(errors);
      if (status !== 0) fail([`${cxx.program} failed on ${file} (its errors are above).`]);
      objects.push(object);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return objects.sort();
}

// Builds build/lucia.so: checks, compiles, links into a temporary name, then renames into place.
async function main() {
  const root = sourceRoot();
  if (process.argv.includes("--list-sources")) {
    console.log(sources(root).join("\n"));
    return;
  }
  if (process.env.LUCIA_SQL_SKIP_BUILD === "1") {
    console.log("lucia-sql: LUCIA_SQL_SKIP_BUILD=1: the SQLite module is not built (load() will say so).");
    return;
  }
  if (process.platform !== "linux") fail([`Building on ${process.platform} is not supported yet (Linux only).`,
    "Only PostgreSQL? Install with LUCIA_SQL_SKIP_BUILD=1: the client works without the SQLite module."]);
  const cxx = compiler();
  const missing = missingPrerequisites(cxx);
  if (missing.length > 0) explainMissing(missing, cxx);

  const flags = ["-std=c++17", "-O2", "-DNDEBUG", "-fPIC", "-Wall", "-Wextra", `-DLUCIA_VERSION="${version(root)}"`, `-I${root}`];
  const objectDir = path.join(packageDir, "build", "objects");
  fs.rmSync(objectDir, { recursive: true, force: true });
  fs.mkdirSync(objectDir, { recursive: true });
  try {
    const files = sources(root);
    const jobs = Math.min(2, os.availableParallelism());
    console.log(`lucia-sql: compiling ${files.length} C++ files with ${cxx.program} (${jobs} at a time)...`);
    const objects = await compileAll(cxx, flags, root, files, objectDir, jobs);
    const linking = `${output}.${process.pid}`;
    const { status, errors } = await run(cxx.program, [...cxx.args, "-shared", "-o", linking, ...objects, "-lcrypto", "-lutf8proc"]);
    if (errors) process.stderr.write(errors);
    if (status !== 0) fail([`linking ${output} failed (the linker's errors are above).`]);
    fs.renameSync(linking, output);
  } finally {
    fs.rmSync(objectDir, { recursive: true, force: true });
  }
  console.log(`lucia-sql: built ${output} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

await main();
