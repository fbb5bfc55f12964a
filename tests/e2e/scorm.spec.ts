import type { FrameLocator, Page } from "@playwright/test";
import { enrol } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { attachPackage } from "~/scorm/attachments.server";
import { PLAYER_ERROR_TEXT } from "~/activities/scorm/player-messages";
import { HOSTILE_TEXT, hostilePackage } from "../setup/hostile-scorm";
import { importBuiltPackage, importSharedPackage } from "../setup/scorm";
import {
  expect,
  expectAccessible,
  grant,
  makeOrganisation,
  makeUser,
  retryIfLocked,
  signInAs,
  test,
} from "./fixtures";

// real golf packages (rustici, cc by 3.0) played in chromium through the content origin. one
// worker: the setup attaches packages to the scorm test course, which makes a new version of it.
test.describe.configure({ mode: "serial" });

const COURSE = "scorm-course";
const MODULE = "elearning";
const packages = { basic12: "", basic2004: "", multi: "", hostile: "" };
const activities = { basic12: "", basic2004: "", multi: "", hostile: "" };

test.beforeAll(async () => {
  await retryIfLocked(async () => {
    if (packages.basic12) return;
    const college = await makeOrganisation("royal_college");
    const admin = await makeUser({ isAdmin: true });
    const zips = {
      basic12: "moodle/singlescobasic.zip",
      basic2004: "moodle/RuntimeBasicCalls_SCORM20043rdEdition.zip",
      multi: "moodle/RuntimeMinimumCalls_SCORM12-mini.zip",
    } as const;
    const imported = { ...packages };
    for (const key of Object.keys(zips) as (keyof typeof zips)[]) {
      imported[key] = (await importSharedPackage(college.id, zips[key])).packageId;
    }
    // built here: a package whose first part attacks the platform page
    imported.hostile = (await importBuiltPackage(college.id, hostilePackage(), "hostile.zip")).packageId;
    for (const key of Object.keys(packages) as (keyof typeof packages)[]) {
      packages[key] = imported[key];
      const { activityId } = await attachPackage({
        packageId: imported[key],
        courseId: COURSE,
        moduleId: MODULE,
        rule: key === "basic2004" ? "passed" : "completed",
        required: true,
        actorId: admin.id,
        organisationId: college.id,
      });
      activities[key] = activityId;
    }
  });
});

async function trainee(page: Page, baseURL: string) {
  const user = await makeUser();
  const org = await makeOrganisation("nhs_trust");
  await grant(user.id, org.id, "trainee");
  await enrol(user.id, COURSE);
  await signInAs(page.context(), user.id, baseURL);
  return user;
}

/** the sco's document: platform page → sandboxed wrapper (content origin) → sco */
function sco(page: Page): FrameLocator {
  return page.frameLocator("iframe.app-scorm__frame").frameLocator("#sco");
}
/**
 * waits until the wrapper has sized the frame to its content (once, as the sco loads): a click
 * while the frame is changing height can land where the button was
 */
async function sized(page: Page) {
  await expect(page.locator("iframe.app-scorm__frame")).toHaveAttribute("style", /height/);
}

async function attemptsOf(userId: string) {
  return prisma.scormAttempt.findMany({ where: { userId }, orderBy: [{ itemId: "asc" }, { number: "asc" }] });
}

/** answers the golf assessment correctly from its own question data, then submits it */
async function passGolfTest(frame: FrameLocator) {
  const content = frame.frameLocator("#contentFrame");
  await expect(content.locator("#test")).toBeVisible();
  await content.locator("body").evaluate(() => {
    const w = window as unknown as {
      test: { Questions: { Id: string; Type: string; Answers: string[]; CorrectAnswer: unknown }[] };
    };
    for (const q of w.test.Questions) {
      if (q.Type === "choice") {
        const i = q.Answers.findIndex((a) => a === q.CorrectAnswer);
        (document.getElementById(`question_${q.Id}_${i}`) as HTMLInputElement).checked = true;
      } else if (q.Type === "true-false") {
        (
          document.getElementById(
            `question_${q.Id}_${q.CorrectAnswer ? "True" : "False"}`,
          ) as HTMLInputElement
        ).checked = true;
      } else {
        (document.getElementById(`question_${q.Id}_Text`) as HTMLInputElement).value = String(
          q.CorrectAnswer,
        );
      }
    }
  });
  await content.getByRole("button", { name: /submit/i }).click();
  await expect(content.locator("#test")).toContainText("Score: 100");
}

