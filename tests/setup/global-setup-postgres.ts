import type { TestProject } from "vitest/node";
import { migratePostgres } from "../../scripts/migrate-postgres.mjs";
import { startTestPostgres } from "../../scripts/postgres-test-server.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** the throwaway server's address without a database name, and the migrated template */
    postgres: { server: string; template: string };
  }
}

// the postgresql pass of the suite (decision 026): a throwaway server for the run, one database
// migrated by the real runner, and each worker's own database copied from it
// (tests/setup/worker-database.ts)
export default async function setup(project: TestProject) {
  const server = await startTestPostgres("mentor-vitest-postgres");
  try {
    const url = await server.createDatabase("migrated");
    await migratePostgres(url);
    project.provide("postgres", { server: url.replace(/\/migrated$/, ""), template: "migrated" });
  } catch (error) {
    server.stop();
    throw error;
  }
  return () => server.stop();
}
