// the mentoring scheme's routes in the access matrix (issue 18): every route module, as each
// kind of person. the people are the scheme's own (its lead, the two of a pair, a member),
// the organisation's other staff (hr, college administrator), another organisation's lead
// and member, a platform administrator, and nobody signed in. access.spec.ts checks that
// every route module is covered by its cases or these.

export type MWho =
  "anonymous" | "outsider" | "member" | "mentor" | "mentee" | "lead" | "leadB" | "hr" | "college" | "admin";
export const M_PEOPLE: MWho[] = [
  "anonymous",
  "outsider",
  "member",
  "mentor",
  "mentee",
  "lead",
  "leadB",
  "hr",
  "college",
  "admin",
];
export type MExpect = 200 | 302 | 400 | 403 | 404 | 409 | "signin";

export type MIds = {
  orgA: string;
  orgB: string;
  scheme: string;
  /** the pair's relationship, its request (matched), a meeting of theirs */
  pair: string;
  pairRequest: string;
  meeting: string;
  /** a request with a proposal waiting on another mentor, and that proposal */
  waitingRequest: string;
  proposal: string;
  /** the mentor's place on the register */
  mentorProfile: string;
};

export type MCase = {
  route: string;
  method: "GET" | "POST";
  path: (ids: MIds) => string;
  form?: (ids: MIds) => Record<string, string>;
  expect: Record<MWho, MExpect>;
};

const everyone = (status: MExpect): Record<MWho, MExpect> =>
  Object.fromEntries(M_PEOPLE.map((p) => [p, status])) as Record<MWho, MExpect>;
const signedIn = (status: MExpect) => ({ ...everyone(status), anonymous: "signin" as const });
/** the organisation's members in any role; another organisation's people and admins are not */
const members = (status: MExpect) => ({
  ...signedIn(403),
  member: status,
  mentor: status,
  mentee: status,
  lead: status,
  hr: status,
  college: status,
});
/** the two people of the pair; for everyone else the relationship does not exist */
const pairOnly = (status: MExpect) => ({ ...signedIn(404), mentor: status, mentee: status });
/** the scheme's own leads (and, for settings and counts, platform administrators) */
const leadOnly = (status: MExpect, admin: MExpect = 403) => ({ ...signedIn(403), lead: status, admin });

