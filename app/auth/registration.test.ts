import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { setEmailTransport } from "~/email/transport.server";
import { getEnv } from "~/env.server";
import { sha256 } from "~/utils/tokens.server";
import { createUser, TEST_PASSWORD, uniqueEmail } from "../../tests/setup/factories";
import { authenticate } from "./accounts.server";
import { lucia } from "./lucia.server";
import {
  confirmRegistration,
  findPendingRegistration,
  MAX_CONFIRM_ATTEMPTS,
  requestRegistration,
} from "./registration.server";
import { captureEmails } from "../../tests/setup/email";

const device = { ip: "203.0.113.9", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0" };
const uniqueIp = () => `192.0.2.${Math.floor(Math.random() * 250)}:${crypto.randomUUID().slice(0, 6)}`;
const uniqueGmc = () => String(1_000_000 + Math.floor(Math.random() * 8_999_999));
const sessionIdFromCookie = (cookie: string) => cookie.split(";")[0]!.split("=")[1]!;

const sent = captureEmails();

const mailTo = (email: string) => sent.filter((m) => m.to === email);
function linkTokenFor(email: string) {
  const text = mailTo(email).at(-1)?.text ?? "";
  return text.match(/\/register\/confirm\?token=([\w-]+)/)?.[1];
}

describe("asking to register", () => {
  it("a new address gets a single-use link; nothing is created until it is followed with the password", async () => {
    const email = uniqueEmail("new");
    const gmcNumber = uniqueGmc();
    const input = { name: "Dr Amara Okafor", email, gmcNumber, password: TEST_PASSWORD };
    expect(await requestRegistration(input, uniqueIp())).toEqual({ ok: true });
    expect(await prisma.user.count({ where: { email } })).toBe(0);

    expect(mailTo(email)).toHaveLength(1);
    const mail = mailTo(email)[0]!;
    expect(mail.subject).toMatch(/^Confirm your email address/);
    // nothing typed on the form goes into the email but the address
    expect(mail.text).not.toContain("Amara");
    const token = linkTokenFor(email)!;
    expect(token).toMatch(/^[\w-]{43}$/);
    // only the token's hash is stored, and only a hash of the password
    const row = await prisma.pendingRegistration.findFirstOrThrow({ where: { email } });
    expect(row.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(
      (getEnv().REGISTRATION_TTL_HOURS - 1) * 3_600_000,
    );

    // the link alone is not enough: the password chosen on the form is asked for
    const wrong = await confirmRegistration(token, "somebody else's guess", device);
    expect(wrong).toEqual({ ok: false, errors: { password: expect.stringMatching(/password you chose/) } });
    expect(await prisma.user.count({ where: { email } })).toBe(0);

    const confirmed = await confirmRegistration(token, TEST_PASSWORD, device);
    expect(confirmed).toMatchObject({ ok: true, gmcNumberDropped: false });
    if (!confirmed.ok) return;
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ id: confirmed.userId, name: "Dr Amara Okafor", gmcNumber });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(TEST_PASSWORD);
    // signed in on this device
    const { session } = await lucia.validateSession(sessionIdFromCookie(confirmed.cookie));
    expect(session).toMatchObject({ userId: user.id, userAgent: device.userAgent });
    expect((await authenticate(email, TEST_PASSWORD, uniqueIp())).ok).toBe(true);

    // the link works once
    expect((await findPendingRegistration(token)).status).toBe("used");
    expect(await confirmRegistration(token, TEST_PASSWORD, device)).toEqual({
      ok: false,
      errors: { form: expect.stringMatching(/already been used/) },
    });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });

  it("answers the same for an address with an account and a GMC number held by another; the holder is told", async () => {
    const gmcNumber = uniqueGmc();
    const holder = await prisma.user.update({
      where: { id: (await createUser({ name: "Dr Holder" })).id },
      data: { gmcNumber },
    });

    const fresh = uniqueEmail("fresh");
    const forGmc = uniqueEmail("gmc");
    const results = [
      await requestRegistration({ name: "Dr New", email: fresh, password: TEST_PASSWORD }, uniqueIp()),
      await requestRegistration(
        { name: "Dr Taken", email: holder.email, password: TEST_PASSWORD },
        uniqueIp(),
      ),
      await requestRegistration(
        { name: "Dr Gmc", email: forGmc, gmcNumber, password: TEST_PASSWORD },
        uniqueIp(),
      ),
    ];
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);

    // the holder hears that someone tried, gets no link, and nothing about their account changes
    const notice = mailTo(holder.email);
    expect(notice).toHaveLength(1);
    expect(notice[0]!.subject).toBe(
      "Someone tried to register on Mentor training for doctors with your email address",
    );
    expect(notice[0]!.text).toContain("/sign-in");
    expect(notice[0]!.text).toContain("/account/password");
    expect(notice[0]!.text).not.toContain("/register/confirm");
    expect(await prisma.pendingRegistration.count({ where: { email: holder.email } })).toBe(0);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: holder.id } })).toEqual(holder);

    // a GMC number held by someone else makes no difference at this step
    expect(mailTo(fresh)[0]!.subject).toBe(mailTo(forGmc)[0]!.subject);
    expect(linkTokenFor(forGmc)).toBeDefined();
  });

  it("a GMC number another account holds is left off at confirmation, and the person is told", async () => {
    const holder = await createUser();
    const gmcNumber = uniqueGmc();
    await prisma.user.update({ where: { id: holder.id }, data: { gmcNumber } });
    const email = uniqueEmail("samegmc");
    await requestRegistration({ name: "Dr Same", email, gmcNumber, password: TEST_PASSWORD }, uniqueIp());
    const confirmed = await confirmRegistration(linkTokenFor(email)!, TEST_PASSWORD, device);
    expect(confirmed).toMatchObject({ ok: true, gmcNumberDropped: true });
    expect(await prisma.user.findUniqueOrThrow({ where: { email } })).toMatchObject({ gmcNumber: null });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: holder.id } })).toMatchObject({ gmcNumber });
  });

  it("of two links for one address, the first used creates the account; the other then says so", async () => {
    const email = uniqueEmail("twice");
    await requestRegistration({ name: "Dr One", email, password: TEST_PASSWORD }, uniqueIp());
    const first = linkTokenFor(email)!;
    await requestRegistration({ name: "Dr Two", email, password: "another long password" }, uniqueIp());
    const second = linkTokenFor(email)!;
    expect(second).not.toBe(first);
    expect((await confirmRegistration(second, "another long password", device)).ok).toBe(true);
    expect(await confirmRegistration(first, TEST_PASSWORD, device)).toEqual({
      ok: false,
      errors: { form: expect.stringMatching(/not valid|already exists/) },
    });
    expect(await prisma.user.findUniqueOrThrow({ where: { email } })).toMatchObject({ name: "Dr Two" });
  });

  it("refuses expired and malformed links, and a link after too many wrong passwords", async () => {
    const email = uniqueEmail("late");
    await requestRegistration({ name: "Dr Late", email, password: TEST_PASSWORD }, uniqueIp());
    const token = linkTokenFor(email)!;
    const tomorrow = new Date(Date.now() + (getEnv().REGISTRATION_TTL_HOURS + 1) * 3_600_000);
    expect(await confirmRegistration(token, TEST_PASSWORD, device, tomorrow)).toEqual({
      ok: false,
      errors: { form: expect.stringMatching(/expired/) },
    });
    expect((await findPendingRegistration("../../etc/passwd")).status).toBe("not_found");
    expect((await findPendingRegistration("x".repeat(43))).status).toBe("not_found");

    for (let i = 0; i < MAX_CONFIRM_ATTEMPTS - 1; i++) {
      const r = await confirmRegistration(token, `guess ${i}`, device);
      expect(!r.ok && r.errors.password).toMatch(/password you chose/);
    }
    expect(await confirmRegistration(token, "last guess", device)).toEqual({
      ok: false,
      errors: { form: expect.stringMatching(/wrong password was entered too many times/) },
    });
    // now even the right password does not work with this link
    expect((await confirmRegistration(token, TEST_PASSWORD, device)).ok).toBe(false);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("when the email cannot be sent, the link is withdrawn and the error reaches the caller", async () => {
    setEmailTransport({
      async send() {
        throw new Error("smtp down");
      },
    });
    const email = uniqueEmail("nomail");
    await expect(
      requestRegistration({ name: "Dr Offline", email, password: TEST_PASSWORD }, uniqueIp()),
    ).rejects.toThrow("smtp down");
    expect(await prisma.pendingRegistration.count({ where: { email } })).toBe(0);
  });
});

