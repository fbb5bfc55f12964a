import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";
import { prisma } from "~/db.server";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

function seed(env: Record<string, string>) {
  return spawnSync(tsx, ["prisma/seed.ts"], { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
}

it("refuses to create demo accounts in production", async () => {
  const r = seed({ NODE_ENV: "production" });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/refusing to create demo accounts/);
  expect(await prisma.user.count({ where: { email: { endsWith: "@demo.test" } } })).toBe(0);
});

it("creates every demo role once, and is safe to run again", async () => {
  expect(seed({ NODE_ENV: "development" }).status).toBe(0);
  expect(seed({ NODE_ENV: "development" }).status).toBe(0);
  const users = await prisma.user.findMany({
    where: { email: { endsWith: "@demo.test" } },
    include: { memberships: true },
  });
  expect(users).toHaveLength(7);
  const roles = new Set(users.flatMap((u) => u.memberships.map((m) => m.role)));
  expect([...roles].sort()).toEqual(["college_admin", "hr", "trainee"]);
  expect(users.some((u) => u.isAdmin)).toBe(true);
  expect(await prisma.organisation.count({ where: { name: { contains: "Northfield" } } })).toBe(1);
});
