import { prisma } from "~/db.server";

// liveness and database reachability for load balancers; no data beyond "ok"
export async function loader() {
  try {
    await prisma.$queryRawUnsafe("SELECT 1");
    return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  } catch {
    return new Response("database unavailable", { status: 503, headers: { "Content-Type": "text/plain" } });
  }
}