test("SCORM 1.2: a trainee plays Golf to the end, passes its test, and status, score and time are recorded", async ({
  page,
  baseURL,
}) => {
  const user = await trainee(page, baseURL!);
  await page.goto(`/courses/${COURSE}/modules/${MODULE}/${activities.basic12}`);
  await expect(
    page.getByRole("heading", { level: 1, name: "Golf Explained - Run-time Basic Calls" }),
  ).toBeVisible();
  const frame = sco(page);
  await expect(frame.locator("#butNext")).toBeEnabled();
  await sized(page);
  await expectAccessible(page, { exclude: ["iframe.app-scorm__frame"] });
  for (let i = 0; i < 15; i++) await frame.locator("#butNext").click();
  await expect(frame.locator("#butNext")).toBeDisabled();
  await passGolfTest(frame);
  await frame.locator("#butExit").click();
  await expect(page.getByRole("status")).toContainText("This part is complete");

  const [attempt] = await attemptsOf(user.id);
  expect(attempt).toMatchObject({
    completionStatus: "completed",
    successStatus: "passed",
    scoreRaw: 100,
    scoreMax: 100,
    location: "15",
    // a normal exit: nothing to resume
    exit: null,
  });
  expect(attempt!.satisfiedAt).not.toBeNull();
  expect(attempt!.totalSeconds).toBeGreaterThan(0);
  expect(attempt!.totalTime).toMatch(/^\d{4}:\d{2}:\d{2}(\.\d{1,2})?$/);

  // the module page counts it
  await page.goto(`/courses/${COURSE}/modules/${MODULE}`);
  // the 1.2 and 2004 golf packages share a title; the 1.2 one was attached first
  const row = page.getByRole("listitem").filter({ hasText: "Golf Explained - Run-time Basic Calls" }).first();
  await expect(row).toContainText("Completed");
  await expect(row).toContainText("score 100%");
});

test("SCORM 1.2: reloading mid-way resumes at the bookmark with the time so far kept", async ({
  page,
  baseURL,
}) => {
  const user = await trainee(page, baseURL!);
  const url = `/courses/${COURSE}/modules/${MODULE}/${activities.basic12}`;
  await page.goto(url);
  const frame = sco(page);
  await expect(frame.locator("#butNext")).toBeEnabled();
  await sized(page);
  for (let i = 0; i < 5; i++) await frame.locator("#butNext").click();
  await expect(frame.locator("#contentFrame")).toHaveAttribute("src", /Etiquette\/Course\.html/);

  // the golf sco asks whether to resume; the answer is yes
  page.on("dialog", (dialog) => void dialog.accept());
  await page.reload();
  await expect(sco(page).locator("#contentFrame")).toHaveAttribute("src", /Etiquette\/Course\.html/);
  const [attempt] = await attemptsOf(user.id);
  expect(attempt).toMatchObject({
    location: "5",
    exit: "suspend",
    completionStatus: "incomplete",
    number: 1,
  });
  expect(JSON.parse(attempt!.cmi)).toMatchObject({ "cmi.core.lesson_location": "5" });
});

