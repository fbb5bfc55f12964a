import { flushAudits } from "~/organisations/audit.server";
import { flushRateEvents } from "~/utils/rate-limit.server";

/** writes everything held back from the request path (audit rows, rate-limit events) */
export async function flushBuffers() {
  await Promise.allSettled([flushAudits(), flushRateEvents()]);
}
