import { describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { createUser, TEST_PASSWORD, uniqueEmail } from "../../tests/setup/factories";
import {
  authenticate,
  changePassword,
  listSessions,
  revokeOtherSessions,
  revokeSession,
  SIGN_IN_FAILED,
  startSession,
} from "./accounts.server";
import { lucia } from "./lucia.server";
import type * as passwordModule from "./password.server";
import { verifyPassword } from "./password.server";

// every password check is counted (the real check still runs)
vi.mock("./password.server", async (importOriginal) => {
  const actual = await importOriginal<typeof passwordModule>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});
const passwordChecks = () => vi.mocked(verifyPassword).mock.calls.length;

const device = { ip: "203.0.113.5", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0" };
const uniqueIp = () => `198.51.100.${Math.floor(Math.random() * 250)}:${crypto.randomUUID().slice(0, 6)}`;
const sessionIdFromCookie = (cookie: string) => cookie.split(";")[0]!.split("=")[1]!;

// registration: app/auth/registration.test.ts (with an invitation: app/organisations/invitations.test.ts)

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

  it("checks at most 10 passwords when 60 wrong ones arrive at once, and exactly 10 in all before the lock", async () => {
    const { SIGNIN_MAX_FAILURES } = getEnv();
    const user = await createUser();
    const ip = uniqueIp();
    vi.mocked(verifyPassword).mockClear();
    const burst = await Promise.all(
      Array.from({ length: 60 }, (_, i) => authenticate(user.email, `wrong guess ${i}`, ip)),
    );
    expect(passwordChecks()).toBeLessThanOrEqual(SIGNIN_MAX_FAILURES);
    // a checked attempt is a plain failure (401); a refused one says when to come back (429)
    const checked = burst.filter((r) => !r.ok && r.retryAfterSeconds === undefined);
    expect(checked).toHaveLength(passwordChecks());
    // refused attempts were taken back: the account holds only the checked failures
    expect(await prisma.authFailure.count({ where: { key: `account:${user.email}` } })).toBe(checked.length);

    // one at a time, guesses go on being checked only until the 10th failure
    for (let i = 0; i < 20; i++) await authenticate(user.email, `another guess ${i}`, ip);
    expect(passwordChecks()).toBe(SIGNIN_MAX_FAILURES);
    expect((await authenticate(user.email, TEST_PASSWORD, ip)).ok).toBe(false);
    expect(passwordChecks()).toBe(SIGNIN_MAX_FAILURES);
  });

  it("failures from one address against 10 accounts do not stop an 11th account signing in from it", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < getEnv().SIGNIN_MAX_FAILURES; i++) {
      const other = await createUser();
      expect(await authenticate(other.email, "mistyped password", ip)).toEqual({
        ok: false,
        message: SIGN_IN_FAILED,
      });
    }
    const user = await createUser();
    expect(await authenticate(user.email, TEST_PASSWORD, ip)).toEqual({ ok: true, userId: user.id });
  });

  it("past 100 failures from an address, each attempt from it waits a doubling back-off, up to 60 s", async () => {
    const { SIGNIN_IP_MAX_FAILURES, SIGNIN_IP_BACKOFF_MAX_SECONDS } = getEnv();
    const ip = uniqueIp();
    const user = await createUser();
    const t0 = Date.now();
    const at = (ms: number) => new Date(t0 + ms);
    // the address's failures so far, spread over the last ten minutes, on many accounts
    await prisma.authFailure.createMany({
      data: Array.from({ length: SIGNIN_IP_MAX_FAILURES }, (_, i) => ({
        key: `ip:${ip}`,
        createdAt: new Date(t0 - 600_000 + i * 1000),
      })),
    });
    // the 101st, long after the 100th: let through (and wrong)
    expect(await authenticate(uniqueEmail("spray"), "guess", ip, at(0))).toEqual({
      ok: false,
      message: SIGN_IN_FAILED,
    });
    // the next must wait 2 s after it, whoever it is for and even with the right password
    const early = await authenticate(user.email, TEST_PASSWORD, ip, at(500));
    expect(early).toEqual({
      ok: false,
      retryAfterSeconds: 2,
      message: "Too many failed sign-in attempts from your network. Try again in 2 seconds.",
    });
    // another address is not slowed down
    expect((await authenticate(user.email, TEST_PASSWORD, uniqueIp(), at(600))).ok).toBe(true);
    // after the wait the right password works from this address too
    expect(await authenticate(user.email, TEST_PASSWORD, ip, at(2_001))).toEqual({
      ok: true,
      userId: user.id,
    });
    // each further failure doubles the wait: 2 s, then 4 s, then 8 s
    expect((await authenticate(uniqueEmail("spray"), "guess", ip, at(2_100))).ok).toBe(false);
    expect(await authenticate(uniqueEmail("spray"), "guess", ip, at(3_000))).toMatchObject({
      retryAfterSeconds: 4,
    });
    expect((await authenticate(uniqueEmail("spray"), "guess", ip, at(6_101))).ok).toBe(false);
    expect(await authenticate(uniqueEmail("spray"), "guess", ip, at(6_200))).toMatchObject({
      retryAfterSeconds: 8,
    });
    // refusals did not count: the address has 103 failures
    expect(await prisma.authFailure.count({ where: { key: `ip:${ip}` } })).toBe(SIGNIN_IP_MAX_FAILURES + 3);

    // far past the threshold the wait stops growing at 60 s
    await prisma.authFailure.createMany({
      data: Array.from({ length: 20 }, () => ({ key: `ip:${ip}`, createdAt: at(7_000) })),
    });
    const capped = await authenticate(user.email, TEST_PASSWORD, ip, at(7_000));
    expect(capped).toMatchObject({ ok: false, retryAfterSeconds: SIGNIN_IP_BACKOFF_MAX_SECONDS });
    expect(!capped.ok && capped.message).toMatch(/Try again in 1 minute\.$/);
    expect((await authenticate(user.email, TEST_PASSWORD, ip, at(67_001))).ok).toBe(true);
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

  it("changing the password ends every session, this device's too, and gives this device a new one", async () => {
    const user = await createUser();
    const here = sessionIdFromCookie(await startSession(user.id, device));
    const elsewhere = sessionIdFromCookie(await startSession(user.id, device));
    const wrong = await changePassword(user.id, device, "not my password", "a brand new password");
    expect(wrong).toEqual({ ok: false, errors: { currentPassword: "Your current password is not correct" } });
    expect((await lucia.validateSession(here)).session).not.toBeNull();

    const changed = await changePassword(user.id, device, TEST_PASSWORD, "a brand new password");
    expect(changed).toEqual({ ok: true, cookie: expect.stringMatching(/^mt_session=\w+;.*HttpOnly/) });
    if (!changed.ok) return;
    const renewed = sessionIdFromCookie(changed.cookie);
    expect(renewed).not.toBe(here);
    // the old id of this device no longer validates: a copy of it taken before the change is useless
    expect((await lucia.validateSession(here)).session).toBeNull();
    expect((await lucia.validateSession(elsewhere)).session).toBeNull();
    // and this device stays signed in, under the new id, with its details
    const { session } = await lucia.validateSession(renewed);
    expect(session).toMatchObject({ userId: user.id, userAgent: device.userAgent, ipAddress: device.ip });
    expect((await listSessions(user.id)).map((s) => s.id)).toEqual([renewed]);
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
