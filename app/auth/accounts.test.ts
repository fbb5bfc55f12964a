import { describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { createUser, TEST_PASSWORD, uniqueEmail } from "../../tests/setup/factories";
import {
  authenticate,
  changePassword,
  listSessions,
  registerUser,
  revokeOtherSessions,
  revokeSession,
  SIGN_IN_FAILED,
  startSession,
} from "./accounts.server";
import { lucia } from "./lucia.server";
import * as passwords from "./password.server";
import { ipBackoffSeconds } from "./rate-limit.server";

const device = { ip: "203.0.113.5", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0" };
const uniqueIp = () => `198.51.100.${Math.floor(Math.random() * 250)}:${crypto.randomUUID().slice(0, 6)}`;
const sessionIdFromCookie = (cookie: string) => cookie.split(";")[0]!.split("=")[1]!;

describe("registration", () => {
  it("stores an argon2id hash, never the password", async () => {
    const email = uniqueEmail();
    const result = await registerUser({ name: "Dr A", email, password: TEST_PASSWORD });
    expect(result.ok).toBe(true);
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(user.passwordHash).not.toContain(TEST_PASSWORD);
  });

  it("refuses a second account with the same email or GMC number, and writes nothing", async () => {
    const email = uniqueEmail();
    const gmc = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
    expect((await registerUser({ name: "Dr A", email, gmcNumber: gmc, password: TEST_PASSWORD })).ok).toBe(
      true,
    );
    const again = await registerUser({ name: "Dr B", email, password: TEST_PASSWORD });
    expect(again).toEqual({ ok: false, errors: { email: expect.stringMatching(/already exists/) } });
    const otherEmail = uniqueEmail();
    const sameGmc = await registerUser({
      name: "Dr C",
      email: otherEmail,
      gmcNumber: gmc,
      password: TEST_PASSWORD,
    });
    expect(sameGmc).toEqual({
      ok: false,
      errors: { gmcNumber: expect.stringMatching(/already registered/) },
    });
    expect(await prisma.user.count({ where: { email: otherEmail } })).toBe(0);
  });
});

describe("sign-in", () => {
  it("signs in with the right password", async () => {
    const user = await createUser();
    expect(await authenticate(user.email, TEST_PASSWORD, uniqueIp())).toEqual({ ok: true, userId: user.id });
  });

  it("gives the same message for an unknown email and a wrong password", async () => {
    const user = await createUser();
    const wrong = await authenticate(user.email, "not the password at all", uniqueIp());
    const unknown = await authenticate(uniqueEmail("nobody"), "not the password at all", uniqueIp());
    expect(wrong).toEqual({ ok: false, message: SIGN_IN_FAILED });
    expect(unknown).toEqual(wrong);
  });

  it("locks an account after 10 failures in 15 minutes, even for the right password, from any address", async () => {
    const { SIGNIN_MAX_FAILURES } = getEnv();
    const user = await createUser();
    for (let i = 0; i < SIGNIN_MAX_FAILURES; i++) {
      expect((await authenticate(user.email, `wrong ${i}`, uniqueIp())).ok).toBe(false);
    }
    const locked = await authenticate(user.email, TEST_PASSWORD, uniqueIp());
    expect(locked.ok).toBe(false);
    if (locked.ok) return;
    expect(locked.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(locked.message).toMatch(/Too many failed sign-in attempts/);
  });

  it("does not lock a hospital's shared address after 10 failures on other accounts", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) {
      const r = await authenticate(uniqueEmail("colleague"), "mistyped password", ip);
      expect(r).toEqual({ ok: false, message: SIGN_IN_FAILED });
    }
    const user = await createUser();
    expect((await authenticate(user.email, TEST_PASSWORD, ip)).ok).toBe(true);
  });

  it("backs an address off, growing, once it passes the address threshold", async () => {
    const ip = uniqueIp();
    const { SIGNIN_IP_MAX_FAILURES: threshold } = getEnv();
    const start = Date.now() - 60_000;
    // the address's failures so far, spread over the last minute
    await prisma.authFailure.createMany({
      data: Array.from({ length: threshold }, (_, i) => ({ key: `ip:${ip}`, createdAt: new Date(start + i) })),
    });
    // at the threshold: one more attempt is checked (it is the first past it: 1 s after the last)
    const user = await createUser();
    const first = await authenticate(user.email, "wrong password here", ip);
    expect(first).toEqual({ ok: false, message: SIGN_IN_FAILED });
    // straight after it, the address must wait: 2 s, then more
    const second = await authenticate(user.email, TEST_PASSWORD, ip);
    expect(second.ok).toBe(false);
    expect(!second.ok && second.retryAfterSeconds).toBe(2);
    expect(!second.ok && second.message).toMatch(/Try again in 2 seconds/);
    expect(ipBackoffSeconds(1)).toBe(1);
    expect(ipBackoffSeconds(5)).toBe(16);
    expect(ipBackoffSeconds(50)).toBe(getEnv().SIGNIN_IP_BACKOFF_MAX_SECONDS);
    // other addresses, and the account itself from elsewhere, are not held up
    expect((await authenticate(user.email, TEST_PASSWORD, uniqueIp())).ok).toBe(true);
  });

  it("one account is still locked after 10 failures from 10 different addresses", async () => {
    const user = await createUser();
    for (let i = 0; i < getEnv().SIGNIN_MAX_FAILURES; i++) {
      await authenticate(user.email, "guessing passwords", uniqueIp());
    }
    const locked = await authenticate(user.email, TEST_PASSWORD, uniqueIp());
    expect(locked.ok).toBe(false);
    expect(!locked.ok && locked.retryAfterSeconds).toBeGreaterThan(14 * 60);
  });

  it("60 wrong passwords in parallel cannot check more than 10 against the limit of 10", async () => {
    const user = await createUser();
    const checks = vi.spyOn(passwords, "verifyPassword");
    try {
      const results = await Promise.all(
        Array.from({ length: 60 }, () => authenticate(user.email, "parallel guessing", uniqueIp())),
      );
      const checked = results.filter((r) => !r.ok && r.retryAfterSeconds === undefined).length;
      expect(checked).toBeLessThanOrEqual(getEnv().SIGNIN_MAX_FAILURES);
      expect(checks.mock.calls.length).toBe(checked);
    } finally {
      checks.mockRestore();
    }
    // the account is locked now, and refusals did not pile up extra failures
    expect((await authenticate(user.email, TEST_PASSWORD, uniqueIp())).ok).toBe(false);
    const rows = await prisma.authFailure.count({ where: { key: `account:${user.email}` } });
    expect(rows).toBeLessThanOrEqual(getEnv().SIGNIN_MAX_FAILURES);
  });

  it("forgets old failures once they leave the window", async () => {
    const user = await createUser();
    const key = `account:${user.email}`;
    const old = new Date(Date.now() - 16 * 60_000);
    await prisma.authFailure.createMany({
      data: Array.from({ length: 12 }, () => ({ key, createdAt: old })),
    });
    expect((await authenticate(user.email, TEST_PASSWORD, uniqueIp())).ok).toBe(true);
  });
});

describe("sessions", () => {
  it("creates a database session with the device details and an httpOnly, lax cookie", async () => {
    const user = await createUser();
    const cookie = await startSession(user.id, device);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // not production
    const { session } = await lucia.validateSession(sessionIdFromCookie(cookie));
    expect(session?.userId).toBe(user.id);
    expect(session?.userAgent).toBe(device.userAgent);
    expect(session?.ipAddress).toBe(device.ip);
  });

  it("lets a user revoke their other devices but never another user's session", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const aliceHere = sessionIdFromCookie(await startSession(alice.id, device));
    const aliceThere = sessionIdFromCookie(await startSession(alice.id, device));
    const aliceThird = sessionIdFromCookie(await startSession(alice.id, device));
    const bobs = sessionIdFromCookie(await startSession(bob.id, device));

    expect(await revokeSession(alice.id, bobs)).toBe(false);
    expect((await lucia.validateSession(bobs)).session).not.toBeNull();

    expect(await revokeSession(alice.id, aliceThere)).toBe(true);
    expect((await lucia.validateSession(aliceThere)).session).toBeNull();

    expect(await revokeOtherSessions(alice.id, aliceHere)).toBe(1);
    expect((await lucia.validateSession(aliceThird)).session).toBeNull();
    expect((await listSessions(alice.id)).map((s) => s.id)).toEqual([aliceHere]);
  });

  it("changing the password keeps this device and signs out the others", async () => {
    const user = await createUser();
    const here = sessionIdFromCookie(await startSession(user.id, device));
    const elsewhere = sessionIdFromCookie(await startSession(user.id, device));
    const wrong = await changePassword(user.id, here, "not my password", "a brand new password");
    expect(wrong).toEqual({ ok: false, errors: { currentPassword: "Your current password is not correct" } });

    expect(await changePassword(user.id, here, TEST_PASSWORD, "a brand new password")).toEqual({ ok: true });
    expect((await lucia.validateSession(here)).session).not.toBeNull();
    expect((await lucia.validateSession(elsewhere)).session).toBeNull();
    expect((await authenticate(user.email, "a brand new password", uniqueIp())).ok).toBe(true);
    expect((await authenticate(user.email, TEST_PASSWORD, uniqueIp())).ok).toBe(false);
  });

  it("an expired session is refused and removed", async () => {
    const user = await createUser();
    const id = sessionIdFromCookie(await startSession(user.id, device));
    await prisma.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await lucia.validateSession(id)).session).toBeNull();
    expect(await prisma.session.count({ where: { id } })).toBe(0);
  });
});
