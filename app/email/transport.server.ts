import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { getEnv } from "~/env.server";
import { logger } from "~/logger.server";

export type EmailMessage = { to: string; subject: string; text: string };

export interface EmailTransport {
  send(message: EmailMessage): Promise<void>;
}

/**
 * development transport: each message becomes a file in the outbox folder. the log line names
 * the recipient, subject and file; the body stays out of the log because it can carry a
 * single-use link (docs/decisions/004-email-outbox.md).
 */
export function outboxTransport(dir: string): EmailTransport {
  return {
    async send(message) {
      await mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const slug = message.to.replace(/[^a-z0-9]+/gi, "_").slice(0, 60);
      const file = path.join(dir, `${stamp}-${slug}-${crypto.randomUUID().slice(0, 8)}.eml`);
      const content = [
        `From: ${getEnv().MAIL_FROM}`,
        `To: ${message.to}`,
        `Subject: ${message.subject}`,
        `Date: ${new Date().toUTCString()}`,
        "Content-Type: text/plain; charset=utf-8",
        "",
        message.text,
        "",
      ].join("\r\n");
      await writeFile(file, content, { mode: 0o600 });
      logger.info({ to: message.to, subject: message.subject, file }, "email written to outbox");
    },
  };
}

export function smtpTransport(url: string, from: string): EmailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transporter.sendMail({ from, ...message });
      logger.info({ to: message.to, subject: message.subject }, "email sent");
    },
  };
}

let transport: EmailTransport | undefined;

export function getEmailTransport(): EmailTransport {
  if (!transport) {
    const env = getEnv();
    transport = env.SMTP_URL
      ? smtpTransport(env.SMTP_URL, env.MAIL_FROM)
      : outboxTransport(path.resolve(env.OUTBOX_DIR));
  }
  return transport;
}

/** tests swap the transport to observe what was sent */
export function setEmailTransport(next: EmailTransport | undefined) {
  transport = next;
}
