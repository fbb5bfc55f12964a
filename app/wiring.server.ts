// the one place where modules that must not import each other are connected: imported first
// by the server bundle (entry.server.tsx), the seed and the test setup. it loads the modules
// it connects only when an event comes, so importing it never loads (or configures) the app.
import { onCourseCompleted } from "~/courses/completion-events.server";

// idempotent: the certificate is issued once, however many requests complete the course
onCourseCompleted(async ({ enrolmentId }) => {
  const { issueCertificate } = await import("~/certificates/issue.server");
  await issueCertificate(enrolmentId);
});
