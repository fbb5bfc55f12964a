import { getDomain } from "tldts";
import { z } from "zod";

// every setting the server reads, parsed once at boot. a bad value stops the server with a
// message naming the variable, never a stack trace from somewhere deep.
const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const schema = z.object({
  /**
   * not a switch of this app: the server always runs React's production build (scripts/start.mjs
   * sets it). what NODE_ENV used to decide has its own settings: DEMO_DATA, SECURE_COOKIES.
   */
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  /**
   * demo organisations and logins on start-up. default: on when APP_URL is this machine
   * (http://localhost, 127.0.0.1 or [::1]), off for any other address
   */
  DEMO_DATA: bool.optional(),
  /**
   * Secure, __Host- session cookie and Strict-Transport-Security. default: on when APP_URL is
   * https. turn it off only behind a proxy you trust on a private network
   */
  SECURE_COOKIES: bool.optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  APP_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(
      /^(file:.+|postgres(ql)?:\/\/.+)/,
      "must be a SQLite file URL such as file:./data/app.db, or a PostgreSQL URL such as postgresql://user:password@host:5432/mentor",
    )
    .default("file:./data/app.db"),
  /** postgresql only: connections each worker process may hold (its pool) */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TRUST_PROXY: bool.default(false),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  SIGNIN_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /**
   * failures from one ip address in the sign-in window before back-off starts: set well above
   * SIGNIN_MAX_FAILURES, since a whole hospital can share one address (docs/decisions/012)
   */
  SIGNIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(100_000).default(100),
  /** past SIGNIN_IP_MAX_FAILURES each attempt from that address waits 1 s, 2 s, 4 s… up to this */
  SIGNIN_IP_BACKOFF_MAX_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** registrations (without an invitation) accepted from one ip address per hour */
  REGISTER_MAX_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(10),
  /** how long the link in a registration's confirmation email works */
  REGISTRATION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(24),
  INVITATION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(24 * 7),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default("Mentor training <no-reply@mentor-training.localhost>"),
  OUTBOX_DIR: z.string().min(1).default("data/outbox"),
  COURSES_DIR: z.string().min(1).default("courses"),
  /** pem (pkcs8) rsa private key that signs credentials; otherwise one is made in ISSUER_KEYS_DIR */
  ISSUER_KEY: z.string().min(100).optional(),
  ISSUER_KEYS_DIR: z.string().min(1).default("data/keys"),
  ISSUER_NAME: z.string().min(2).max(200).default("Mentor training for doctors"),
  /**
   * who signs certificates for the issuer, as printed in the pdf's signature block, e.g.
   * "Dr Jane Smith, Associate Dean for Professional Support". unset: the issuer's name alone
   */
  ISSUER_SIGNATORY: z.string().min(2).max(200).optional(),
  /**
   * a lesson's reading counts only after this share of its estimated minutes (at most five
   * minutes) has passed since the page was served: a script cannot complete lessons unread
   */
  LESSON_MIN_READ_FRACTION: z.coerce.number().min(0).max(1).default(0.5),
  /**
   * the fastest reading pace (words a minute) a quiz submission or a role-play reply is
   * accepted at, counted over the words on screen; 0 turns the check off (browser tests only)
   */
  ANSWER_READING_WPM: z.coerce.number().int().min(0).max(5000).default(500),
  /**
   * server processes (node:cluster workers), each with its own database connection. default:
   * one per core. on SQLite they share the file and take turns to write (docs/decisions/024)
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /**
   * each worker's javascript heap limit in MB (node's --max-old-space-size); 0 leaves node's
   * own, which on a large machine lets an idle-looking worker grow past 400 MB before it
   * collects. 256 is about three times a busy worker's live data (issue 15)
   */
  WORKER_HEAP_MB: z.coerce.number().int().min(0).max(65_536).default(256),
  /**
   * how often each instance checks whether a background job (the daily reminders) is due; the
   * job itself runs once per period across all instances (decision 027)
   */
  JOB_CHECK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  VERIFY_MAX_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  MAX_FORM_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** where uploaded scorm content is served from: another origin, so package scripts never share the platform's */
  CONTENT_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
  /** the port the content origin listens on (development: PORT + 1) */
  CONTENT_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SCORM_STORE_DIR: z.string().min(1).default("data/scorm"),
  SCORM_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(500 * 1024 * 1024),
  SCORM_MAX_FILES: z.coerce.number().int().min(1).max(1_000_000).default(5_000),
  SCORM_MAX_UNCOMPRESSED_BYTES: z.coerce.number().int().min(1024).max(2_000_000_000).default(2_000_000_000),
  SCORM_MAX_RATIO: z.coerce.number().min(2).max(100_000).default(200),
  SCORM_LAUNCH_TTL_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  /** characters of scorm 2004 cmi.suspend_data the server keeps (the standard's 64,000 is a floor) */
  SCORM_SUSPEND_DATA_MAX: z.coerce.number().int().min(64_000).max(4_000_000).default(256_000),
  /** commits one launch (one learner's session of one sco) may make per minute; more get 429 */
  SCORM_COMMITS_PER_MINUTE: z.coerce.number().int().min(10).max(100_000).default(120),
});

