import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { getEnv } from "~/env.server";
import { logger } from "~/logger.server";

/** a file sent with a message (a calendar invitation); its content is text */
export type EmailAttachment = { filename: string; contentType: string; content: string };
export type EmailMessage = { to: string; subject: string; text: string; attachments?: EmailAttachment[] };

/** the message as an rfc 5322 file: plain text, or multipart/mixed when it carries attachments */
export function toEml(message: EmailMessage, from: string, date = new Date()): string {
  // a header is ascii: a subject with a name like "Dr Łukasz" is encoded (RFC 2047)
  const subject = /^[\x20-\x7e]*$/.test(message.subject)
    ? message.subject
    : `=?UTF-8?B?${Buffer.from(message.subject, "utf8").toString("base64")}?=`;
  const head = [`From: ${from}`, `To: ${message.to}`, `Subject: ${subject}`, `Date: ${date.toUTCString()}`];
  if (!message.attachments?.length) {
    return [...head, "Content-Type: text/plain; charset=utf-8", "", message.text, ""].join("\r\n");
  }
  const boundary = `mt-${crypto.randomUUID()}`;
  const parts = [
    [`--${boundary}`, "Content-Type: text/plain; charset=utf-8", "", message.text],
    ...message.attachments.map((a) => [
      `--${boundary}`,
      `Content-Type: ${a.contentType}; charset=utf-8`,
      `Content-Disposition: attachment; filename="${a.filename.replace(/[^\w.-]/g, "_")}"`,
      "Content-Transfer-Encoding: base64",
      "",
      (
        Buffer.from(a.content, "utf8")
          .toString("base64")
          .match(/.{1,76}/g) ?? []
      ).join("\r\n"),
    ]),
  ];
  return [
    ...head,
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    ...parts.flat(),
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

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
      const content = toEml(message, getEnv().MAIL_FROM);
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
