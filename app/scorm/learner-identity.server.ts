import { createHash } from "node:crypto";
import { prisma } from "~/db.server";

// who a package's results name. a college (or deanery) sees the results of its e-learning for
// everyone who played it, but the names and emails only of its own members (people who hold a
// role in it); everyone else is a stable pseudonym, the same across its pages and csv, so the
// college can follow one learner's attempts without knowing who they are. a trainee employed
// elsewhere has no relationship with the college: who they are, and how they scored, is theirs
// and their employer's to know (decision 022).

export type LearnerIdentity = { learner: string; email: string; named: boolean };

const pseudonymHash = (organisationId: string, userId: string) =>
  createHash("sha256").update(`${organisationId}:${userId}`).digest("hex");

/** "Learner 3F9A2C": the same for one person within one organisation, different elsewhere */
export function pseudonym(organisationId: string, userId: string): string {
  return `Learner ${pseudonymHash(organisationId, userId).slice(0, 6).toUpperCase()}`;
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

/**
 * who the package's content is told the learner is (cmi student/learner id and name): a member
 * of the package's organisation by their user id and name; anyone else by a per-organisation
 * pseudonymous id and the pseudonym the organisation's reports show
 */
export async function learnerForPackage(
  organisationId: string,
  user: { id: string; name: string },
): Promise<{ id: string; name: string; named: boolean }> {
  const { learner, named } = (await identitiesFor(organisationId, [{ ...user, email: "" }])).get(user.id)!;
  const id = named ? user.id : `learner-${pseudonymHash(organisationId, user.id).slice(0, 16)}`;
  return { id, name: learner, named };
}
