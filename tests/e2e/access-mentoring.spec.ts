import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { logMeeting, saveAgreement, saveNote, CONFIDENTIALITY_LIMITS } from "~/mentoring/pair.server";
import { answerProposal, createRequest, proposeMentor } from "~/mentoring/requests.server";
import { approveMentor, joinRegister, saveScheme } from "~/mentoring/schemes.server";
import { expect, grant, makeOrganisation, makeUser, retryIfLocked, sessionCookie, test } from "./fixtures";
import { MENTORING_CASES, M_PEOPLE, type MIds, type MWho } from "./mentoring-access-cases";

// the mentoring routes as each kind of person, straight at the server (no ui): who may see a
// scheme's register and queue, and that a pair's pages do not exist for anyone outside it.

const ids = {} as MIds;
const clients = {} as Record<MWho, APIRequestContext>;
const SECRET = "PAIR-ONLY-agreement-objective";
const NOTE = "MENTOR-ONLY-private-note";

test.beforeAll(async ({ baseURL }) => {
  await retryIfLocked(async () => {
    const [orgA, orgB] = await Promise.all([makeOrganisation("deanery"), makeOrganisation("deanery")]);
    Object.assign(ids, { orgA: orgA.id, orgB: orgB.id });
    const people = {} as Record<Exclude<MWho, "anonymous">, { id: string; isAdmin: boolean }>;
    for (const who of M_PEOPLE) {
      if (who === "anonymous") continue;
      people[who] = await makeUser({ name: `Dr ${who}`, isAdmin: who === "admin" });
    }
    const roles: [MWho, string, "trainee" | "hr" | "college_admin" | "scheme_lead"][] = [
      ["outsider", orgB.id, "trainee"],
      ["member", orgA.id, "trainee"],
      ["mentor", orgA.id, "trainee"],
      ["mentee", orgA.id, "trainee"],
      ["lead", orgA.id, "scheme_lead"],
      ["leadB", orgB.id, "scheme_lead"],
      ["hr", orgA.id, "hr"],
      ["college", orgA.id, "college_admin"],
    ];
    for (const [who, org, role] of roles)
      await grant(people[who as Exclude<MWho, "anonymous">].id, org, role);
    const lead = people.lead;
    // entry by a lead's approval, so no certificate is needed here (the rule has its own tests)
    const settings = {
      name: "Scheme A",
      mentorEntry: "approved" as const,
      matchingMode: "mentee_chooses" as const,
      defaultMonths: 12,
    };
    const scheme = await saveScheme(lead, orgA.id, settings);
    await saveScheme(people.leadB, orgB.id, { ...settings, name: "Scheme B" });
    ids.scheme = scheme.id;
    const profile = {
      specialty: "Psychiatry",
      grade: "Consultant",
      nation: "england" as const,
      areas: ["career" as const],
      modes: ["video" as const],
      capacity: 3,
    };
    const mentorProfile = await joinRegister(people.mentor.id, scheme.id, profile);
    await approveMentor(lead, mentorProfile.id);
    ids.mentorProfile = mentorProfile.id;
    // the pair
    const ask = {
      areas: ["career" as const],
      hopes: "Career advice",
      specialty: "Psychiatry",
      nation: "england" as const,
      modes: ["video" as const],
      conflicts: [],
    };
    const request = await createRequest(people.mentee.id, scheme.id, ask);
    const proposal = await proposeMentor(people.mentee, request.id, mentorProfile.id);
    const pair = (await answerProposal(people.mentor.id, proposal.id, true))!;
    Object.assign(ids, { pair: pair.id, pairRequest: request.id });
    await saveAgreement(people.mentee.id, pair.id, {
      objectives: SECRET,
      frequency: "Monthly",
      modes: ["video"],
      goals: "Goals",
      confidentiality: CONFIDENTIALITY_LIMITS,
      contact: "Email",
      notes: "Our own",
      reviewDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      noFaultEnding: true,
    });
    const meeting = await logMeeting(people.mentor.id, pair.id, {
      heldAt: new Date(Date.now() - 86_400_000),
      minutes: 60,
      mode: "video",
    });
    await saveNote(people.mentor.id, meeting.id, NOTE);
    ids.meeting = meeting.id;
    // another mentor, with a request waiting on their answer
    const waiter = await makeUser({ name: "Dr Waiter" });
    const other = await makeUser({ name: "Dr Other Mentor" });
    await grant(waiter.id, orgA.id, "trainee");
    await grant(other.id, orgA.id, "trainee");
    const otherProfile = await joinRegister(other.id, scheme.id, profile);
    await approveMentor(lead, otherProfile.id);
    const waiting = await createRequest(waiter.id, scheme.id, ask);
    ids.waitingRequest = waiting.id;
    ids.proposal = (await proposeMentor({ id: waiter.id, isAdmin: false }, waiting.id, otherProfile.id)).id;
    for (const who of M_PEOPLE) {
      const cookie = who === "anonymous" ? undefined : await sessionCookie(people[who].id);
      clients[who] = await playwrightRequest.newContext({
        baseURL,
        extraHTTPHeaders: { origin: baseURL!, ...(cookie ? { cookie } : {}) },
        maxRedirects: 0,
      });
    }
  });
});

