// a throwaway postgresql server for the tests: its own data directory under tests/.tmp/, on
// loopback only, trust authentication, a free port. Debian's `postgresql` package provides the
// binaries (.ci/run installs it when missing). as root, the server runs as the `postgres` user
// (postgresql refuses to run as root).
//
//   const pg = await startTestPostgres(dir)   -> { url(database), createDatabase(name), stop() }
//   node scripts/postgres-test-server.mjs      starts one, prints its url, stops on Ctrl-C
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** the directory holding initdb and pg_ctl, or null when postgresql is not installed */
export function postgresBin() {
  const fromEnv = process.env.POSTGRES_BIN;
  if (fromEnv && existsSync(path.join(fromEnv, "pg_ctl"))) return fromEnv;
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(path.join(root, v, "bin", "pg_ctl")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], "bin");
  }
  for (const dir of ["/usr/local/bin", "/usr/bin"]) {
    if (existsSync(path.join(dir, "pg_ctl")) && existsSync(path.join(dir, "initdb"))) return dir;
  }
  return null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** runs a postgresql binary, as the postgres user when this process is root */
function pgRun(bin, tool, args) {
  const command = path.join(bin, tool);
  const [file, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  const r = spawnSync(file, argv, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr || r.stdout || r.error}`);
  return r.stdout;
}

/**
 * starts a fresh server in a new directory under the system's temporary folder, named after
 * `label` (there, not in the checkout: as root the server runs as `postgres`, which may not be
 * allowed into the checkout's folders). throws when postgresql is not installed.
 */
export async function startTestPostgres(label) {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (Debian: apt-get install -y postgresql)");
  const dir = mkdtempSync(path.join(tmpdir(), `${label.replace(/[^a-z0-9-]/gi, "-")}-`));
  const data = path.join(dir, "data");
  const sockets = path.join(dir, "run");
  mkdirSync(data, { recursive: true });
  mkdirSync(sockets, { recursive: true });
  if (isRoot()) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    for (const d of [dir, data, sockets]) chownSync(d, uid, gid);
  }
  chmodSync(data, 0o700);
  pgRun(bin, "initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "-N"]);
  const port = await freePort();
  pgRun(bin, "pg_ctl", [
    "-D",
    data,
    "-l",
    path.join(dir, "server.log"),
    "-w",
    "-o",
    `-p ${port} -c listen_addresses=127.0.0.1 -k ${sockets} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
    "start",
  ]);
  const base = `postgresql://postgres@127.0.0.1:${port}`;
  const url = (database) => `${base}/${database}`;
  return {
    port,
    url,
    async createDatabase(name) {
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: url("postgres") });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop() {
      try {
        pgRun(bin, "pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const server = await startTestPostgres("mentor-postgres-dev");
  console.log(`PostgreSQL running: ${server.url("postgres")} (Ctrl-C stops it and deletes its data)`);
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  setInterval(() => {}, 1 << 30);
}
