import type { OrgRole } from "~/auth/roles";

// each staff role's workspace: the tools in the header and the page a person lands on.
// shared by the server (where to send someone after sign-in) and the header.

/** an organisation where the user holds a staff role (hr, college administrator or scheme lead) */
export type StaffOrganisation = { id: string; name: string; roles: OrgRole[] };
/** a header link; `current` lists the path prefixes where it is the page's place ("to" alone by default) */
export type NavLink = { to: string; label: string; current?: string[] };

export const WORKSPACE_COOKIE = "mt_org";

const LEARNER_LINKS: NavLink[] = [
  { to: "/dashboard", label: "Your learning" },
  { to: "/courses", label: "Courses" },
  { to: "/cpd", label: "CPD record" },
  { to: "/mentoring", label: "Mentoring" },
];

/**
 * the header's links: an organisation's tools first, then learning. staff who are not
 * trainees anywhere keep one way to their own learning, so a phone's header stays short.
 */
export function headerLinks(org: StaffOrganisation | null, isAdmin: boolean, isTrainee: boolean): NavLink[] {
  const tools = workspaceLinks(org, isAdmin);
  const learning = tools.length > 0 && !isTrainee ? LEARNER_LINKS.slice(0, 1) : LEARNER_LINKS;
  return [...tools, ...learning];
}

const isHr = (o: StaffOrganisation) => o.roles.includes("hr");
const isCollege = (o: StaffOrganisation) => o.roles.includes("college_admin");
const isSchemeLead = (o: StaffOrganisation) => o.roles.includes("scheme_lead");

/** the tools of one organisation's workspace, in the order a person uses them */
export function workspaceLinks(org: StaffOrganisation | null, isAdmin: boolean): NavLink[] {
  const links: NavLink[] = [];
  if (org) {
    const base = `/org/${org.id}`;
    if (isHr(org)) {
      links.push(
        {
          to: `${base}/dashboard`,
          label: "Training dashboard",
          current: [`${base}/dashboard`, `${base}/trainees`],
        },
        { to: `${base}/enrolments`, label: "Enrol trainees" },
        { to: `${base}/reminders`, label: "Reminders" },
      );
    }
    if (isCollege(org)) {
      links.push(
        { to: `${base}/scorm`, label: "E-learning library" },
        { to: `${base}/college`, label: "Learners and verifications" },
      );
    }
    if (isSchemeLead(org)) {
      links.push({ to: `${base}/mentoring`, label: "Mentoring scheme" });
    }
    if (isHr(org) || isCollege(org) || isSchemeLead(org)) {
      links.push({ to: base, label: "People", current: [`${base}/people`] });
    }
  }
  if (isAdmin) {
    links.push(
      { to: "/admin/organisations", label: "Organisations" },
      { to: "/admin/courses", label: "Courses" },
      { to: "/admin/certificates", label: "Certificates" },
    );
  }
  return links;
}

/**
 * the organisation whose workspace the header shows: the one in the address when the user
 * works there, else the one they last opened (cookie), else the first. null: no staff role.
 */
export function currentWorkspace(
  orgs: StaffOrganisation[],
  pathname: string,
  remembered: string | null,
): StaffOrganisation | null {
  const inPath = /^\/org\/([^/]+)/.exec(pathname)?.[1];
  return orgs.find((o) => o.id === inPath) ?? orgs.find((o) => o.id === remembered) ?? orgs[0] ?? null;
}

/** where someone lands after signing in: their main tool, or their learning */
export function homePath(org: StaffOrganisation | null, isAdmin: boolean): string {
  if (org && isHr(org)) return `/org/${org.id}/dashboard`;
  if (org && isCollege(org)) return `/org/${org.id}/scorm`;
  if (org && isSchemeLead(org)) return `/org/${org.id}/mentoring`;
  if (isAdmin) return "/admin/organisations";
  return "/dashboard";
}

/** the link for the page at this path: the longest prefix that matches */
export function currentLink(links: NavLink[], pathname: string): string | undefined {
  const within = (prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);
  let best: { to: string; length: number } | undefined;
  for (const l of links) {
    const matched = [l.to, ...(l.current ?? [])].filter((p) =>
      // an organisation's own page matches only itself: its tools live below it
      p === l.to && l.current ? pathname === p : within(p),
    );
    for (const p of matched) if (!best || p.length > best.length) best = { to: l.to, length: p.length };
  }
  return best?.to;
}

/** the organisation id a path belongs to, for remembering the workspace last opened */
export function organisationInPath(pathname: string): string | null {
  const id = /^\/org\/([0-9a-fA-F-]{36})(?:[/.]|$)/.exec(pathname)?.[1];
  return id ?? null;
}