export const MENTORING_CASES: MCase[] = [
  { route: "mentoring._index", method: "GET", path: () => "/mentoring", expect: signedIn(200) },
  {
    // a proposal put to another mentor: nobody here may answer it
    route: "mentoring._index",
    method: "POST",
    path: () => "/mentoring",
    form: (ids) => ({ intent: "accept", proposalId: ids.proposal }),
    expect: signedIn(404),
  },
  {
    route: "mentoring.schemes.$schemeId.mentor",
    method: "GET",
    path: (ids) => `/mentoring/schemes/${ids.scheme}/mentor`,
    expect: members(200),
  },
  {
    route: "mentoring.schemes.$schemeId.mentor",
    method: "POST",
    path: (ids) => `/mentoring/schemes/${ids.scheme}/mentor`,
    form: () => ({ specialty: "" }),
    expect: members(400),
  },
  {
    // pausing someone else's place on the register
    route: "mentoring.schemes.$schemeId.mentor",
    method: "POST",
    path: (ids) => `/mentoring/schemes/${ids.scheme}/mentor`,
    form: (ids) => ({ intent: "pause", profileId: ids.mentorProfile }),
    expect: { ...signedIn(404), mentor: 302 },
  },
  {
    route: "mentoring.schemes.$schemeId.request",
    method: "GET",
    path: (ids) => `/mentoring/schemes/${ids.scheme}/request`,
    expect: members(200),
  },
  {
    route: "mentoring.schemes.$schemeId.request",
    method: "POST",
    path: (ids) => `/mentoring/schemes/${ids.scheme}/request`,
    form: () => ({ hopes: "" }),
    expect: members(400),
  },
  {
    route: "mentoring.requests.$requestId",
    method: "GET",
    path: (ids) => `/mentoring/requests/${ids.pairRequest}`,
    expect: { ...signedIn(404), mentee: 200 },
  },
  {
    route: "mentoring.requests.$requestId",
    method: "POST",
    path: (ids) => `/mentoring/requests/${ids.pairRequest}`,
    form: () => ({ intent: "withdraw" }),
    // the mentee's request is matched: no longer open
    expect: { ...signedIn(404), mentee: 409 },
  },
  {
    route: "mentoring.pairs.$relationshipId._index",
    method: "GET",
    path: (ids) => `/mentoring/pairs/${ids.pair}`,
    expect: pairOnly(200),
  },
  {
    route: "mentoring.pairs.$relationshipId._index",
    method: "POST",
    path: (ids) => `/mentoring/pairs/${ids.pair}`,
    form: () => ({ intent: "end" }),
    expect: pairOnly(400),
  },
  {
    route: "mentoring.pairs.$relationshipId._index",
    method: "POST",
    path: (ids) => `/mentoring/pairs/${ids.pair}`,
    form: () => ({ intent: "goal", title: "" }),
    expect: pairOnly(400),
  },
  {
    route: "mentoring.pairs.$relationshipId.agreement",
    method: "GET",
    path: (ids) => `/mentoring/pairs/${ids.pair}/agreement`,
    expect: pairOnly(200),
  },
  {
    route: "mentoring.pairs.$relationshipId.agreement",
    method: "POST",
    path: (ids) => `/mentoring/pairs/${ids.pair}/agreement`,
    form: () => ({ objectives: "" }),
    expect: pairOnly(400),
  },
  {
    route: "mentoring.pairs.$relationshipId.agreement[.]pdf",
    method: "GET",
    path: (ids) => `/mentoring/pairs/${ids.pair}/agreement.pdf`,
    expect: pairOnly(200),
  },
  {
    route: "mentoring.pairs.$relationshipId.meetings.$meetingId",
    method: "GET",
    path: (ids) => `/mentoring/pairs/${ids.pair}/meetings/${ids.meeting}`,
    expect: pairOnly(200),
  },
  {
    route: "mentoring.pairs.$relationshipId.meetings.$meetingId",
    method: "POST",
    path: (ids) => `/mentoring/pairs/${ids.pair}/meetings/${ids.meeting}`,
    form: () => ({ note: "x".repeat(20_001) }),
    expect: pairOnly(400),
  },
  {
    // a person's own data: anyone signed in gets theirs (someone who has left the organisation too)
    route: "mentoring.schemes.$schemeId.my-data",
    method: "GET",
    path: (ids) => `/mentoring/schemes/${ids.scheme}/my-data`,
    expect: signedIn(200),
  },
  {
    route: "mentoring.schemes.$schemeId.my-data",
    method: "POST",
    path: (ids) => `/mentoring/schemes/${ids.scheme}/my-data`,
    form: () => ({}),
    expect: signedIn(400),
  },
  {
    route: "mentoring.schemes.$schemeId.my-data[.]json",
    method: "GET",
    path: (ids) => `/mentoring/schemes/${ids.scheme}/my-data.json`,
    expect: signedIn(200),
  },
  {
    // the organisation's people page: its scheme leads invite mentors, mentees and other leads
    route: "org.$orgId._index",
    method: "GET",
    path: (ids) => `/org/${ids.orgA}`,
    expect: { ...signedIn(403), lead: 200, hr: 200, college: 200, admin: 200 },
  },
  {
    route: "org.$orgId.mentoring._index",
    method: "GET",
    path: (ids) => `/org/${ids.orgA}/mentoring`,
    expect: leadOnly(200, 200),
  },
  {
    route: "org.$orgId.mentoring.settings",
    method: "GET",
    path: (ids) => `/org/${ids.orgA}/mentoring/settings`,
    expect: leadOnly(200, 200),
  },
  {
    route: "org.$orgId.mentoring.settings",
    method: "POST",
    path: (ids) => `/org/${ids.orgA}/mentoring/settings`,
    form: () => ({ name: "" }),
    expect: leadOnly(400, 400),
  },
  {
    route: "org.$orgId.mentoring.register",
    method: "GET",
    path: (ids) => `/org/${ids.orgA}/mentoring/register`,
    expect: leadOnly(200),
  },
  {
    // approving a mentor already approved: the lead may (it changes nothing)
    route: "org.$orgId.mentoring.register",
    method: "POST",
    path: (ids) => `/org/${ids.orgA}/mentoring/register`,
    form: (ids) => ({ profileId: ids.mentorProfile }),
    expect: leadOnly(302),
  },
  {
    // another organisation's lead, on their own organisation's page, naming A's mentor
    route: "org.$orgId.mentoring.register",
    method: "POST",
    path: (ids) => `/org/${ids.orgB}/mentoring/register`,
    form: (ids) => ({ profileId: ids.mentorProfile }),
    expect: { ...signedIn(403), leadB: 403 },
  },
  {
    route: "org.$orgId.mentoring.requests._index",
    method: "GET",
    path: (ids) => `/org/${ids.orgA}/mentoring/requests`,
    expect: leadOnly(200),
  },
  {
    route: "org.$orgId.mentoring.requests.$requestId",
    method: "GET",
    path: (ids) => `/org/${ids.orgA}/mentoring/requests/${ids.waitingRequest}`,
    expect: leadOnly(200),
  },
  {
    // A's request through B's pages: B's lead finds nothing
    route: "org.$orgId.mentoring.requests.$requestId",
    method: "GET",
    path: (ids) => `/org/${ids.orgB}/mentoring/requests/${ids.waitingRequest}`,
    expect: { ...signedIn(403), leadB: 404 },
  },
  {
    route: "org.$orgId.mentoring.requests.$requestId",
    method: "POST",
    path: (ids) => `/org/${ids.orgA}/mentoring/requests/${ids.waitingRequest}`,
    form: () => ({ profileId: "not-a-mentor" }),
    // the request is with a mentor for their answer: it cannot be matched again
    expect: leadOnly(409),
  },
];
