import { SignJWT } from "jose";
import { getEnv } from "~/env.server";
import type { EvidenceV2 } from "./evidence";
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
  results: EvidenceV2;
  statusIndex: number;
  code: string;
};

export function buildCredential(c: CertificateFacts) {
  const base = origin();
  const issuer = issuerProfile();
  const achievementId = `${base}/courses/${c.courseId}#achievement-${encodeURIComponent(c.courseVersionLabel)}`;
  const statusList = `${base}${STATUS_LIST_PATH}`;
  const { descriptions, results } = credentialResults(achievementId, c.results);
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
        resultDescription: descriptions,
      },
      result: results,
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

type ResultDescription = {
  id: string;
  type: ["ResultDescription"];
  name: string;
  resultType: "RawScore" | "ext:AttemptNumber";
  valueMin: string;
  valueMax?: string;
  requiredValue?: string;
};
type Result = { type: ["Result"]; resultDescription: string; value: string };

/**
 * the evidence as open badges results: per role-play skill a RawScore between the scenario's
 * lowest and best reachable totals, and per role-play and quiz the attempt that completed it
 * (ext:AttemptNumber). a result is given only for what was achieved; its description is there
 * either way.
 */
export function credentialResults(achievementId: string, evidence: EvidenceV2) {
  const descriptions: ResultDescription[] = [];
  const results: Result[] = [];
  const add = (d: Omit<ResultDescription, "type">, value: number | null) => {
    descriptions.push({ type: ["ResultDescription"], ...d });
    if (value !== null) results.push({ type: ["Result"], resultDescription: d.id, value: String(value) });
  };
  for (const m of evidence.modules) {
    const base = `${achievementId}-${m.moduleId}`;
    for (const r of m.roleplays) {
      for (const s of r.scores) {
        add(
          {
            id: `${base}-${r.activityId}-${s.skill}`,
            name: `${m.label}: role-play "${r.title}": ${s.label} score`,
            resultType: "RawScore",
            valueMin: String(s.min),
            valueMax: String(s.max),
            ...(s.required !== null ? { requiredValue: String(s.required) } : {}),
          },
          r.attempt === null ? null : s.score,
        );
      }
      add(
        {
          id: `${base}-${r.activityId}-attempt`,
          name: `${m.label}: role-play "${r.title}": attempt that completed it`,
          resultType: "ext:AttemptNumber",
          valueMin: "1",
        },
        r.attempt,
      );
    }
    for (const q of m.quizzes) {
      add(
        {
          id: `${base}-${q.activityId}-attempt`,
          name: `${m.label}: quiz "${q.title}": attempt that passed (pass mark ${q.passMark}%)`,
          resultType: "ext:AttemptNumber",
          valueMin: "1",
        },
        q.passedAtAttempt,
      );
    }
  }
  return { descriptions, results };
}

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
