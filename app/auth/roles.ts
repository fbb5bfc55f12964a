// roles and organisation kinds. stored as strings (portable schema); this file is the one
// source of their allowed values and their human names.

export const ORG_ROLES = ["trainee", "hr", "college_admin", "scheme_lead"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
/** "admin" is platform-wide (User.isAdmin); the others are held per organisation. */
export type Role = OrgRole | "admin";

export const ROLE_LABELS: Record<Role, string> = {
  trainee: "Trainee",
  hr: "HR",
  college_admin: "College administrator",
  scheme_lead: "Mentoring scheme lead",
  admin: "Platform administrator",
};

export const ORG_KINDS = ["nhs_trust", "deanery", "royal_college", "other"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  nhs_trust: "NHS trust or health board",
  deanery: "Deanery or postgraduate dean's office",
  royal_college: "Royal college",
  other: "Other",
};

export function isOrgRole(value: string): value is OrgRole {
  return (ORG_ROLES as readonly string[]).includes(value);
}

/**
 * which roles a member may invite others to in their organisation: their own
 * administrative role and trainees. platform admins may invite to any role.
 */
export function invitableRoles(heldRoles: readonly string[], isAdmin: boolean): OrgRole[] {
  if (isAdmin) return [...ORG_ROLES];
  const roles = new Set<OrgRole>();
  for (const r of heldRoles) {
    if (r === "hr" || r === "college_admin" || r === "scheme_lead") {
      roles.add("trainee");
      roles.add(r);
    }
  }
  return ORG_ROLES.filter((r) => roles.has(r));
}
