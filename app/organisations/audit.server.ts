import type { Prisma } from "~/generated/prisma/client";
import { type prisma } from "~/db.server";

type Db = Prisma.TransactionClient | typeof prisma;

export async function audit(
  db: Db,
  event: { actorId: string | null; organisationId?: string | null; action: string; detail?: object },
) {
  await db.auditEvent.create({
    data: {
      actorId: event.actorId,
      organisationId: event.organisationId ?? null,
      action: event.action,
      detail: JSON.stringify(event.detail ?? {}),
    },
  });
}
