import { describe, expect, it } from "vitest";
import { invitableRoles } from "~/auth/roles";
import { prisma } from "~/db.server";
import { addRole, createOrganisation, createUser } from "../../tests/setup/factories";
import { enrol } from "~/courses/courses.server";
import { syncFixtureCourse } from "../../tests/setup/courses";
import {
  createOrganisation as create,
  grantRole,
  listMembers,
  removableRole,
  restoreRole,
  revokeRole,
  UNDO_DAYS,
  undoableRemoval,
} from "./organisations.server";

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
    expect(await revokeRole(other.id, member!.roles[0]!.id, admin.id)).toBeNull();
    expect(await revokeRole(org.id, member!.roles[0]!.id, admin.id)).toEqual(expect.any(String));
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
    expect(invitableRoles(["scheme_lead"], false)).toEqual(["trainee", "scheme_lead"]);
    expect(invitableRoles([], true)).toEqual(["trainee", "hr", "college_admin", "scheme_lead"]);
  });
});

describe("removing a role", () => {
  it("refuses one's own role, a role the remover cannot grant, and another organisation's", async () => {
    const org = await createOrganisation();
    const hr = await createUser();
    const college = await createUser();
    await addRole(hr.id, org.id, "hr");
    const collegeRole = await addRole(college.id, org.id, "college_admin");
    const own = await prisma.membership.findFirstOrThrow({
      where: { userId: hr.id, organisationId: org.id },
    });
    expect(await removableRole(org.id, own.id, { id: hr.id, isAdmin: false }, ["hr"])).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await removableRole(org.id, collegeRole.id, { id: hr.id, isAdmin: false }, ["hr"])).toMatchObject({
      ok: false,
      status: 403,
    });
    const elsewhere = await createOrganisation();
    expect(await removableRole(elsewhere.id, collegeRole.id, { id: hr.id, isAdmin: true }, [])).toMatchObject(
      {
        ok: false,
        status: 404,
      },
    );
  });

  it("keeps a trainee's enrolments, and an undo puts back the role and exactly those enrolments, once", async () => {
    const { courseId } = await syncFixtureCourse();
    const org = await createOrganisation();
    const hr = await createUser();
    const doctor = await createUser();
    const membership = await addRole(doctor.id, org.id, "trainee");
    const e = await enrol(doctor.id, courseId);
    expect(e.organisationId).toBe(org.id);
    const eventId = await revokeRole(org.id, membership.id, hr.id);
    expect(eventId).toEqual(expect.any(String));
    expect((await prisma.enrolment.findUniqueOrThrow({ where: { id: e.id } })).organisationId).toBeNull();
    expect(await prisma.enrolment.count({ where: { userId: doctor.id } })).toBe(1);
    // another organisation cannot undo it
    const other = await createOrganisation();
    expect(await restoreRole(other.id, eventId!, hr.id)).toBe(false);
    expect(await restoreRole(org.id, eventId!, hr.id)).toBe(true);
    expect(
      await prisma.membership.count({
        where: { userId: doctor.id, organisationId: org.id, role: "trainee" },
      }),
    ).toBe(1);
    expect((await prisma.enrolment.findUniqueOrThrow({ where: { id: e.id } })).organisationId).toBe(org.id);
    // twice is once
    expect(await restoreRole(org.id, eventId!, hr.id)).toBe(false);
    expect(await undoableRemoval(org.id, eventId!)).toBeNull();
  });

  it("an undo never takes back an enrolment that counts for another organisation by now", async () => {
    const { courseId } = await syncFixtureCourse();
    const first = await createOrganisation();
    const second = await createOrganisation();
    const hr = await createUser();
    const doctor = await createUser();
    const membership = await addRole(doctor.id, first.id, "trainee");
    const e = await enrol(doctor.id, courseId);
    const eventId = await revokeRole(first.id, membership.id, hr.id);
    await prisma.enrolment.update({ where: { id: e.id }, data: { organisationId: second.id } });
    expect(await restoreRole(first.id, eventId!, hr.id)).toBe(true);
    expect((await prisma.enrolment.findUniqueOrThrow({ where: { id: e.id } })).organisationId).toBe(
      second.id,
    );
  });

  it("an undo is refused after the undo period", async () => {
    const org = await createOrganisation();
    const hr = await createUser();
    const doctor = await createUser();
    const membership = await addRole(doctor.id, org.id, "hr");
    const eventId = await revokeRole(org.id, membership.id, hr.id);
    const later = new Date(Date.now() + (UNDO_DAYS + 1) * 86_400_000);
    expect(await undoableRemoval(org.id, eventId!, later)).toBeNull();
  });
});