export type Env = Omit<z.infer<typeof schema>, "DEMO_DATA" | "SECURE_COOKIES"> & {
  APP_URL: string;
  CONTENT_ORIGIN: string;
  CONTENT_PORT: number;
  DEMO_DATA: boolean;
  SECURE_COOKIES: boolean;
};

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** a demo runs on the machine it is tried on; anything served to others starts empty */
export function isLoopbackUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === "http:" && (LOOPBACK.has(hostname) || hostname.endsWith(".localhost"));
}

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // empty strings mean "not set", as in most .env files
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(environment)"}: ${i.message}`);
    throw new EnvError(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  const env = result.data;
  const contentPort = env.CONTENT_PORT ?? env.PORT + 1;
  const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`;
  const contentOrigin = env.CONTENT_ORIGIN
    ? new URL(env.CONTENT_ORIGIN).origin
    : `http://127.0.0.1:${contentPort}`;
  const problem = contentOriginProblem(appUrl, contentOrigin);
  if (problem) throw new EnvError(`Invalid environment variables:\n  CONTENT_ORIGIN: ${problem}`);
  return {
    ...env,
    APP_URL: appUrl,
    CONTENT_ORIGIN: contentOrigin,
    CONTENT_PORT: contentPort,
    DEMO_DATA: env.DEMO_DATA ?? isLoopbackUrl(appUrl),
    SECURE_COOKIES: env.SECURE_COOKIES ?? new URL(appUrl).protocol === "https:",
  };
}

/**
 * uploaded packages run their own scripts on the content origin, so it must not share what
 * the browser shares between "the same host" or "the same site": cookies ignore ports, and a
 * sibling subdomain (content.example.org beside app.example.org) is the same site, so it can
 * set cookies for the parent domain and its requests count as same-site. null when it is safe.
 */
export function contentOriginProblem(appUrl: string, contentOrigin: string): string | null {
  const app = new URL(appUrl);
  const content = new URL(contentOrigin);
  if (content.hostname === app.hostname) {
    return `must be on another host than APP_URL (${app.hostname}); another port of the same host is not enough, because cookies ignore ports`;
  }
  const appSite = getDomain(app.hostname, { allowPrivateDomains: true });
  const contentSite = getDomain(content.hostname, { allowPrivateDomains: true });
  if (appSite && appSite === contentSite) {
    return `must be on another site than APP_URL: ${content.hostname} and ${app.hostname} are both under ${appSite}, so the browser treats them as the same site. Use a separate domain, for example one registered only for e-learning content`;
  }
  return null;
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