test("reopening a completed package asks: review it (nothing saved) or start a new attempt; the frame fits its content", async ({
  page,
  baseURL,
}) => {
  const user = await trainee(page, baseURL!);
  const enrolment = await prisma.enrolment.findFirstOrThrow({ where: { userId: user.id } });
  const version = await prisma.scormPackageVersion.findFirstOrThrow({
    where: { packageId: packages.basic12 },
  });
  const item = (await prisma.scormAttempt.findFirst({ where: { versionId: version.id } }))?.itemId;
  const finishedAt = new Date(Date.now() - 3600_000);
  const done = await prisma.scormAttempt.create({
    data: {
      userId: user.id,
      versionId: version.id,
      itemId: item ?? "item_1",
      number: 1,
      enrolmentId: enrolment.id,
      activityId: activities.basic12,
      cmi: JSON.stringify({ "cmi.core.lesson_location": "15", "cmi.core.lesson_status": "passed" }),
      completionStatus: "completed",
      successStatus: "passed",
      scoreRaw: 90,
      scoreMin: 0,
      scoreMax: 100,
      totalTime: "0000:20:00.00",
      totalSeconds: 1200,
      location: "15",
      lastCommitAt: finishedAt,
      satisfiedAt: finishedAt,
    },
  });
  await page.goto(`/courses/${COURSE}/modules/${MODULE}/${activities.basic12}`);
  // nothing opens, and no attempt is made, until the learner chooses
  const choice = page.getByRole("heading", { name: "You have completed this package" });
  await expect(choice).toBeFocused();
  await expect(page.locator("iframe.app-scorm__frame")).toHaveCount(0);
  await expectAccessible(page);
  expect(await prisma.scormAttempt.count({ where: { userId: user.id } })).toBe(1);

  // review: the finished attempt in review mode; what the sco does is not saved
  await page.getByRole("button", { name: "Review it" }).click();
  await expect(page.getByText("You are reviewing the attempt you finished")).toBeVisible();
  const wrapper = page.frameLocator("iframe.app-scorm__frame");
  await expect(sco(page).locator("#butNext")).toBeEnabled();
  const api = await wrapper.locator("body").evaluate(() => {
    const w = window as unknown as { API: { LMSGetValue(k: string): string } };
    return {
      mode: w.API.LMSGetValue("cmi.core.lesson_mode"),
      credit: w.API.LMSGetValue("cmi.core.credit"),
      status: w.API.LMSGetValue("cmi.core.lesson_status"),
    };
  });
  expect(api).toEqual({ mode: "review", credit: "no-credit", status: "passed" });
  await sco(page).locator("#butNext").click();
  await wrapper.locator("body").evaluate(() => {
    const w = window as unknown as {
      API: { LMSSetValue(k: string, v: string): string; LMSCommit(p: string): string };
    };
    w.API.LMSSetValue("cmi.core.lesson_status", "failed");
    w.API.LMSCommit("");
  });
  await page.waitForTimeout(500);
  const after = await prisma.scormAttempt.findMany({ where: { userId: user.id } });
  expect(after).toHaveLength(1);
  expect(after[0]).toMatchObject({ completionStatus: "completed", successStatus: "passed", location: "15" });
  expect(after[0]!.lastCommitAt).toEqual(finishedAt);

  // the frame is as tall as what it shows, so nothing sits below a frame that scrolls itself
  const heights = async () => ({
    frame: await page.locator("iframe.app-scorm__frame").evaluate((f) => f.getBoundingClientRect().height),
    content: await sco(page)
      .locator("html")
      .evaluate((d) => Math.max(d.scrollHeight, document.body?.scrollHeight ?? 0)),
  });
  await expect
    .poll(async () => {
      const h = await heights();
      return h.frame >= h.content - 8;
    })
    .toBe(true);

  // a new attempt starts from the beginning and is saved
  await page.getByRole("button", { name: "Start a new attempt instead" }).click();
  await expect(page.getByText("You are reviewing")).toHaveCount(0);
  await expect(sco(page).locator("#butNext")).toBeEnabled();
  await expect
    .poll(async () =>
      (await prisma.scormAttempt.findMany({ where: { userId: user.id } })).map((a) => a.number).sort(),
    )
    .toEqual([1, 2]);
  expect((await prisma.scormAttempt.findUniqueOrThrow({ where: { id: done.id } })).satisfiedAt).toEqual(
    finishedAt,
  );
});

test("SCORM 2004: a trainee plays Golf to the end and passes; completion, success and scaled score are recorded", async ({
  page,
  baseURL,
}) => {
  const user = await trainee(page, baseURL!);
  await page.goto(`/courses/${COURSE}/modules/${MODULE}/${activities.basic2004}`);
  const frame = sco(page);
  await expect(frame.locator("#butNext")).toBeEnabled();
  await sized(page);
  while (await frame.locator("#butNext").isEnabled()) await frame.locator("#butNext").click();
  await passGolfTest(frame);
  await frame.locator("#butExit").click();
  await expect(page.getByRole("status")).toContainText("This part is complete");
  const [attempt] = await attemptsOf(user.id);
  expect(attempt).toMatchObject({ completionStatus: "completed", successStatus: "passed", scoreScaled: 1 });
  expect(attempt!.totalTime).toMatch(/^PT/);
  expect(attempt!.satisfiedAt).not.toBeNull();
});

