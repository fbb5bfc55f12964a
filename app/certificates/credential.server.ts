import { SignJWT } from "jose";
import { getEnv } from "~/env.server";
import { activeKey, ALG, keyUrl, origin } from "./keys.server";

// the certificate as an open badges 3.0 OpenBadgeCredential (w3c vc 2.0), secured as a
// vc-jwt: RS256, a kid that resolves to the key, payload = credential + iss, jti, nbf, sub, exp.

export const STATUS_LIST_PATH = "/credentials/status/revocation";

export function issuerProfile() {
  const base = origin();
  return {
    id: `${base}/issuer`,
    type: ["Profile"],
    name: getEnv().ISSUER_NAME,
    url: base,
    description:
      "Trains UK doctors to become mentors, and issues the certificates employers and royal colleges verify here.",
  };
}

export type SkillResult = { skill: string; label: string; percent: number | null; detail: string };

export type CertificateFacts = {
  id: string;
  userId: string;
  courseId: string;
  courseTitle: string;
  courseSummary: string;
  courseVersionLabel: string;
  recipientName: string;
  identityHash: string;
  identitySalt: string;
  completedAt: Date;
  issuedAt: Date;
  expiresAt: Date | null;
  cpdHours: number;
  outcomes: string[];
  results: SkillResult[];
  statusIndex: number;
  code: string;
};

export function buildCredential(c: CertificateFacts) {
  const base = origin();
  const issuer = issuerProfile();
  const achievementId = `${base}/courses/${c.courseId}#achievement-${encodeURIComponent(c.courseVersionLabel)}`;
  const statusList = `${base}${STATUS_LIST_PATH}`;
  const scored = c.results.filter((r) => r.percent !== null);
  return {
    "@context": [
      "https://www.w3.org/ns/credentials/v2",
      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    id: `urn:uuid:${c.id}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer,
    validFrom: c.issuedAt.toISOString(),
    ...(c.expiresAt ? { validUntil: c.expiresAt.toISOString() } : {}),
    name: `${c.courseTitle}: certificate of completion`,
    credentialSubject: {
      id: `urn:uuid:${c.userId}`,
      type: ["AchievementSubject"],
      identifier: [
        {
          type: "IdentityObject",
          identityHash: `sha256$${c.identityHash}`,
          identityType: "emailAddress",
          hashed: true,
          salt: c.identitySalt,
        },
      ],
      activityEndDate: c.completedAt.toISOString(),
      creditsEarned: c.cpdHours,
      achievement: {
        id: achievementId,
        type: ["Achievement"],
        achievementType: "Certificate",
        name: c.courseTitle,
        description: c.courseSummary,
        criteria: {
          narrative: [
            `Completed every required module of "${c.courseTitle}" (version ${c.courseVersionLabel}): read the lessons, passed each module's quiz and finished each role-play at the required standard.`,
            "Learning outcomes:",
            ...c.outcomes.map((o) => `- ${o}`),
          ].join("\n"),
        },
        creditsAvailable: c.cpdHours,
        creator: issuer,
        resultDescription: scored.map((r) => ({
          id: `${achievementId}-${r.skill}`,
          type: ["ResultDescription"],
          name: r.label,
          resultType: "Percent",
          valueMin: "0",
          valueMax: "100",
        })),
      },
      result: scored.map((r) => ({
        type: ["Result"],
        resultDescription: `${achievementId}-${r.skill}`,
        value: String(r.percent),
      })),
    },
    credentialStatus: {
      id: `${statusList}#${c.statusIndex}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(c.statusIndex),
      statusListCredential: statusList,
    },
  };
}

export type Credential = ReturnType<typeof buildCredential>;

/** signs any credential as a vc-jwt with the active key */
export async function signCredential(credential: {
  id: string;
  issuer: { id: string } | string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: { id?: string };
}) {
  const key = await activeKey();
  const issuerId = typeof credential.issuer === "string" ? credential.issuer : credential.issuer.id;
  let jwt = new SignJWT(credential as unknown as Record<string, unknown>)
    .setProtectedHeader({ alg: ALG, kid: keyUrl(key.id), typ: "JWT" })
    .setIssuer(issuerId)
    .setJti(credential.id)
    .setNotBefore(Math.floor(new Date(credential.validFrom).getTime() / 1000));
  if (credential.credentialSubject.id) jwt = jwt.setSubject(credential.credentialSubject.id);
  if (credential.validUntil)
    jwt = jwt.setExpirationTime(Math.floor(new Date(credential.validUntil).getTime() / 1000));
  return jwt.sign(key.privateKey);
}