describe("registration rate limits", () => {
  it("accepts 10 registrations an hour from one address, then refuses with the time to wait", async () => {
    const { REGISTER_MAX_PER_HOUR } = getEnv();
    const ip = uniqueIp();
    const start = new Date();
    for (let i = 0; i < REGISTER_MAX_PER_HOUR; i++) {
      const r = await requestRegistration(
        { name: `Dr ${i}`, email: uniqueEmail("bulk"), password: TEST_PASSWORD },
        ip,
        new Date(start.getTime() + i * 1000),
      );
      expect(r).toEqual({ ok: true });
    }
    const email = uniqueEmail("refused");
    const refused = await requestRegistration(
      { name: "Dr Eleven", email, password: TEST_PASSWORD },
      ip,
      new Date(start.getTime() + 60_000),
    );
    expect(refused).toEqual({
      ok: false,
      retryAfterSeconds: 3540,
      message: "Too many accounts have been registered from your network. Try again in 59 minutes.",
    });
    expect(mailTo(email)).toHaveLength(0);
    expect(await prisma.pendingRegistration.count({ where: { email } })).toBe(0);
    // another address is not affected
    expect(
      (await requestRegistration({ name: "Dr Else", email, password: TEST_PASSWORD }, uniqueIp())).ok,
    ).toBe(true);
  });

  it("of 40 registrations sent at once from one address, at most 10 are accepted", async () => {
    const ip = uniqueIp();
    const emails = Array.from({ length: 40 }, () => uniqueEmail("burst"));
    const results = await Promise.all(
      emails.map((email) => requestRegistration({ name: "Dr Burst", email, password: TEST_PASSWORD }, ip)),
    );
    expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(getEnv().REGISTER_MAX_PER_HOUR);
    expect(await prisma.pendingRegistration.count({ where: { email: { in: emails } } })).toBeLessThanOrEqual(
      getEnv().REGISTER_MAX_PER_HOUR,
    );
  });

  it("sends at most 5 registration emails an hour to one address, whatever the sender's address", async () => {
    const email = uniqueEmail("flooded");
    for (let i = 0; i < 8; i++) {
      expect(
        await requestRegistration({ name: "Dr Flood", email, password: TEST_PASSWORD }, uniqueIp()),
      ).toEqual({
        ok: true,
      });
    }
    expect(mailTo(email)).toHaveLength(5);
  });
});
