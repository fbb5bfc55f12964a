import { afterEach, beforeEach } from "vitest";
import { setEmailTransport, type EmailMessage } from "~/email/transport.server";

/**
 * every email the code under test sends, kept in memory instead of written to the outbox;
 * emptied before each test. call once at the top of a test file.
 */
export function captureEmails(): EmailMessage[] {
  const sent: EmailMessage[] = [];
  beforeEach(() => {
    sent.length = 0;
    setEmailTransport({
      async send(message) {
        sent.push(message);
      },
    });
  });
  afterEach(() => setEmailTransport(undefined));
  return sent;
}
