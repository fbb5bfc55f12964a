import { expect, it } from "vitest";
import { databaseKind, prepareDatabase, prisma } from "./db.server";

it("runs sqlite in wal mode; either database enforces foreign keys", async () => {
  await prepareDatabase();
  if (databaseKind() === "sqlite") {
    const [mode] = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    const [fk] = await prisma.$queryRawUnsafe<{ foreign_keys: bigint | number }[]>("PRAGMA foreign_keys");
    expect(mode?.journal_mode).toBe("wal");
    expect(Number(fk?.foreign_keys)).toBe(1);
  }
  await expect(
    prisma.membership.create({ data: { userId: "missing", organisationId: "missing", role: "trainee" } }),
  ).rejects.toThrow();
});

it("is on the database the test run asked for", () => {
  expect(databaseKind()).toBe(process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite");
});
