import { describe, expect, it } from "vitest";
import { invitableRoles } from "~/auth/roles";
import { prisma } from "~/db.server";
import { addRole, createOrganisation, createUser } from "../../tests/setup/factories";
import { createOrganisation as create, grantRole, listMembers, revokeRole } from "./organisations.server";

describe("organisations", () => {
  it("creates an organisation once per name and audits it", async () => {
    const admin = await createUser({ isAdmin: true });
    const name = `Trust ${crypto.randomUUID()}`;
    const first = await create({ name, kind: "nhs_trust" }, admin.id);
    expect(first.ok).toBe(true);
    expect(await create({ name, kind: "deanery" }, admin.id)).toEqual({
      ok: false,
      errors: { name: "An organisation with this name already exists" },
    });
    const events = await prisma.auditEvent.findMany({ where: { actorId: admin.id } });
    expect(events.map((e) => e.action)).toEqual(["organisation.created"]);
  });

  it("grants a role to an existing account, idempotently, and revokes only within the organisation", async () => {
    const admin = await createUser({ isAdmin: true });
    const org = await createOrganisation();
    const other = await createOrganisation();
    const doctor = await createUser();
    expect(await grantRole(org.id, doctor.email, "hr", admin.id)).toEqual({ ok: true, created: true });
    expect(await grantRole(org.id, doctor.email, "hr", admin.id)).toEqual({ ok: true, created: false });
    expect(await grantRole(org.id, "nobody@example.test", "hr", admin.id)).toMatchObject({ ok: false });
    const [member] = await listMembers(org.id);
    expect(member?.roles.map((r) => r.role)).toEqual(["hr"]);
    expect(await revokeRole(other.id, member!.roles[0]!.id, admin.id)).toBe(false);
    expect(await revokeRole(org.id, member!.roles[0]!.id, admin.id)).toBe(true);
    expect(await listMembers(org.id)).toEqual([]);
  });

  it("deleting a user removes their memberships (foreign keys cascade)", async () => {
    const org = await createOrganisation();
    const doctor = await createUser();
    await addRole(doctor.id, org.id, "trainee");
    await prisma.user.delete({ where: { id: doctor.id } });
    expect(await prisma.membership.count({ where: { organisationId: org.id } })).toBe(0);
  });
});

describe("invitableRoles", () => {
  it("lets HR invite trainees and HR, college admins trainees and college admins, admins anything", () => {
    expect(invitableRoles(["hr"], false)).toEqual(["trainee", "hr"]);
    expect(invitableRoles(["college_admin"], false)).toEqual(["trainee", "college_admin"]);
    expect(invitableRoles(["trainee"], false)).toEqual([]);
    expect(invitableRoles([], true)).toEqual(["trainee", "hr", "college_admin"]);
  });
});
