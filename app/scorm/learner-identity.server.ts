import { createHash } from "node:crypto";
import { prisma } from "~/db.server";

// who a package's results name. a college (or deanery) sees the results of its e-learning for
// everyone who played it, but the names and emails only of its own members (people who hold a
// role in it); everyone else is a stable pseudonym, the same across its pages and csv, so the
// college can follow one learner's attempts without knowing who they are. a trainee employed
// elsewhere has no relationship with the college: who they are, and how they scored, is theirs
// and their employer's to know (decision 022).

export type LearnerIdentity = { learner: string; email: string; named: boolean };

/** "Learner 3F9A2C": the same for one person within one organisation, different elsewhere */
export function pseudonym(organisationId: string, userId: string): string {
  const hash = createHash("sha256").update(`${organisationId}:${userId}`).digest("hex");
  return `Learner ${hash.slice(0, 6).toUpperCase()}`;
}

/** how each of these users appears to the organisation */
export async function identitiesFor(
  organisationId: string,
  users: { id: string; name: string; email: string }[],
): Promise<Map<string, LearnerIdentity>> {
  const ids = [...new Set(users.map((u) => u.id))];
  const members = new Set(
    (
      await prisma.membership.findMany({
        where: { organisationId, userId: { in: ids } },
        select: { userId: true },
      })
    ).map((m) => m.userId),
  );
  return new Map(
    users.map((u) => [
      u.id,
      members.has(u.id)
        ? { learner: u.name, email: u.email, named: true }
        : { learner: pseudonym(organisationId, u.id), email: "", named: false },
    ]),
  );
}
