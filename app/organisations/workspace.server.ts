import { prisma } from "~/db.server";
import { isOrgRole, type OrgRole } from "~/auth/roles";
import { currentWorkspace, homePath, WORKSPACE_COOKIE, type StaffOrganisation } from "./workspace";

const STAFF_ROLES: OrgRole[] = ["hr", "college_admin", "scheme_lead"];
type Person = { id: string; isAdmin: boolean };

// the header (root loader) and the page's own loader both ask within one request: the user
// object is made afresh for every request (server/app.server.ts), so it keys the answer for
// exactly that request's lifetime
const memberships = new WeakMap<Person, ReturnType<typeof readMemberships>>();

function readMemberships(userId: string) {
  return prisma.membership.findMany({
    where: { userId },
    select: { role: true, organisation: { select: { id: true, name: true } } },
    orderBy: { organisation: { name: "asc" } },
  });
}

function membershipsOf(user: Person) {
  let rows = memberships.get(user);
  if (!rows) {
    rows = readMemberships(user.id);
    memberships.set(user, rows);
    // a failed read is not remembered
    rows.catch(() => memberships.delete(user));
  }
  return rows;
}

/**
 * the organisations where the user holds a staff role, by name. a platform administrator on
 * an organisation's page also gets that organisation's workspace (they may use its tools).
 */
export async function staffOrganisations(user: Person, pathname = "") {
  const rows = await membershipsOf(user);
  const byOrg = new Map<string, StaffOrganisation>();
  for (const r of rows) {
    if (!STAFF_ROLES.includes(r.role as OrgRole)) continue;
    const entry = byOrg.get(r.organisation.id) ?? { ...r.organisation, roles: [] };
    if (isOrgRole(r.role)) entry.roles.push(r.role);
    byOrg.set(r.organisation.id, entry);
  }
  const orgs = [...byOrg.values()];
  const inPath = /^\/org\/([^/.]+)/.exec(pathname)?.[1];
  if (user.isAdmin && inPath && !byOrg.has(inPath)) {
    const org = await prisma.organisation.findUnique({
      where: { id: inPath },
      select: { id: true, name: true },
    });
    if (org) orgs.unshift({ ...org, roles: [...STAFF_ROLES] });
  }
  return { orgs, isTrainee: rows.some((r) => r.role === "trainee") };
}

/** the organisation id the workspace cookie holds, from a Cookie header */
export function rememberedWorkspace(cookie: string): string | null {
  const match = new RegExp(`(?:^|;\\s*)${WORKSPACE_COOKIE}=([0-9a-fA-F-]{36})(?:;|$)`).exec(cookie);
  return match?.[1] ?? null;
}

/** the workspace the header shows for this request, with the others the user can switch to */
export async function workspaceFor(user: Person, request: Request) {
  const { pathname } = new URL(request.url);
  const { orgs, isTrainee } = await staffOrganisations(user, pathname);
  const current = currentWorkspace(orgs, pathname, rememberedWorkspace(request.headers.get("cookie") ?? ""));
  return { orgs, current, isTrainee };
}

/** where the user lands after signing in, or when they go home */
export async function homeFor(user: Person, request: Request): Promise<string> {
  const { current } = await workspaceFor(user, request);
  return homePath(current, user.isAdmin);
}
