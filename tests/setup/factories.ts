import { randomUUID } from "node:crypto";
import { hashPassword } from "~/auth/password.server";
import { prisma } from "~/db.server";
import type { OrgKind, OrgRole } from "~/auth/roles";

export const TEST_PASSWORD = "correct horse battery staple";

export function uniqueEmail(prefix = "doctor") {
  return `${prefix}.${randomUUID().slice(0, 8)}@example.test`;
}

let cachedHash: Promise<string> | undefined;

export async function createUser(overrides: { email?: string; name?: string; isAdmin?: boolean } = {}) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return prisma.user.create({
    data: {
      email: overrides.email ?? uniqueEmail(),
      name: overrides.name ?? "Dr Test Doctor",
      isAdmin: overrides.isAdmin ?? false,
      passwordHash: await cachedHash,
    },
  });
}

export async function createOrganisation(kind: OrgKind = "nhs_trust", name?: string) {
  return prisma.organisation.create({ data: { name: name ?? `Test organisation ${randomUUID()}`, kind } });
}

export async function addRole(userId: string, organisationId: string, role: OrgRole) {
  return prisma.membership.create({ data: { userId, organisationId, role } });
}
