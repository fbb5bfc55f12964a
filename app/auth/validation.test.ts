import { describe, expect, it } from "vitest";
import { parseForm } from "~/utils/forms";
import { changePasswordSchema, registerSchema, signInSchema } from "./validation";

function form(values: Record<string, string>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

const valid = {
  name: "Dr Amara Okafor",
  email: "Amara.Okafor@NHS.net ",
  gmcNumber: "1234567",
  password: "a long enough password",
  confirmPassword: "a long enough password",
};

describe("registration form", () => {
  it("accepts a valid registration and normalises the email", () => {
    const result = parseForm(registerSchema, form(valid));
    expect(result).toMatchObject({ ok: true, data: { email: "amara.okafor@nhs.net", gmcNumber: "1234567" } });
  });

  it("treats an empty GMC number as not given", () => {
    const result = parseForm(registerSchema, form({ ...valid, gmcNumber: "  " }));
    expect(result.ok && result.data.gmcNumber).toBeUndefined();
  });

  it.each(["123456", "12345678", "12a4567", "GMC1234567"])("refuses GMC number %s", (gmc) => {
    const result = parseForm(registerSchema, form({ ...valid, gmcNumber: gmc }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.gmcNumber).toMatch(/7 digits/);
  });

  it("refuses a password shorter than 12 characters", () => {
    const result = parseForm(
      registerSchema,
      form({ ...valid, password: "short pass", confirmPassword: "short pass" }),
    );
    expect(!result.ok && result.errors.password).toBe("Password must be at least 12 characters");
  });

  it("refuses a password equal to the email, whatever the case", () => {
    const pw = "AMARA.OKAFOR@nhs.net";
    const result = parseForm(registerSchema, form({ ...valid, password: pw, confirmPassword: pw }));
    expect(!result.ok && result.errors.password).toBe("Password must not be the same as your email address");
  });

  it("refuses mismatched confirmation", () => {
    const result = parseForm(registerSchema, form({ ...valid, confirmPassword: "something else entirely" }));
    expect(!result.ok && result.errors.confirmPassword).toBe("Passwords do not match");
  });

  it("refuses a 10 kB password and a 10 kB name with field errors, not a crash", () => {
    const huge = "x".repeat(10_240);
    const result = parseForm(
      registerSchema,
      form({ ...valid, name: huge, password: huge, confirmPassword: huge }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name).toMatch(/100 characters or fewer/);
    expect(result.errors.password).toMatch(/256 characters or fewer/);
    // what is echoed back is trimmed and never includes passwords
    expect(result.values.name!.length).toBeLessThanOrEqual(500);
    expect(result.values.password).toBeUndefined();
  });

  it("reports every missing field at once", () => {
    const result = parseForm(registerSchema, form({}));
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual(["email", "name", "password"]);
  });
});

describe("sign-in form", () => {
  it("needs an email and a password", () => {
    const result = parseForm(signInSchema, form({ email: "not-an-email", password: "" }));
    expect(!result.ok && result.errors).toEqual({
      email: "Enter an email address in the correct format, like name@nhs.net",
      password: "Enter your password",
    });
  });
});

describe("change password form", () => {
  it("refuses reusing the current password", () => {
    const result = parseForm(
      changePasswordSchema,
      form({
        currentPassword: "an old password 1",
        password: "an old password 1",
        confirmPassword: "an old password 1",
      }),
      { email: "a@b.test" },
    );
    expect(!result.ok && result.errors.password).toMatch(/different from your current password/);
  });
});
