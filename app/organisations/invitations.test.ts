import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerUser } from "~/auth/accounts.server";
import { prisma } from "~/db.server";
import { setEmailTransport, type EmailMessage } from "~/email/transport.server";
import { getEnv } from "~/env.server";
import { syncFixtureCourse } from "../../tests/setup/courses";
import {
  addRole,
  createOrganisation,
  createUser,
  TEST_PASSWORD,
  uniqueEmail,
} from "../../tests/setup/factories";
import {
  acceptInvitation,
  findInvitation,
  inviteToOrganisation,
  listPendingInvitations,
  resendInvitation,
  revokeInvitation,
} from "./invitations.server";

afterEach(() => setEmailTransport(undefined));

function latestOutbox(email: string) {
  const dir = path.resolve(getEnv().OUTBOX_DIR);
  const file = readdirSync(dir)
    .filter((f) => f.includes(email.replace(/[^a-z0-9]+/gi, "_")))
    .sort()
    .pop();
  return file ? readFileSync(path.join(dir, file), "utf8") : "";
}

async function setup() {
  const org = await createOrganisation();
  const hr = await createUser({ name: "Helen Reid" });
  await addRole(hr.id, org.id, "hr");
  return { org, hr };
}

describe("invitations", () => {
  it("writes the email to the outbox with a single-use link, and stores only the token's hash", async () => {
    const { org, hr } = await setup();
    const email = uniqueEmail("invitee");
    const { token, invitation } = await inviteToOrganisation({
      organisation: org,
      email,
      role: "trainee",
      invitedBy: hr,
    });
    const dir = path.resolve(getEnv().OUTBOX_DIR);
    const file = readdirSync(dir).find((f) => f.includes(email.replace(/[^a-z0-9]+/gi, "_")));
    expect(file).toBeDefined();
    const message = readFileSync(path.join(dir, file!), "utf8");
    expect(message).toContain(`To: ${email}`);
    expect(message).toContain(`/invitations/accept?token=${token}`);
    expect(message).toContain(org.name);
    const row = await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.tokenHash).not.toBe(token);
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("is accepted once by the invited person, who then holds the role", async () => {
    const { org, hr } = await setup();
    const invitee = await createUser();
    const { token } = await inviteToOrganisation({
      organisation: org,
      email: invitee.email,
      role: "trainee",
      invitedBy: hr,
    });
    expect(await acceptInvitation(token, invitee)).toEqual({
      ok: true,
      organisationId: org.id,
      enrolment: null,
    });
    expect(
      await prisma.membership.count({
        where: { userId: invitee.id, organisationId: org.id, role: "trainee" },
      }),
    ).toBe(1);
    const again = await acceptInvitation(token, invitee);
    expect(again).toEqual({ ok: false, message: expect.stringMatching(/already been used/) });
    expect((await findInvitation(token)).status).toBe("used");
  });

  it("cannot be used by someone signed in with another email", async () => {
    const { org, hr } = await setup();
    const { token } = await inviteToOrganisation({
      organisation: org,
      email: uniqueEmail(),
      role: "hr",
      invitedBy: hr,
    });
    const stranger = await createUser();
    const result = await acceptInvitation(token, stranger);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/This invitation is for/) });
    expect(await prisma.membership.count({ where: { userId: stranger.id } })).toBe(0);
  });

  it("expires", async () => {
    const { org, hr } = await setup();
    const invitee = await createUser();
    const { token, invitation } = await inviteToOrganisation({
      organisation: org,
      email: invitee.email,
      role: "trainee",
      invitedBy: hr,
    });
    await prisma.invitation.update({
      where: { id: invitation.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await findInvitation(token)).status).toBe("expired");
    expect(await acceptInvitation(token, invitee)).toEqual({
      ok: false,
      message: expect.stringMatching(/expired/),
    });
  });

  it("a newer invitation withdraws the older one, and HR can withdraw it", async () => {
    const { org, hr } = await setup();
    const email = uniqueEmail();
    const first = await inviteToOrganisation({ organisation: org, email, role: "trainee", invitedBy: hr });
    const second = await inviteToOrganisation({ organisation: org, email, role: "trainee", invitedBy: hr });
    expect((await findInvitation(first.token)).status).toBe("revoked");
    expect((await findInvitation(second.token)).status).toBe("valid");
    const otherOrg = await createOrganisation();
    expect(await revokeInvitation(otherOrg.id, second.invitation.id, hr.id)).toBe(false);
    expect(await revokeInvitation(org.id, second.invitation.id, hr.id)).toBe(true);
    expect((await findInvitation(second.token)).status).toBe("revoked");
  });

  it("two simultaneous accepts of one link give one membership", async () => {
    const { org, hr } = await setup();
    const invitee = await createUser();
    const { token } = await inviteToOrganisation({
      organisation: org,
      email: invitee.email,
      role: "trainee",
      invitedBy: hr,
    });
    const results = await Promise.all([acceptInvitation(token, invitee), acceptInvitation(token, invitee)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await prisma.membership.count({ where: { userId: invitee.id, organisationId: org.id } })).toBe(1);
  });

  it("registration through an invitation creates the account and the membership together", async () => {
    const { org, hr } = await setup();
    const email = uniqueEmail("newdoctor");
    const { token } = await inviteToOrganisation({
      organisation: org,
      email,
      role: "trainee",
      invitedBy: hr,
    });
    const wrongEmail = await registerUser({
      name: "Dr New",
      email: uniqueEmail(),
      password: TEST_PASSWORD,
      invitation: token,
    });
    expect(wrongEmail.ok).toBe(false);
    const result = await registerUser({ name: "Dr New", email, password: TEST_PASSWORD, invitation: token });
    expect(result.ok).toBe(true);
    const user = await prisma.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(user.memberships).toMatchObject([{ organisationId: org.id, role: "trainee" }]);
  });

  it("a used invitation does not create an account", async () => {
    const { org, hr } = await setup();
    const email = uniqueEmail();
    const { token, invitation } = await inviteToOrganisation({
      organisation: org,
      email,
      role: "trainee",
      invitedBy: hr,
    });
    await prisma.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
    const result = await registerUser({ name: "Dr Late", email, password: TEST_PASSWORD, invitation: token });
    expect(result).toEqual({ ok: false, errors: { form: expect.stringMatching(/already been used/) } });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("when the email cannot be sent, the invitation is withdrawn and the error reaches the caller", async () => {
    const { org, hr } = await setup();
    const sent: EmailMessage[] = [];
    setEmailTransport({
      async send(m) {
        sent.push(m);
        throw new Error("smtp down");
      },
    });
    const email = uniqueEmail();
    await expect(
      inviteToOrganisation({ organisation: org, email, role: "trainee", invitedBy: hr }),
    ).rejects.toThrow("smtp down");
    const rows = await prisma.invitation.findMany({ where: { email } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.revokedAt).not.toBeNull();
  });

  it("an invitation with a course enrols the person when they accept, even on an invitation-only course", async () => {
    const { courseId } = await syncFixtureCourse({
      "course.yaml": (t) => t.replace("cpdHours: 0.5", "cpdHours: 0.5\nenrolment: invitation"),
    });
    const { org, hr } = await setup();
    const email = uniqueEmail("enrolled");
    const { token } = await inviteToOrganisation({
      organisation: org,
      email,
      role: "trainee",
      invitedBy: hr,
      course: { id: courseId, title: "Demo" },
    });
    expect(latestOutbox(email)).toContain('and to take the course "Demo"');
    const result = await registerUser({
      name: "Dr Invited",
      email,
      password: TEST_PASSWORD,
      invitation: token,
    });
    expect(result.ok).toBe(true);
    const enrolments = await prisma.enrolment.findMany({ where: { user: { email } } });
    expect(enrolments).toMatchObject([{ courseId, organisationId: org.id, source: "invitation" }]);
  });

  it("rejects malformed tokens without a lookup", async () => {
    expect((await findInvitation("../../etc/passwd")).status).toBe("not_found");
    expect((await findInvitation("")).status).toBe("not_found");
  });
});

describe("sending an invitation again", () => {
  it("states the course and its due date, and a resend sends a new link with the same course and date", async () => {
    const { org, hr } = await setup();
    const { courseId } = await syncFixtureCourse();
    const course = { id: courseId, title: "Demo course for tests" };
    const email = uniqueEmail("resent");
    const dueAt = new Date("2027-03-31T22:59:59Z");
    const first = await inviteToOrganisation({
      organisation: org,
      email,
      role: "trainee",
      invitedBy: hr,
      course,
      dueAt,
    });
    expect(latestOutbox(email)).toContain(`asks you to complete the course by 31 March 2027`);
    expect(latestOutbox(email)).toContain(`"Demo course for tests"`);

    // the link has expired: it is still listed, marked, and can be sent again
    await prisma.invitation.update({
      where: { id: first.invitation.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await listPendingInvitations(org.id)).toEqual([
      expect.objectContaining({ id: first.invitation.id, expired: true }),
    ]);
    expect(await resendInvitation(org, first.invitation.id, hr)).toBe(true);
    expect((await findInvitation(first.token)).status).not.toBe("valid");
    const [fresh] = await listPendingInvitations(org.id);
    expect(fresh).toMatchObject({ email, expired: false, dueAt, course: { title: "Demo course for tests" } });
    expect(latestOutbox(email)).toContain("31 March 2027");

    // another organisation's invitation is not theirs to resend
    const other = await createOrganisation();
    expect(await resendInvitation(other, fresh!.id, hr)).toBe(false);
  });

  it("a resend whose email fails leaves the earlier link working", async () => {
    const { org, hr } = await setup();
    const email = uniqueEmail("unlucky");
    const first = await inviteToOrganisation({ organisation: org, email, role: "trainee", invitedBy: hr });
    setEmailTransport({
      send: async () => {
        throw new Error("smtp said no");
      },
    });
    await expect(resendInvitation(org, first.invitation.id, hr)).rejects.toThrow("smtp said no");
    expect((await findInvitation(first.token)).status).toBe("valid");
    expect(await listPendingInvitations(org.id)).toHaveLength(1);
  });
});
