import { z } from "zod";
import { singleLine } from "~/utils/forms";

// one schema per form; the messages are the ones the user reads in the error summary.
export const MAX_PASSWORD = 256;
export const MIN_PASSWORD = 12;

export const emailField = z
  .string({ error: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "Email address must be 254 characters or fewer")
  .pipe(z.email("Enter an email address in the correct format, like name@nhs.net"))
  .transform((v) => v.toLowerCase());

export const nameField = singleLine(
  z
    .string({ error: "Enter your full name" })
    .trim()
    .min(1, "Enter your full name")
    .max(100, "Full name must be 100 characters or fewer"),
  "Full name",
);

export const gmcField = z
  .string()
  .trim()
  .max(20, "GMC number must be 7 digits")
  .optional()
  .transform((v) => (v ? v : undefined))
  .pipe(
    z
      .string()
      .regex(/^\d{7}$/, "GMC number must be 7 digits, like 1234567")
      .optional(),
  );

const passwordInput = (empty: string) =>
  z
    .string({ error: empty })
    .min(1, empty)
    .max(MAX_PASSWORD, `Password must be ${MAX_PASSWORD} characters or fewer`);

export const newPasswordField = passwordInput("Enter a password").refine(
  (v) => v.length >= MIN_PASSWORD,
  `Password must be at least ${MIN_PASSWORD} characters`,
);

function notEmail<T extends { email: string; password: string }>(value: T, ctx: z.RefinementCtx) {
  if (value.password.trim().toLowerCase() === value.email.trim().toLowerCase()) {
    ctx.addIssue({
      code: "custom",
      path: ["password"],
      message: "Password must not be the same as your email address",
    });
  }
}

export const registerSchema = z
  .object({
    name: nameField,
    email: emailField,
    gmcNumber: gmcField,
    password: newPasswordField,
    confirmPassword: z.string().max(MAX_PASSWORD, "Passwords do not match").optional(),
    invitation: z.string().max(200).optional(),
  })
  .superRefine(notEmail)
  .superRefine((value, ctx) => {
    if (value.confirmPassword !== value.password) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "Passwords do not match" });
    }
  });

export const signInSchema = z.object({
  email: emailField,
  password: passwordInput("Enter your password"),
});

export const changePasswordSchema = z
  .object({
    currentPassword: passwordInput("Enter your current password"),
    password: newPasswordField,
    confirmPassword: z.string().max(MAX_PASSWORD, "Passwords do not match").optional(),
    email: z.string(),
  })
  .superRefine(notEmail)
  .superRefine((value, ctx) => {
    if (value.confirmPassword !== value.password) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "Passwords do not match" });
    }
    if (value.currentPassword === value.password) {
      ctx.addIssue({
        code: "custom",
        path: ["password"],
        message: "New password must be different from your current password",
      });
    }
  });
