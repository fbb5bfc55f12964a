import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { inviteToOrganisation } from "~/organisations/invitations.server";
import { createOrganisation, createUser, TEST_PASSWORD, uniqueEmail } from "../../tests/setup/factories";
import { action } from "./register";
import { captureEmails } from "../../tests/setup/email";

// the register route's action, called as remix calls it (the browser flow is in tests/e2e/auth.spec.ts)

const uniqueIp = () => `192.0.2.${Math.floor(Math.random() * 250)}:${crypto.randomUUID().slice(0, 6)}`;
const uniqueGmc = () => String(1_000_000 + Math.floor(Math.random() * 8_999_999));

const sent = captureEmails();

function context(ip: string): AppLoadContext {
  return { requestId: "test", ip, userAgent: "vitest", cspNonce: "n", user: null, session: null };
}

type Answer = { status: number; headers: Headers; data: unknown };

async function post(form: Record<string, string>, ip = uniqueIp()): Promise<Answer> {
  const request = new Request("http://localhost/register", {
    method: "POST",
    body: new URLSearchParams(form),
  });
  try {
    const result = await action({ request, context: context(ip), params: {} });
    return {
      status: result.init?.status ?? 200,
      headers: new Headers(result.init?.headers),
      data: result.data,
    };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, headers: thrown.headers, data: null };
    throw thrown;
  }
}

const form = (email: string, extra: Record<string, string> = {}) => ({
  name: "Dr Priya Shah",
  email,
  password: TEST_PASSWORD,
  confirmPassword: TEST_PASSWORD,
  ...extra,
});

describe("POST /register", () => {
  it("answers an address with an account, and a GMC number another account holds, exactly as a new address", async () => {
    const gmcNumber = uniqueGmc();
    const holder = await createUser();
    await prisma.user.update({ where: { id: holder.id }, data: { gmcNumber } });

    const fresh = await post(form(uniqueEmail("fresh")));
    const existingEmail = await post(form(holder.email));
    const existingGmc = await post(form(uniqueEmail("gmc"), { gmcNumber }));
    const seen = (a: Answer) => ({ status: a.status, location: a.headers.get("location"), data: a.data });
    expect(seen(fresh)).toEqual({ status: 302, location: "/register/check-email", data: null });
    expect(seen(existingEmail)).toEqual(seen(fresh));
    expect(seen(existingGmc)).toEqual(seen(fresh));
    expect([...existingEmail.headers.keys()]).toEqual([...fresh.headers.keys()]);
    expect([...existingGmc.headers.keys()]).toEqual([...fresh.headers.keys()]);
    // nobody was signed in
    for (const a of [fresh, existingEmail, existingGmc]) expect(a.headers.get("set-cookie")).toBeNull();

    // the holder got the "someone tried" email; their account is as it was
    const toHolder = sent.filter((m) => m.to === holder.email);
    expect(toHolder.map((m) => m.subject)).toEqual([
      "Someone tried to register on Mentor training for doctors with your email address",
    ]);
    expect(await prisma.user.count({ where: { email: holder.email } })).toBe(1);
  });

  it("the 11th registration in an hour from one address gets 429, Retry-After and a message, keeping what was typed", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < getEnv().REGISTER_MAX_PER_HOUR; i++) {
      expect((await post(form(uniqueEmail("bulk")), ip)).status).toBe(302);
    }
    const email = uniqueEmail("eleventh");
    const refused = await post(form(email, { gmcNumber: "7123456" }), ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3500);
    expect(refused.data).toEqual({
      errors: {
        form: expect.stringMatching(
          /^Too many accounts have been registered from your network\. Try again in \d+ minutes\.$/,
        ),
      },
      values: { name: "Dr Priya Shah", email, gmcNumber: "7123456" },
    });
    expect(JSON.stringify(refused.data)).not.toContain(TEST_PASSWORD);
    expect(await prisma.pendingRegistration.count({ where: { email } })).toBe(0);
  });

  it("refuses a name with a line break on the name field, keeps what was typed, and writes and sends nothing", async () => {
    const email = uniqueEmail("newline");
    const name = "Dr A\nYour account is locked. Unlock it at https://evil.example/unlock";
    const answer = await post(form(email, { name }));
    expect(answer.status).toBe(400);
    expect(answer.data).toEqual({
      errors: { name: "Full name must be on one line, without tabs or other control characters" },
      values: { name, email },
    });
    expect(JSON.stringify(answer.data)).not.toContain(TEST_PASSWORD);
    expect(await prisma.pendingRegistration.count({ where: { email } })).toBe(0);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    expect(sent).toEqual([]);
  });

  it("with a valid invitation signs in at once, and is not held to the per-address limit", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < getEnv().REGISTER_MAX_PER_HOUR; i++) await post(form(uniqueEmail("bulk")), ip);
    const org = await createOrganisation();
    const hr = await createUser();
    const email = uniqueEmail("invited");
    const { token } = await inviteToOrganisation({
      organisation: org,
      email,
      role: "trainee",
      invitedBy: hr,
    });
    const answer = await post(form(email, { invitation: token }), ip);
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe("/account?done=invitation");
    expect(answer.headers.get("set-cookie")).toMatch(/^mt_session=\w+/);
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });
});