test("a multi-SCO package: the trainee moves between SCOs from the tree and with next", async ({
  page,
  baseURL,
}) => {
  const user = await trainee(page, baseURL!);
  await page.goto(`/courses/${COURSE}/modules/${MODULE}/${activities.multi}`);
  const tree = page.getByRole("navigation", { name: "Parts of this package" });
  const first = tree.getByRole("button", { name: "How to Play" });
  const second = tree.getByRole("button", { name: "Par?" });
  // 9 scos under 2 sections (a section is text, not a button)
  await expect(tree.getByRole("button")).toHaveCount(9);
  await expect(tree).toContainText("Playing the Game");
  await expect(first).toHaveAttribute("aria-current", "step");
  await expect(page.locator("iframe.app-scorm__frame")).toHaveAttribute("src", /\/player\//);
  await expect(sco(page).locator("h1")).toHaveText("Play of the game");
  await expectAccessible(page, { exclude: ["iframe.app-scorm__frame"] });

  // next part: the first sco finishes as it unloads (completed: it set no status), the second opens
  await page.getByRole("button", { name: "Next part" }).click();
  await expect(second).toHaveAttribute("aria-current", "step");
  // the second sco has loaded (and initialised) before the learner moves on
  await expect(sco(page).locator("h1")).toHaveText("Par");
  await expect
    .poll(async () => (await attemptsOf(user.id)).map((a) => a.itemId))
    .toEqual(["playing_par_item", "playing_playing_item"]);
  // back to the first from the tree
  await first.click();
  await expect(first).toHaveAttribute("aria-current", "step");
  await expect
    .poll(async () => (await attemptsOf(user.id)).filter((a) => a.completionStatus === "completed").length)
    .toBe(2);
  await expect(tree.getByRole("listitem").filter({ hasText: "Par?" })).toContainText("Completed");
});

test("a script in a package cannot read the platform's cookies or its page", async ({ page, baseURL }) => {
  await trainee(page, baseURL!);
  await page.goto(`/courses/${COURSE}/modules/${MODULE}/${activities.basic12}`);
  const frame = sco(page);
  await expect(frame.locator("#butNext")).toBeEnabled();
  const seen = await frame.locator("body").evaluate(() => {
    let top = "readable";
    try {
      top = window.top!.document.cookie;
    } catch {
      top = "blocked";
    }
    return { own: document.cookie, top, origin: location.origin };
  });
  const platformCookies = await page.context().cookies(baseURL!);
  expect(platformCookies.length).toBeGreaterThan(0);
  expect(seen.top).toBe("blocked");
  expect(seen.origin).not.toBe(new URL(baseURL!).origin);
  for (const c of platformCookies) expect(seen.own).not.toContain(c.value);
});

test("the demo package reads suspend_data straight after LMSInitialize, so a resumed learner sees their answers; 1.2's 4096 limit is an error, not a cut", async ({
  page,
  baseURL,
}) => {
  // the seed imports the demo package and attaches it (optional) to the main course
  const attachment = await prisma.scormAttachment.findFirstOrThrow({
    where: { courseId: "mentoring-for-doctors", package: { title: "Mentoring essentials: a self-check" } },
  });
  const user = await makeUser();
  await enrol(user.id, "mentoring-for-doctors");
  await signInAs(page.context(), user.id, baseURL!);
  await page.goto(`/courses/mentoring-for-doctors/modules/${attachment.moduleId}/${attachment.activityId}`);
  const frame = sco(page);
  await frame.getByLabel(/mentor should be separate from the line manager/).check();
  await frame.getByLabel("So that the mentee feels able to speak freely").check();
  await expect
    .poll(async () => (await attemptsOf(user.id))[0]?.suspendData ?? "")
    .toContain('"confidentiality":"a"');

  const api = await frame.locator("body").evaluate(() => {
    const API = (window.parent as unknown as { API: Record<string, (...a: string[]) => string> }).API;
    const tooLong = API.LMSSetValue!("cmi.suspend_data", "x".repeat(4097));
    const error = API.LMSGetLastError!();
    const fits = API.LMSSetValue!("cmi.suspend_data", API.LMSGetValue!("cmi.suspend_data"));
    return { tooLong, error, fits };
  });
  expect(api).toEqual({ tooLong: "false", error: "405", fits: "true" });

  await page.reload();
  await expect(frame.locator("#resume-note")).toHaveText(
    "Welcome back: your earlier answers have been restored.",
  );
  await expect(frame.getByLabel("So that the mentee feels able to speak freely")).toBeChecked();
  await frame.getByLabel("Diagnosing").check();
  await frame.getByLabel(/skilled in the process of mentorship/).check();
  await frame.getByLabel("Their deanery").check();
  await frame.getByRole("button", { name: "Check my answers" }).click();
  await expect(frame.getByRole("status")).toHaveText("You scored 5 out of 5. You have passed.");
  await expect(page.locator(".app-scorm__status")).toContainText("This part is complete");
  const [attempt] = await attemptsOf(user.id);
  expect(attempt).toMatchObject({
    successStatus: "passed",
    completionStatus: "completed",
    scoreRaw: 100,
    number: 1,
  });
});

type HostileSco = {
  attack: {
    postDirectly(): void;
    fakeServer(): string[];
    postThroughWrapper(messages?: object[]): void;
  };
  parent: { API_1484_11: Record<string, (...a: string[]) => string> };
};

/** calls the scorm 2004 api from the sco's own document, as the package's scripts do */
function api2004(frame: FrameLocator, calls: [string, ...string[]][]) {
  return frame.locator("body").evaluate((_, list) => {
    const api = (window as unknown as HostileSco).parent.API_1484_11;
    return list.map(([name, ...args]) => api[name]!(...args));
  }, calls);
}

test("a package's script cannot put its words on the platform page, claim a completion the server has not recorded, or open a part the learner may not open", async ({
  page,
  baseURL,
}) => {
  const user = await trainee(page, baseURL!);
  await page.goto(`/courses/${COURSE}/modules/${MODULE}/${activities.hostile}`);
  const tree = page.getByRole("navigation", { name: "Parts of this package" });
  const part = (name: string) => tree.getByRole("button", { name });
  const status = page.locator(".app-scorm__status");
  const alert = page.getByRole("alert");
  const frame = sco(page);
  await expect(part("Part one")).toHaveAttribute("aria-current", "step");
  await expect(frame.locator("#state")).toHaveText("Ready");
  const launches = () => prisma.scormLaunch.count({ where: { userId: user.id } });
  expect(await launches()).toBe(1);

  const attack = (step: keyof HostileSco["attack"], messages?: object[]) =>
    frame
      .locator("body")
      .evaluate((_, [name, list]) => (window as unknown as HostileSco).attack[name](list), [
        step,
        messages,
      ] as const);

  // fake messages straight to the platform page are dropped (not from the wrapper's window);
  // the wrapper's own message after them shows they have all arrived
  await attack("postDirectly");
  await attack("postThroughWrapper", [
    { source: "scorm-player", itemId: "part_one", type: "error", code: "connection" },
  ]);
  await expect(alert).toContainText(PLAYER_ERROR_TEXT.connection);
  await expect(status).not.toHaveAttribute("aria-busy", "true");
  await expect(status).toHaveText("");
  await expect(page.locator("body")).not.toContainText("evil.example");

  // the wrapper made to say what the package wants: any message from its own window, and its
  // reports of fake server answers. the well-formed ones are heard, as hints only
  await attack("postThroughWrapper");
  const fake = await attack("fakeServer");
  // the sco was told "true" for the first only because the package faked the server itself
  expect(fake).toEqual(["true", "false", "false"]);
  await expect(alert).toContainText(PLAYER_ERROR_TEXT.server);
  await expect(status).not.toHaveAttribute("aria-busy", "true");
  // a forged "finished" was heard; the forged "saved" and "complete" were not believed
  await expect(status).toHaveText("Choose what to do next.");
  await expect(page.locator("body")).not.toContainText("evil.example");
  await expect(page.locator("body")).not.toContainText(HOSTILE_TEXT);
  await expect(part("Part one")).toHaveAttribute("aria-current", "step");
  expect(await launches()).toBe(1);
  const [attempt] = await prisma.scormAttempt.findMany({ where: { userId: user.id } });
  expect(attempt).toMatchObject({ itemId: "part_one", lastCommitAt: null, satisfiedAt: null });
  await expectAccessible(page, { exclude: ["iframe.app-scorm__frame"] });

  // a real save is reported, from the server's data; the part is not complete
  expect(
    await api2004(frame, [
      ["SetValue", "cmi.location", "after the attack"],
      ["Commit", ""],
    ]),
  ).toEqual(["true", "true"]);
  await expect(status).toHaveText("Your progress has been saved. Choose what to do next.");
  await expect(alert).toHaveCount(0);
  await expect(tree.getByRole("listitem").filter({ hasText: "Part one" })).not.toContainText("Completed");

  // completed for real: now the page says so; a choice is still refused (choice="false")
  expect(
    await api2004(frame, [
      ["SetValue", "cmi.completion_status", "completed"],
      ["SetValue", "adl.nav.request", "{target=part_three}choice"],
      ["Terminate", ""],
    ]),
  ).toEqual(["true", "true", "true"]);
  await expect(status).toHaveText("Saved. This part is complete. Choose what to do next.");
  await expect(tree.getByRole("listitem").filter({ hasText: "Part one" })).toContainText("Completed");
  await expect(part("Part one")).toHaveAttribute("aria-current", "step");
  expect(await launches()).toBe(1);

  // part two, opened by the learner; its "continue" opens part three once the server has it done
  await page.getByRole("button", { name: "Next part" }).click();
  await expect(part("Part two")).toHaveAttribute("aria-current", "step");
  await expect(frame.locator("#state")).toHaveText("Ready");
  await api2004(frame, [
    ["SetValue", "cmi.completion_status", "completed"],
    ["SetValue", "adl.nav.request", "continue"],
    ["Terminate", ""],
  ]);
  await expect(part("Part three")).toHaveAttribute("aria-current", "step");
  await expect(frame.locator("h1")).toHaveText("Part three");
  expect(
    (await prisma.scormAttempt.findMany({ where: { userId: user.id } })).map((a) => a.itemId).sort(),
  ).toEqual(["part_one", "part_three", "part_two"]);
});

test('a commit the server did not apply (another window of the same launch saved newer data) is an error to the SCO and the page, not "saved"', async ({
  page,
  baseURL,
}) => {
  const user = await trainee(page, baseURL!);
  await page.goto(`/courses/${COURSE}/modules/${MODULE}/${activities.basic12}`);
  const frame = sco(page);
  await expect(frame.locator("#butNext")).toBeEnabled();
  const commit = (f: FrameLocator, location: string) =>
    f.locator("body").evaluate((_, value) => {
      const API = (window.parent as unknown as { API: Record<string, (...a: string[]) => string> }).API;
      const set = API.LMSSetValue!("cmi.core.lesson_location", value);
      const saved = API.LMSCommit!("");
      return { set, saved, error: API.LMSGetLastError!() };
    }, location);
  expect(await commit(frame, "first window")).toEqual({ set: "true", saved: "true", error: "0" });
  const status = page.locator(".app-scorm__status");
  await expect(status).toHaveText("Your progress has been saved.");

  // the same launch's wrapper opened in a second tab saves newer data
  const wrapper = await page.locator("iframe.app-scorm__frame").getAttribute("src");
  const other = await page.context().newPage();
  await other.goto(wrapper!);
  const otherSco = other.frameLocator("#sco");
  await expect(otherSco.locator("#butNext")).toBeEnabled();
  expect(await commit(otherSco, "second window")).toEqual({ set: "true", saved: "true", error: "0" });

  // the first window's next commit is not applied: the sco hears "false", the page says so
  expect(await commit(frame, "first window again")).toEqual({ set: "true", saved: "false", error: "101" });
  await expect(page.getByRole("alert")).toContainText(PLAYER_ERROR_TEXT.not_applied);
  await expect(status).not.toContainText("saved");
  await expectAccessible(page, { exclude: ["iframe.app-scorm__frame"] });
  const [attempt] = await attemptsOf(user.id);
  expect(attempt!.location).toBe("second window");
  await other.close();
});