test.afterAll(async () => {
  await Promise.all(Object.values(clients).map((c) => c.dispose()));
});

for (const c of MENTORING_CASES) {
  const form = c.form?.({} as MIds) ?? {};
  const what = form.intent
    ? ` (${form.intent})`
    : Object.keys(form).length
      ? ` (${Object.keys(form).join(", ")})`
      : "";
  test(`mentoring: ${c.method} ${c.route}${what}: ${c.path({
    orgA: ":orgA",
    orgB: ":orgB",
    scheme: ":scheme",
    pair: ":pair",
    pairRequest: ":pairRequest",
    meeting: ":meeting",
    waitingRequest: ":waitingRequest",
    proposal: ":proposal",
    mentorProfile: ":mentorProfile",
  })}`, async () => {
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const who of M_PEOPLE) {
      const url = c.path(ids);
      const res =
        c.method === "GET"
          ? await clients[who].get(url)
          : await clients[who].post(url, { form: c.form?.(ids) ?? {} });
      let got = String(res.status());
      if (res.status() === 302 && /^\/sign-in\?redirectTo=/.test(res.headers().location ?? ""))
        got = "signin";
      outcomes[who] = got;
      expected[who] = String(c.expect[who]);
      // what a pair wrote never reaches anyone outside it, whatever the status
      if (who !== "mentor" && who !== "mentee") {
        const body = await res.text();
        expect(body, `${who} ${c.method} ${url}`).not.toContain(SECRET);
        expect(body, `${who} ${c.method} ${url}`).not.toContain(NOTE);
      }
      if (who === "mentee") expect(await res.text(), `mentee ${c.method} ${url}`).not.toContain(NOTE);
    }
    expect(outcomes).toEqual(expected);
  });
}

test("the pair's download of their data holds their own notes only", async () => {
  const mentor = await (await clients.mentor.get(`/mentoring/schemes/${ids.scheme}/my-data.json`)).json();
  const mentee = await (await clients.mentee.get(`/mentoring/schemes/${ids.scheme}/my-data.json`)).json();
  expect(JSON.stringify(mentor)).toContain(NOTE);
  expect(JSON.stringify(mentee)).not.toContain(NOTE);
  expect(JSON.stringify(mentee)).toContain(SECRET);
  const lead = await (await clients.lead.get(`/mentoring/schemes/${ids.scheme}/my-data.json`)).json();
  expect(lead.relationships).toEqual([]);
  expect(JSON.stringify(lead)).not.toContain(SECRET);
  // the agreement pdf for a version that does not exist, and a version that is not a number
  expect((await clients.mentor.get(`/mentoring/pairs/${ids.pair}/agreement.pdf?version=9`)).status()).toBe(
    404,
  );
  expect((await clients.mentor.get(`/mentoring/pairs/${ids.pair}/agreement.pdf?version=x`)).status()).toBe(
    400,
  );
  const pdf = await clients.mentor.get(`/mentoring/pairs/${ids.pair}/agreement.pdf?version=1`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect(pdf.headers()["cache-control"]).toContain("no-store");
});
