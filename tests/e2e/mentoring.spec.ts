import { readFileSync } from "node:fs";
import type { Browser, Page } from "@playwright/test";
import { courseForUser, enrol } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { createRequest, proposeMentor } from "~/mentoring/requests.server";
import { joinRegister, saveScheme, type MentorProfileInput } from "~/mentoring/schemes.server";
import { completeFixtureCourse } from "../setup/courses";
import { pdfText } from "../setup/pdf";
import {
  expect,
  expectAccessible,
  grant,
  latestEmailTo,
  makeOrganisation,
  makeUser,
  retryIfLocked,
  signInAs,
  test,
} from "./fixtures";

// a mentoring scheme as its people use it, in chromium (issue 18): asking, suggestions that
// leave out the line manager and the full mentor, the mentor's yes, the agreement and its pdf,
// meetings with private notes nobody else can read (direct addresses included), ending and
// evaluation, and the lead's counts with small groups held back.

const COURSE = "demo-course";
const DAY = 86_400_000;
const ukDay = (t: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(t);

type Person = { id: string; name: string; email: string };

/** a deanery running a scheme on the fixture course, with its lead, hr and certified mentors */
async function deanery(matchingMode: "mentee_chooses" | "lead_matches" = "mentee_chooses") {
  return retryIfLocked(async () => {
    const org = await makeOrganisation("deanery");
    const tag = crypto.randomUUID().slice(0, 6);
    const user = async (name: string, role: "trainee" | "scheme_lead" | "hr" | null, isAdmin = false) => {
      const u = await makeUser({ name: `${name} ${tag}`, isAdmin });
      if (role) await grant(u.id, org.id, role);
      return u as Person;
    };
    const lead = await user("Dr Lead", "scheme_lead");
    const hr = await user("Harriet HR", "hr");
    const admin = await user("Admin", null, true);
    const scheme = await saveScheme({ id: lead.id, isAdmin: false }, org.id, {
      name: `Mentoring ${tag}`,
      mentorEntry: "certificate",
      matchingMode,
      defaultMonths: 12,
    });
    await prisma.mentoringScheme.update({ where: { id: scheme.id }, data: { courseId: COURSE } });
    const certified = async (name: string) => {
      const u = await user(name, "trainee");
      const enrolment = await enrol(u.id, COURSE);
      await completeFixtureCourse(enrolment, (await courseForUser(COURSE, u.id))!.definition);
      return u;
    };
    const profile = (over: Partial<MentorProfileInput> = {}): MentorProfileInput => ({
      specialty: "Psychiatry",
      grade: "Consultant",
      nation: "england",
      areas: ["career", "wellbeing"],
      modes: ["video"],
      capacity: 2,
      ...over,
    });
    // the line manager fits best of all (same specialty, same areas): only the conflict keeps them out
    const lineManager = await certified("Dr Line Manager");
    await joinRegister(lineManager.id, scheme.id, profile({ capacity: 3 }));
    // one place, taken by a request waiting for their answer
    const full = await certified("Dr Full");
    const fullProfile = await joinRegister(full.id, scheme.id, profile({ capacity: 1 }));
    const other = await user("Dr Other Mentee", "trainee");
    const otherRequest = await createRequest(other.id, scheme.id, {
      areas: ["career"],
      hopes: "Another doctor's hopes",
      specialty: "Surgery",
      nation: "england",
      modes: ["video"],
      conflicts: [],
    });
    if (matchingMode === "mentee_chooses") {
      await proposeMentor({ id: other.id, isAdmin: false }, otherRequest.id, fullProfile.id);
    } else {
      await proposeMentor({ id: lead.id, isAdmin: false }, otherRequest.id, fullProfile.id);
    }
    const goodFit = await certified("Dr Good Fit");
    await joinRegister(goodFit.id, scheme.id, profile({ specialty: "General practice", nation: "wales" }));
    const mentee = await user("Dr Mentee", "trainee");
    return { org, scheme, lead, hr, admin, lineManager, full, goodFit, mentee };
  });
}

async function as(browser: Browser, person: Person, baseURL: string) {
  const context = await browser.newContext();
  await signInAs(context, person.id, baseURL);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  return { page, errors, close: () => context.close() };
}

async function askForAMentor(page: Page, lineManagerEmail: string) {
  await page.goto("/mentoring");
  await page.getByRole("link", { name: "Ask for a mentor" }).click();
  await expect(page.getByText("Telling them is a courtesy, not a request for permission.")).toBeVisible();
  await page.getByLabel("Career decisions and next steps").check();
  await page
    .getByLabel("What you hope to get out of mentoring")
    .fill("To decide between two specialty applications.");
  await page.getByLabel("Your specialty").fill("Psychiatry");
  await page.getByRole("group", { name: "The nation you work in" }).getByLabel("England").check();
  await page.getByLabel("Video call").check();
  await page.getByLabel("Your line manager's email address (optional)").fill(lineManagerEmail.toUpperCase());
  await page.getByRole("button", { name: "Ask for a mentor" }).click();
}

test("a doctor asks, chooses a mentor who is neither their line manager nor full; the mentor says yes; they agree, meet with private notes, and end", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const d = await deanery();
  await signInAs(page.context(), d.mentee.id, baseURL!);

  // the request form: nothing typed is lost to an error
  await page.goto("/mentoring");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Ask for a mentor" }).click();
  await expectAccessible(page);
  await page.getByLabel("Your specialty").fill("Psychiatry");
  await page.getByLabel("Your line manager's email address (optional)").fill("not an address");
  await page.getByRole("button", { name: "Ask for a mentor" }).click();
  const summary = page.locator(".nhsuk-error-summary");
  await expect(summary).toContainText("Choose at least one area where a mentor would help");
  await expect(summary).toContainText("Give their email address in the correct format");
  await expect(page.getByLabel("Your specialty")).toHaveValue("Psychiatry");
  await expect(page.getByLabel("Your line manager's email address (optional)")).toHaveValue("not an address");
  await expectAccessible(page);
  expect(await prisma.mentorRequest.count({ where: { menteeId: d.mentee.id } })).toBe(0);

  await askForAMentor(page, d.lineManager.email);
  await expect(page.getByRole("heading", { name: "Mentors who fit your request" })).toBeVisible();
  // the line manager (the best fit on paper) and the mentor with no place free are not offered
  await expect(page.locator(".nhsuk-card__heading")).toHaveText([d.goodFit.name]);
  await expect(page.getByText("Certificate verified")).toBeVisible();
  await expect(page.locator("main")).not.toContainText(d.lineManager.name);
  await expect(page.locator("main")).not.toContainText(d.full.name);
  await expectAccessible(page);
  await page.getByRole("button", { name: `Choose ${d.goodFit.name}` }).click();
  await expect(page.getByText(`With ${d.goodFit.name}, waiting for their answer`)).toBeVisible();
  expect(latestEmailTo(d.goodFit.email)).toContain("A doctor has asked you to be their mentor");
  expect(latestEmailTo(d.goodFit.email)).not.toContain("two specialty applications");

  // the mentor reads the request and says yes, then writes the agreement
  const mentor = await as(browser, d.goodFit, baseURL!);
  await mentor.page.goto("/mentoring");
  await expect(mentor.page.getByRole("heading", { name: "Doctors asking you to mentor them" })).toBeVisible();
  await expect(mentor.page.getByText("To decide between two specialty applications.")).toBeVisible();
  await expectAccessible(mentor.page);
  await mentor.page.getByRole("button", { name: `Yes, mentor ${d.mentee.name}` }).click();
  await expect(
    mentor.page.getByRole("heading", { level: 1, name: `Mentoring ${d.mentee.name}` }),
  ).toBeVisible();
  const pairUrl = new URL(mentor.page.url()).pathname;
  await expectAccessible(mentor.page);
  await mentor.page.getByRole("link", { name: "Write your agreement" }).click();
  await expect(mentor.page.getByLabel("Confidentiality and its limits")).toHaveValue(/serious harm/);
  await mentor.page
    .getByLabel("What the mentee wants to get out of mentoring")
    .fill("OBJECTIVE-choose a specialty");
  await mentor.page.getByRole("button", { name: "Save and confirm the agreement" }).click();
  // the unfilled fields and the no-fault ending are each named
  await expect(mentor.page.locator(".nhsuk-error-summary")).toContainText("Say how often you will meet");
  await expect(mentor.page.locator(".nhsuk-error-summary")).toContainText(
    "either can end the relationship without blame",
  );
  await expect(mentor.page.getByLabel("What the mentee wants to get out of mentoring")).toHaveValue(
    "OBJECTIVE-choose a specialty",
  );
  await expectAccessible(mentor.page);
  await mentor.page.getByLabel("How often you will meet, and for how long").fill("An hour every 6 weeks");
  await mentor.page.getByLabel("Video call").check();
  await mentor.page
    .getByLabel("Your goals, and how you will both know they are being met")
    .fill("A decision by March");
  // the crisis plan and the notes policy start from the course's own text
  await expect(mentor.page.getByLabel(/what the mentee will do in a crisis/)).toHaveValue(
    /not an emergency service/,
  );
  await expect(mentor.page.getByLabel(/Notes: who keeps them/)).toHaveValue(/We delete our notes/);
  await mentor.page.getByLabel("When you will review how it is going").fill(ukDay(Date.now() + 60 * DAY));
  await mentor.page
    .getByLabel("Either of us can end the mentoring relationship at any time, without blame")
    .check();
  await mentor.page.getByRole("button", { name: "Save and confirm the agreement" }).click();
  await expect(mentor.page.getByText("You have confirmed it; it is waiting for")).toBeVisible();

  // the mentee confirms it and downloads the pdf
  await page.goto(pairUrl);
  await expect(page.getByRole("heading", { level: 1, name: `Mentored by ${d.goodFit.name}` })).toBeVisible();
  await page.getByRole("button", { name: "Confirm version 1 of the agreement" }).click();
  await expect(page.getByText("You have both confirmed it.")).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the agreement (PDF)" }).click();
  const text = pdfText(readFileSync((await (await download).path())!));
  expect(text).toContain("Mentoring agreement");
  expect(text).toContain("OBJECTIVE-choose a specialty");
  expect(text).toMatch(/The mentor confirmed on/);
  expect(text).toMatch(/The mentee confirmed on/);

  // a meeting that happened, with the mentee's private notes
  await page.getByText("Add a meeting").click();
  // a meeting before the mentoring began is refused, and nothing is added
  await page.getByLabel("Date").fill(ukDay(Date.now() - 3 * DAY));
  await page.getByLabel("Length in minutes").fill("90");
  await page.getByRole("group", { name: "How you meet" }).getByLabel("Video call").check();
  await page.getByRole("button", { name: "Add the meeting" }).click();
  await expect(page.locator(".nhsuk-error-summary")).toContainText("before your mentoring began");
  await expect(page.getByLabel("Length in minutes")).toHaveValue("90");
  // earlier today, so it has happened
  await page.getByLabel("Date").fill(ukDay(Date.now()));
  await page.getByLabel("Time (UK)").fill("00:00");
  await page.getByLabel("Length in minutes").fill("90");
  await page.getByRole("group", { name: "How you meet" }).getByLabel("Video call").check();
  await page.getByRole("button", { name: "Add the meeting" }).click();
  await expect(page.getByText("The meeting has been added.")).toBeVisible();
  await page.getByRole("link", { name: /Write notes/ }).click();
  await expect(page.getByText(/These notes are shown only to you./)).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Your notes").fill("MENTEE-NOTE-worried about the interview");
  await page.getByRole("button", { name: "Save your notes" }).click();
  await expect(page.getByText("Your notes have been saved.")).toBeVisible();
  const meetingUrl = new URL(page.url()).pathname;

  // a meeting to come, with a calendar invitation by email to both
  await page.goto(pairUrl);
  await page.getByText("Add a meeting").click();
  await page.getByLabel("Date").fill(ukDay(Date.now() + 20 * DAY));
  await page.getByLabel("Time (UK)").fill("17:30");
  await page.getByLabel("Length in minutes").fill("60");
  await page.getByRole("group", { name: "How you meet" }).getByLabel("Phone").check();
  await page.getByLabel("Email us both a calendar invitation (for a meeting to come)").check();
  await page.getByRole("button", { name: "Add the meeting" }).click();
  await expect(page.getByText("A calendar invitation has been emailed to you both.")).toBeVisible();
  await expectAccessible(page);
  for (const email of [d.goodFit.email, d.mentee.email]) {
    const eml = latestEmailTo(email)!;
    expect(eml).toContain("Content-Type: text/calendar");
    const ics = Buffer.from(
      eml.split("Content-Transfer-Encoding: base64")[1]!.split("--mt-")[0]!.replace(/\s/g, ""),
      "base64",
    ).toString();
    expect(ics).toContain("BEGIN:VEVENT");
    expect(ics).toContain("DURATION:PT60M");
    expect(ics + eml).not.toContain("MENTEE-NOTE");
    expect(ics + eml).not.toContain("OBJECTIVE");
  }

  // the mentor opens the same meeting: the mentee's notes are not there
  await mentor.page.goto(meetingUrl);
  await expect(mentor.page.getByLabel("Your notes")).toHaveValue("");
  expect(await mentor.page.content()).not.toContain("MENTEE-NOTE");

  // nobody outside the pair can open any of it: not the lead, hr or an administrator
  for (const outsider of [d.lead, d.hr, d.admin, d.lineManager]) {
    const o = await as(browser, outsider, baseURL!);
    for (const url of [pairUrl, meetingUrl, `${pairUrl}/agreement`, `${pairUrl}/agreement.pdf`]) {
      const res = await o.page.request.get(url, { maxRedirects: 0 });
      expect(res.status(), `${outsider.name} ${url}`).toBe(404);
      const body = await res.text();
      expect(body).not.toContain("MENTEE-NOTE");
      expect(body).not.toContain("OBJECTIVE");
    }
    await o.page.goto(pairUrl);
    await expect(o.page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await o.close();
  }

  // the mentor's hours in their cpd record: the meeting that happened, not the one to come
  await mentor.page.goto(pairUrl);
  await mentor.page
    .getByLabel("Your reflection on mentoring (what you learned, what you will do differently)")
    .fill("I listened more than I advised.");
  await mentor.page.getByRole("button", { name: "Add your mentoring hours to your CPD record" }).click();
  await expect(mentor.page.getByText("In your CPD record: 1.5 hours of mentoring.")).toBeVisible();
  await mentor.page.goto("/cpd");
  await expect(mentor.page.getByText(/Mentoring a doctor, Mentoring/)).toBeVisible();
  await expect(mentor.page.locator("main")).not.toContainText(d.mentee.name);
  await expectAccessible(mentor.page);

  // ending, without blame; then each gives an evaluation
  await page.goto(pairUrl);
  await page.getByRole("button", { name: "End the mentoring relationship" }).click();
  await expect(page.locator(".nhsuk-error-summary")).toContainText("Tick the box to confirm");
  await page.getByLabel("I want to end this mentoring relationship").check();
  await page.getByRole("button", { name: "End the mentoring relationship" }).click();
  await expect(page.getByText("The mentoring relationship has ended.")).toBeVisible();
  expect(latestEmailTo(d.goodFit.email)).toContain("Your mentoring relationship has ended");
  await page.getByRole("button", { name: "Send your evaluation" }).click();
  await expect(page.locator(".nhsuk-error-summary")).toContainText("Choose how helpful it was");
  await page
    .getByRole("group", { name: /How helpful/ })
    .getByLabel("4")
    .check();
  await page
    .getByRole("group", { name: /How far were the goals met/ })
    .getByLabel("5")
    .check();
  await page
    .getByRole("group", { name: /recommend/ })
    .getByLabel("Yes")
    .check();
  await page.getByLabel(/Anything else/).fill("EVAL-COMMENT-kind and practical");
  await page.getByRole("button", { name: "Send your evaluation" }).click();
  await expect(page.getByText("Your evaluation has been saved.")).toBeVisible();
  // what they wrote stays readable to them
  await expect(page.getByRole("link", { name: "Read the agreement" })).toBeVisible();
  await expectAccessible(page);
  await mentor.page.goto(pairUrl);
  await expect(mentor.page.getByRole("button", { name: "Send your evaluation" })).toBeVisible();
  expect(mentor.errors).toEqual([]);
  await mentor.close();

  // the lead's counts: one ended pair; evaluations appear only for a quarter that has ended
  const lead = await as(browser, d.lead, baseURL!);
  await lead.page.goto(`/org/${d.org.id}/mentoring`);
  await expect(lead.page.getByRole("heading", { level: 1, name: d.scheme.name })).toBeVisible();
  await expect(lead.page.getByText("No quarter that has ended has evaluations yet.")).toBeVisible();
  await expectAccessible(lead.page);
  // five mentees' evaluations in the last quarter: its figure appears; mentees and mentors are not
  // shown apart (one group is under 5, so the other would give it away); this quarter's stays hidden
  const lastQuarter = new Date(Date.now() - 100 * DAY);
  const table = lead.page.getByRole("table", { name: /^(January|April|July|October) to \w+ \d{4}$/ });
  const row = (label: string) => table.getByRole("row", { name: new RegExp(`^${label}`) });
  const goodFitProfile = await prisma.mentorProfile.findFirstOrThrow({ where: { userId: d.goodFit.id } });
  for (let i = 0; i < 5; i++) {
    const mentee = await makeUser({ name: `Dr Past Mentee ${i}` });
    const request = await prisma.mentorRequest.create({
      data: {
        schemeId: d.scheme.id,
        menteeId: mentee.id,
        areas: '["career"]',
        hopes: "x",
        specialty: "x",
        nation: "england",
        modes: '["video"]',
        status: "matched",
        createdAt: new Date(lastQuarter.getTime() - 90 * DAY),
      },
    });
    const r = await prisma.mentoringRelationship.create({
      data: {
        schemeId: d.scheme.id,
        requestId: request.id,
        mentorProfileId: goodFitProfile.id,
        mentorId: d.goodFit.id,
        menteeId: mentee.id,
        startedAt: new Date(lastQuarter.getTime() - 80 * DAY),
        endedAt: lastQuarter,
      },
    });
    await prisma.mentoringEvaluation.create({
      data: {
        relationshipId: r.id,
        authorId: mentee.id,
        role: "mentee",
        helpful: 2,
        goalsMet: 3,
        recommend: true,
        createdAt: lastQuarter,
      },
    });
  }
  await lead.page.reload();
  await expect(row("Everyone")).toContainText("5");
  await expect(row("Everyone")).toContainText("2 out of 5");
  await expect(row("Everyone")).toContainText("100%");
  await expect(row("Mentees")).toContainText("Not shown");
  await expect(row("Mentors")).toContainText("Not shown");
  await expectAccessible(lead.page);
  await expect(lead.page.locator("main")).not.toContainText("EVAL-COMMENT");
  await expect(lead.page.locator("main")).not.toContainText("OBJECTIVE");
  expect(lead.errors).toEqual([]);
  await lead.close();
});

test("a lead matches by hand; the mentor says no, and the request goes back to the queue without them", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const d = await deanery("lead_matches");
  await signInAs(page.context(), d.mentee.id, baseURL!);
  await askForAMentor(page, d.lineManager.email);
  await expect(page.getByText("Waiting for a scheme lead to match you with a mentor")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Mentors who fit your request" })).toHaveCount(0);

  const lead = await as(browser, d.lead, baseURL!);
  await lead.page.goto(`/org/${d.org.id}/mentoring`);
  await lead.page.getByRole("link", { name: "The queue: requests waiting for a mentor" }).click();
  await expectAccessible(lead.page);
  await lead.page.getByRole("link", { name: d.mentee.name }).click();
  await expect(lead.page.getByText(`Line manager: ${d.lineManager.email}`)).toBeVisible();
  const suggested = lead.page.getByRole("table", { name: "Mentors who fit, best first" });
  await expect(suggested).toContainText(d.goodFit.name);
  await expect(suggested).not.toContainText(d.lineManager.name);
  await expect(suggested).not.toContainText(d.full.name);
  await expectAccessible(lead.page);
  await lead.page.getByRole("button", { name: `Ask ${d.goodFit.name}` }).click();
  await expect(lead.page.getByText("The request has gone to the mentor.")).toBeVisible();

  const mentor = await as(browser, d.goodFit, baseURL!);
  await mentor.page.goto("/mentoring");
  await mentor.page.getByRole("button", { name: "No, not this time" }).click();
  await expect(mentor.page.getByText("You have said no.")).toBeVisible();
  await expectAccessible(mentor.page);
  expect(latestEmailTo(d.mentee.email)).toContain("A scheme lead will match you with another mentor");
  await mentor.close();

  await lead.page.goto(`/org/${d.org.id}/mentoring/requests`);
  await lead.page.getByRole("link", { name: d.mentee.name }).click();
  await expect(lead.page.getByRole("table", { name: "Mentors this request has been put to" })).toContainText(
    "Said no",
  );
  // nobody else fits: the mentor who said no is not offered again
  await expect(lead.page.getByText("No mentor on the register fits this request now")).toBeVisible();
  await lead.page.goto(`/org/${d.org.id}/mentoring/register`);
  await expect(lead.page.getByRole("table")).toContainText(d.full.name);
  await expectAccessible(lead.page);
  await lead.page.goto(`/org/${d.org.id}/mentoring/settings`);
  await lead.page.getByLabel("How long a mentoring relationship usually runs, in months").fill("0");
  await lead.page.getByRole("button", { name: "Save the settings" }).click();
  await expect(lead.page.locator(".nhsuk-error-summary")).toContainText("At least 1 month");
  await expectAccessible(lead.page);
  expect(lead.errors).toEqual([]);
  await lead.close();
});

test("a certified doctor joins the register; one without the certificate is sent to the course", async ({
  page,
  baseURL,
}) => {
  const d = await deanery();
  const newcomer = await retryIfLocked(async () => {
    const u = await makeUser({ name: "Dr Newcomer" });
    await grant(u.id, d.org.id, "trainee");
    return u;
  });
  await signInAs(page.context(), d.mentee.id, baseURL!);
  await page.goto(`/mentoring/schemes/${d.scheme.id}/mentor`);
  await expect(page.getByRole("link", { name: "Take the mentoring course" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Join the register" })).toHaveCount(0);
  await expectAccessible(page);

  // a certified doctor, not yet on the register
  await retryIfLocked(async () => {
    const e = await enrol(newcomer.id, COURSE);
    await completeFixtureCourse(e, (await courseForUser(COURSE, newcomer.id))!.definition);
  });
  await page.context().clearCookies();
  await signInAs(page.context(), newcomer.id, baseURL!);
  await page.goto("/mentoring");
  await page.getByRole("link", { name: "Join the register of mentors" }).click();
  await expect(page.getByRole("link", { name: "verify your certificate" })).toBeVisible();
  await page.getByLabel("Your specialty").fill("Anaesthetics");
  await page.getByLabel("How many mentees you can take at once").fill("11");
  await page.getByRole("button", { name: "Join the register" }).click();
  const summary = page.locator(".nhsuk-error-summary");
  await expect(summary).toContainText("Give your grade");
  await expect(summary).toContainText("Choose at least one area you can help with");
  await expect(summary).toContainText("At most 10");
  await expect(page.getByLabel("Your specialty")).toHaveValue("Anaesthetics");
  await expectAccessible(page);
  await page.getByLabel("Your grade").fill("Specialty doctor");
  await page.getByRole("group", { name: "The nation you work in" }).getByLabel("Northern Ireland").check();
  await page.getByLabel("Wellbeing and workload").check();
  await page.getByLabel("Phone").check();
  await page.getByLabel("How many mentees you can take at once").fill("1");
  await page.getByRole("button", { name: "Join the register" }).click();
  await expect(page.getByText("Your place on the register has been saved.")).toBeVisible();
  await page.getByRole("button", { name: "Pause: take no new mentees" }).click();
  await expect(page.getByText("You are paused")).toHaveCount(2);
  await expectAccessible(page);
});
