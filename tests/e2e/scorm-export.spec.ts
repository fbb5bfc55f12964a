import { cpSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { FrameLocator, Page } from "@playwright/test";
import type { QuizDefinition } from "~/activities/quiz/schema";
import { enrol } from "~/courses/courses.server";
import { loadCourses } from "~/courses/loader.server";
import { syncCourses } from "~/courses/sync.server";
import { prisma } from "~/db.server";
import { attachPackage } from "~/scorm/attachments.server";
import { exportScormPackage, type ScormExportVersion } from "~/scorm/export/package.server";
import type { ExportedModule } from "~/scorm/export/player/engine";
import { decodeState, encodeState, SUSPEND_LIMIT_12 } from "~/scorm/export/state";
import { importPackage } from "~/scorm/import.server";
import { editCourse, FIXTURE_COURSES } from "../setup/courses";
import { ROOT } from "../setup/paths";
import { largestState, NO_READING_RULES, realCourse, realModule, zipEntries } from "../setup/scorm-export";
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

// our "questioning" module exported as scorm 1.2 and 2004, then played in chromium twice
// over: under a strict, independent LMS api written from the spec's error tables (which
// records every call and every error), and on our own platform after our own importer took
// the zip, through the scorm player and scorm-again. read a lesson, pass the quiz, finish the
// role-plays; completion, success and score are recorded; a reload resumes; the largest state
// a learner can leave fits scorm 1.2 and comes back.
test.describe.configure({ mode: "serial" });

const MODULE = "questioning";
const zips: Record<ScormExportVersion, Buffer> = { "1.2": Buffer.alloc(0), "2004": Buffer.alloc(0) };
let exported: ExportedModule;

test.beforeAll(async () => {
  const course = await realCourse();
  const { dir: _dir, hash, ...definition } = course;
  for (const version of ["1.2", "2004"] as const) {
    zips[version] = (
      await exportScormPackage({ definition, hash }, { version, moduleId: MODULE, ...NO_READING_RULES })
    ).zip;
  }
  exported = await realModule(MODULE);
});

const norm = (s: string) => s.replace(/\s+/g, " ").trim();

/** nothing to wait for: a frame of a fixed size (the strict LMS's) */
const still = async () => {};

/** the module's quiz answered right, question by question, as a person reads them off the page */
async function passQuiz(frame: FrameLocator, quiz: QuizDefinition, ready = still) {
  await ready();
  await frame.getByRole("button", { name: "Start quiz" }).click();
  await ready();
  const fieldsets = frame.locator("form fieldset");
  await expect(fieldsets.first()).toBeVisible();
  const count = await fieldsets.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const fieldset = fieldsets.nth(i);
    const legend = norm((await fieldset.locator("legend").textContent()) ?? "").replace(
      /^Question \d+: /,
      "",
    );
    const q = quiz.questions.find((x) => norm(x.prompt) === legend);
    if (!q) throw new Error(`no question reads "${legend}"`);
    if (q.kind === "single" || q.kind === "multiple") {
      for (const o of q.options.filter((o) => o.correct))
        await fieldset.getByLabel(norm(o.text), { exact: true }).check();
    } else if (q.kind === "true_false") {
      await fieldset.getByLabel(q.answer ? "True" : "False", { exact: true }).check();
    } else if (q.kind === "ordering") {
      for (const [n, item] of q.items.entries())
        await fieldset.getByLabel(norm(item.text), { exact: true }).selectOption(String(n + 1));
    }
  }
  await ready();
  await frame.getByRole("button", { name: "Submit answers" }).click();
  await expect(frame.getByRole("heading", { name: /^Passed: 100%/ })).toBeVisible();
}

/** a role-play played along its best conversation, reply by reply */
async function bestConversation(
  frame: FrameLocator,
  activity: ExportedModule["activities"][number],
  ready = still,
) {
  if (activity.kind !== "roleplay") throw new Error("not a role-play");
  await ready();
  await frame.getByRole("link", { name: activity.title, exact: true }).click();
  await ready();
  await frame.getByRole("button", { name: "Start the conversation" }).click();
  for (const step of activity.content.bestPath!) {
    const say = activity.content.nodes[step.node]!.choices!.find((c) => c.id === step.choice)!.say;
    await ready();
    await frame.getByLabel(`“${norm(say)}”`, { exact: true }).check();
    await ready();
    await frame.getByRole("button", { name: "Say this" }).click();
  }
  await expect(frame.getByRole("heading", { name: "Debrief" })).toBeVisible({ timeout: 15_000 });
  await expect(
    frame.getByText("You reached an ending and met the standard for this scenario."),
  ).toBeVisible();
}

async function readLessons(frame: FrameLocator, lessons: ExportedModule["activities"], ready = still) {
  for (const lesson of lessons) {
    await ready();
    await frame.getByRole("link", { name: lesson.title, exact: true }).first().click();
    await expect(frame.getByRole("heading", { level: 1, name: lesson.title })).toBeVisible();
    await ready();
    await frame.getByRole("button", { name: /Mark as complete/ }).click();
    await expect(frame.getByRole("heading", { level: 1, name: lesson.title })).toHaveCount(0);
  }
}

// ---- under a strict, independent LMS api -------------------------------------------------

const LMS = "http://strict-lms.test";

type Harness = {
  errors: { fn: string; args: unknown[]; error: string }[];
  calls: { fn: string; args: unknown[] }[];
  committed: Record<string, string>[];
  data: Record<string, string>;
  state: string;
};

async function strictLms(
  page: Page,
  version: ScormExportVersion,
  initial: Record<string, string> = {},
  /** a script run after the api is installed, to make it misbehave */
  tamper = "",
) {
  const files = await zipEntries(zips[version]);
  const harness = readFileSync(path.join(ROOT, "tests", "scorm-harness", "strict-api.js"), "utf8");
  await page.route(`${LMS}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === "/lms.html") {
      return route.fulfill({
        contentType: "text/html",
        body: `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Strict LMS</title>
<script>${harness}</script>
<script>window.H = StrictScormHarness.install(window, { version: ${JSON.stringify(version)}, initial: ${JSON.stringify(initial)} });${tamper}</script>
</head><body><iframe id="sco" title="The module" src="/pkg/sco/${MODULE}/index.html" style="width:100%;height:3000px;border:0"></iframe></body></html>`,
      });
    }
    const file = files.get(decodeURIComponent(url.pathname.replace(/^\/pkg\//, "")));
    if (!file) return route.fulfill({ status: 404, body: "not in the package" });
    const type = url.pathname.endsWith(".html")
      ? "text/html"
      : url.pathname.endsWith(".js")
        ? "text/javascript"
        : url.pathname.endsWith(".css")
          ? "text/css"
          : url.pathname.endsWith(".svg")
            ? "image/svg+xml"
            : "application/octet-stream";
    return route.fulfill({ contentType: type, body: file });
  });
  await page.goto(`${LMS}/lms.html`);
  return {
    frame: page.frameLocator("#sco"),
    read: () =>
      page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { H: Harness }).H)) as Harness),
  };
}

for (const version of ["1.2", "2004"] as const) {
  test(`SCORM ${version}: the exported module runs under a strict LMS api with no error, and reports completion, success, score and time`, async ({
    page,
  }) => {
    const lms = await strictLms(page, version);
    const frame = lms.frame;
    await expect(frame.getByRole("heading", { level: 1, name: "Questioning" })).toBeVisible();
    const lessons = exported.activities.filter((a) => a.kind === "lesson");
    await readLessons(frame, lessons);
    const quiz = exported.activities.find((a) => a.kind === "quiz")!;
    await frame.getByRole("link", { name: quiz.title, exact: true }).first().click();
    await passQuiz(frame, quiz.content as QuizDefinition);
    // the results page has one h1, the player's, which names the attempt in its caption
    await expect(frame.locator("h1")).toHaveCount(1);
    await expect(frame.locator(".nhsuk-caption-l").first()).toHaveText("Questioning: Quiz, attempt 1");
    for (const rp of exported.activities.filter((a) => a.kind === "roleplay"))
      await bestConversation(frame, rp);
    // leaving the module ends the session
    await page.evaluate(() =>
      (document.getElementById("sco") as HTMLIFrameElement).setAttribute("src", "about:blank"),
    );
    await expect.poll(async () => (await lms.read()).state).toBe("terminated");
    const h = await lms.read();
    expect(h.errors).toEqual([]);
    const last = h.committed[h.committed.length - 1]!;
    if (version === "1.2") {
      expect(last).toMatchObject({
        "cmi.core.lesson_status": "passed",
        "cmi.core.score.raw": "100",
        "cmi.core.score.min": "0",
        "cmi.core.score.max": "100",
        "cmi.core.exit": "suspend",
      });
      expect(last["cmi.core.session_time"]).toMatch(/^\d{4}:\d{2}:\d{2}\.\d{2}$/);
      expect(last["cmi.core.lesson_location"]).toMatch(/^#\//);
    } else {
      expect(last).toMatchObject({
        "cmi.completion_status": "completed",
        "cmi.success_status": "passed",
        "cmi.score.raw": "100",
        "cmi.score.scaled": "1",
        "cmi.progress_measure": "1",
        "cmi.exit": "suspend",
      });
      expect(last["cmi.session_time"]).toMatch(/^PT\d+H\d+M[\d.]+S$/);
    }
    const suspend = last[version === "1.2" ? "cmi.suspend_data" : "cmi.suspend_data"]!;
    expect(suspend.length).toBeLessThanOrEqual(SUSPEND_LIMIT_12);
    const state = decodeState(suspend, {
      hash: exported.stateHash,
      kinds: exported.activities.map((a) => a.kind),
    });
    expect(state.state?.activities.every((a) => (a.kind === "lesson" ? a.readAt !== null : a.passed))).toBe(
      true,
    );
  });
}

test("SCORM 1.2: the largest state a learner can leave fits in suspend_data and comes back as it was", async ({
  page,
}) => {
  const largest = largestState(exported);
  const text = encodeState(largest);
  expect(text.length).toBeLessThanOrEqual(SUSPEND_LIMIT_12);
  const roleplay = exported.activities.find((a) => a.kind === "roleplay")!;
  const lms = await strictLms(page, "1.2", {
    "cmi.core.exit": "suspend",
    "cmi.suspend_data": text,
    "cmi.core.lesson_location": `#/a/${roleplay.id}`,
  });
  const frame = lms.frame;
  // the conversation resumes part-way along its longest path
  await expect(frame.getByRole("heading", { level: 1, name: roleplay.title })).toBeVisible();
  const steps = (largest.activities[exported.activities.indexOf(roleplay)] as { current: { path: number[] } })
    .current.path;
  await expect(frame.getByRole("log").locator("li")).toHaveCount(steps.length + 1);
  await expect(frame.getByRole("heading", { name: "What do you say?" })).toBeVisible();
  // every lesson read, the quiz's attempts listed and one open
  const quiz = exported.activities.find((a) => a.kind === "quiz")!;
  await frame.getByRole("link", { name: quiz.title, exact: true }).first().click();
  await expect(frame.getByRole("button", { name: "Submit answers" })).toBeVisible();
  const lessons = exported.activities.filter((a) => a.kind === "lesson");
  await expect(frame.getByRole("navigation", { name: "Module contents" }).getByText("Completed")).toHaveCount(
    lessons.length + exported.activities.filter((a) => a.kind === "roleplay").length,
  );
  await expect.poll(async () => (await lms.read()).committed.length).toBeGreaterThan(0);
  const h = await lms.read();
  expect(h.errors).toEqual([]);
  // what it saves back is what it was given
  expect(h.committed[h.committed.length - 1]!["cmi.suspend_data"]).toBe(text);
});

test("SCORM 2004: a reload mid-way resumes at the same place with the lessons read", async ({ page }) => {
  const lms = await strictLms(page, "2004");
  const lessons = exported.activities.filter((a) => a.kind === "lesson");
  await readLessons(lms.frame, lessons.slice(0, 2));
  await expect(lms.frame.getByRole("heading", { level: 1, name: lessons[2]!.title })).toBeVisible();
  await page.evaluate(() =>
    (document.getElementById("sco") as HTMLIFrameElement).setAttribute("src", "about:blank"),
  );
  await expect.poll(async () => (await lms.read()).state).toBe("terminated");
  const saved = (await lms.read()).data;
  expect(saved["cmi.exit"]).toBe("suspend");
  // a new session of the same LMS, from what it kept
  const again = await strictLms(page, "2004", {
    "cmi.exit": "suspend",
    "cmi.suspend_data": saved["cmi.suspend_data"]!,
    "cmi.location": saved["cmi.location"]!,
  });
  await expect(again.frame.getByRole("heading", { level: 1, name: lessons[2]!.title })).toBeVisible();
  const contents = again.frame.getByRole("navigation", { name: "Module contents" });
  await expect(contents.getByRole("listitem").filter({ hasText: lessons[0]!.title })).toContainText(
    "Completed",
  );
  await expect(contents.getByRole("listitem").filter({ hasText: lessons[1]!.title })).toContainText(
    "Completed",
  );
  await expect(contents.getByRole("listitem").filter({ hasText: lessons[3]!.title })).toContainText(
    "Not started",
  );
  expect((await again.read()).errors).toEqual([]);
});

test("what the LMS already records is never lowered: a module it holds as passed stays passed when the saved state is from older content", async ({
  page,
}) => {
  const lms = await strictLms(page, "1.2", {
    "cmi.core.lesson_status": "passed",
    "cmi.core.score.raw": "90",
    "cmi.core.exit": "suspend",
    "cmi.suspend_data": "[1,0,[]]",
    "cmi.core.lesson_location": "#/",
  });
  await expect(lms.frame.getByText("This module has been updated since you last opened it")).toBeVisible();
  await expect(lms.frame.getByText("still records the module as completed")).toBeVisible();
  await expect.poll(async () => (await lms.read()).committed.length).toBeGreaterThan(0);
  const h = await lms.read();
  expect(h.errors).toEqual([]);
  for (const c of h.committed) expect(c["cmi.core.lesson_status"]).toBe("passed");
});

test("in review mode the module records nothing, and says so", async ({ page }) => {
  const lms = await strictLms(page, "2004", { "cmi.mode": "review" });
  await expect(lms.frame.getByText("You are reviewing this module")).toBeVisible();
  const lessons = exported.activities.filter((a) => a.kind === "lesson");
  await readLessons(lms.frame, lessons.slice(0, 1));
  await page.evaluate(() =>
    (document.getElementById("sco") as HTMLIFrameElement).setAttribute("src", "about:blank"),
  );
  await expect.poll(async () => (await lms.read()).state).toBe("terminated");
  const h = await lms.read();
  expect(h.errors).toEqual([]);
  expect(h.calls.filter((c) => c.fn === "SetValue" || c.fn === "Commit")).toEqual([]);
});

test("a commit the LMS refuses makes the module say that nothing is being saved", async ({ page }) => {
  const lms = await strictLms(
    page,
    "2004",
    {},
    'window.API_1484_11.Commit = function () { return "false"; };',
  );
  await expect(lms.frame.getByRole("heading", { level: 1, name: "Questioning" })).toBeVisible();
  await expect(lms.frame.getByText("Your progress is not being saved")).toBeVisible();
  await expect(lms.frame.getByText("stopped accepting your progress")).toBeVisible();
});

// ---- on our own platform, after our own importer --------------------------------------

const course = { id: "", activities: { "1.2": "", "2004": "" } };

test.describe("round trip through our own importer and player", () => {
  test.beforeAll(async () => {
    await retryIfLocked(async () => {
      if (course.id) return;
      const courseId = `export-${crypto.randomUUID().slice(0, 8)}`;
      const root = path.join(process.env.COURSES_DIR!, courseId);
      cpSync(path.join(FIXTURE_COURSES, "scorm-course"), root, { recursive: true });
      editCourse(root, {
        "course.yaml": (t) =>
          t
            .replace("id: scorm-course", `id: ${courseId}`)
            .replace(/^title: .*$/m, `title: Exported ${courseId}`),
      });
      await syncCourses(
        (await loadCourses(process.env.COURSES_DIR!)).courses.filter((c) => c.id === courseId),
        {
          deactivateMissing: false,
        },
      );
      const college = await makeOrganisation("royal_college");
      const admin = await makeUser({ isAdmin: true });
      const dir = await mkdtemp(path.join(os.tmpdir(), "exported-"));
      try {
        for (const version of ["1.2", "2004"] as const) {
          const file = path.join(dir, `questioning-${version}.zip`);
          await writeFile(file, zips[version]);
          const imported = await importPackage({
            zipPath: file,
            originalName: path.basename(file),
            organisationId: college.id,
            uploadedById: null,
          });
          expect(imported.warnings).toEqual([]);
          const { activityId } = await attachPackage({
            packageId: imported.packageId,
            courseId,
            moduleId: "elearning",
            rule: "passed",
            required: true,
            actorId: admin.id,
            organisationId: college.id,
          });
          course.activities[version] = activityId;
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      course.id = courseId;
    });
  });

  /** the sco's document: platform page → sandboxed wrapper (content origin) → our player */
  const sco = (page: Page) => page.frameLocator("iframe.app-scorm__frame").frameLocator("#sco");
  /**
   * waits until the platform has sized the frame to what the player shows now: a tap while the
   * frame changes height can land where the control was a moment before
   */
  const fitted = (page: Page) => async () => {
    await expect
      .poll(
        async () => {
          const inner = await sco(page)
            .locator("html")
            .evaluate((d) => d.scrollHeight <= d.clientHeight + 8);
          const a = await page.locator("iframe.app-scorm__frame").evaluate((f) => f.clientHeight);
          await page.waitForTimeout(100);
          const b = await page.locator("iframe.app-scorm__frame").evaluate((f) => f.clientHeight);
          return inner && a === b;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
  };

  for (const version of ["1.2", "2004"] as const) {
    test(`SCORM ${version}: a trainee passes the exported module in our SCORM player; completion, success and score are recorded, and a reload resumes`, async ({
      page,
      baseURL,
    }) => {
      // a whole module through three frames, waiting for the frame to settle before each tap:
      // about 40 s on a quiet machine, and CI's is not always quiet
      test.setTimeout(180_000);
      const user = await makeUser();
      const org = await makeOrganisation("nhs_trust");
      await grant(user.id, org.id, "trainee");
      await enrol(user.id, course.id);
      await signInAs(page.context(), user.id, baseURL!);
      const url = `/courses/${course.id}/modules/elearning/${course.activities[version]}`;
      await page.goto(url);
      const frame = sco(page);
      await expect(frame.getByRole("heading", { level: 1, name: "Questioning" })).toBeVisible();
      await expectAccessible(page, { exclude: ["iframe.app-scorm__frame"] });
      const lessons = exported.activities.filter((a) => a.kind === "lesson");
      await readLessons(frame, lessons.slice(0, 1), fitted(page));

      // reload mid-way: the same attempt resumes where the trainee was
      await page.reload();
      await expect(sco(page).getByRole("heading", { level: 1, name: lessons[1]!.title })).toBeVisible();
      const contents = sco(page).getByRole("navigation", { name: "Module contents" });
      await expect(contents.getByRole("listitem").filter({ hasText: lessons[0]!.title })).toContainText(
        "Completed",
      );

      await readLessons(sco(page), lessons.slice(1), fitted(page));
      const quiz = exported.activities.find((a) => a.kind === "quiz")!;
      await fitted(page)();
      await sco(page).getByRole("link", { name: quiz.title, exact: true }).first().click();
      await passQuiz(sco(page), quiz.content as QuizDefinition, fitted(page));
      for (const rp of exported.activities.filter((a) => a.kind === "roleplay"))
        await bestConversation(sco(page), rp, fitted(page));

      await expect
        .poll(
          async () =>
            (await prisma.scormAttempt.findFirst({ where: { userId: user.id } }))?.satisfiedAt ?? null,
        )
        .not.toBeNull();
      const attempts = await prisma.scormAttempt.findMany({ where: { userId: user.id } });
      expect(attempts).toHaveLength(1);
      expect(attempts[0]).toMatchObject({
        completionStatus: "completed",
        successStatus: "passed",
        scoreRaw: 100,
        scoreMin: 0,
        scoreMax: 100,
        number: 1,
      });
      // leaving the page ends the session, and its time is recorded. the platform page re-reads
      // its data after each message from the player (and once more 1.5 s later): leave once it
      // has, so no request of its own is cut off by the navigation
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(2000);
      await page.waitForLoadState("networkidle");
      await page.goto(`/courses/${course.id}/modules/elearning`);
      await expect
        .poll(
          async () =>
            (await prisma.scormAttempt.findFirstOrThrow({ where: { userId: user.id } })).totalSeconds,
        )
        .toBeGreaterThan(0);
      const row = page
        .getByRole("listitem")
        .filter({ has: page.locator(`a[href$="/${course.activities[version]}"]`) });
      await expect(row).toContainText("Completed");
    });
  }

  test("on a 320 px phone the exported module fits: nothing scrolls sideways, the frame grows to a long lesson and shrinks back, and the page scrolls, not the frame", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 320, height: 640 });
    const user = await makeUser();
    const org = await makeOrganisation("nhs_trust");
    await grant(user.id, org.id, "trainee");
    await enrol(user.id, course.id);
    await signInAs(page.context(), user.id, baseURL!);
    await page.goto(`/courses/${course.id}/modules/elearning/${course.activities["1.2"]}`);
    const frame = sco(page);
    await expect(frame.getByRole("heading", { level: 1, name: "Questioning" })).toBeVisible();
    const outer = page.locator("iframe.app-scorm__frame");
    /** the frame's height, and the player's document: how tall and how wide, against what it shows */
    const sizes = async () => {
      const box = await outer.evaluate((f) => f.getBoundingClientRect().height);
      const inner = await frame.locator("html").evaluate((d) => ({
        scroll: d.scrollHeight,
        client: d.clientHeight,
        wide: d.scrollWidth,
        width: d.clientWidth,
      }));
      const page0 = await page.evaluate(() => document.documentElement.scrollWidth);
      return { box, ...inner, page: page0 };
    };
    const fits = (s: Awaited<ReturnType<typeof sizes>>) =>
      s.scroll <= s.client + 8 && s.wide <= s.width && s.page <= 320;
    await expect.poll(async () => fits(await sizes()), { timeout: 20_000 }).toBe(true);
    const contentsHeight = (await sizes()).box;

    const lesson = exported.activities.find((a) => a.kind === "lesson")!;
    await frame.getByRole("link", { name: lesson.title, exact: true }).first().click();
    await expect(frame.getByRole("heading", { level: 1, name: lesson.title })).toBeVisible();
    // a lesson on a phone is several thousand pixels tall: the frame takes all of it
    await expect
      .poll(
        async () => {
          const s = await sizes();
          return fits(s) && s.box > contentsHeight + 1000;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    const lessonHeight = (await sizes()).box;
    await expect(frame.getByRole("button", { name: /Mark as complete/ })).toBeVisible();

    // back to the module's contents, a shorter page: the frame shrinks to it again
    await frame.getByRole("link", { name: /^Previous/ }).click();
    await expect(frame.getByRole("heading", { level: 1, name: "Questioning" })).toBeVisible();
    await expect
      .poll(
        async () => {
          const s = await sizes();
          return fits(s) && s.box < lessonHeight - 1000;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await expectAccessible(page, { exclude: ["iframe.app-scorm__frame"] });
  });
});

test("the exported player's pages pass the accessibility checks", async ({ page }) => {
  const lms = await strictLms(page, "2004");
  await expect(lms.frame.getByRole("heading", { level: 1, name: "Questioning" })).toBeVisible();
  const check = async () => {
    const { default: AxeBuilder } = await import("@axe-core/playwright");
    const results = await new AxeBuilder({ page })
      .include("#sco")
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
      .analyze();
    expect(
      results.violations.map(
        (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
      ),
    ).toEqual([]);
  };
  await check();
  const quiz = exported.activities.find((a) => a.kind === "quiz")!;
  const lessons = exported.activities.filter((a) => a.kind === "lesson");
  await readLessons(lms.frame, lessons);
  await check();
  await lms.frame.getByRole("link", { name: quiz.title, exact: true }).first().click();
  await lms.frame.getByRole("button", { name: "Start quiz" }).click();
  await check();
  const rp = exported.activities.find((a) => a.kind === "roleplay")!;
  await lms.frame.getByRole("link", { name: rp.title, exact: true }).click();
  await lms.frame.getByRole("button", { name: "Start the conversation" }).click();
  await check();
});

test("a link in the quiz's error summary goes to the question it names, and the answers already given stay", async ({
  page,
}) => {
  const lms = await strictLms(page, "1.2");
  await readLessons(
    lms.frame,
    exported.activities.filter((a) => a.kind === "lesson"),
  );
  const quiz = exported.activities.find((a) => a.kind === "quiz")!;
  await lms.frame.getByRole("link", { name: quiz.title, exact: true }).first().click();
  await lms.frame.getByRole("button", { name: "Start quiz" }).click();
  const first = lms.frame.locator("form fieldset").first().locator("input").first();
  await first.check();
  await lms.frame.getByRole("button", { name: "Submit answers" }).click();
  await expect(lms.frame.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  const sco = page.frames().find((f) => f.url().includes("/sco/"))!;
  const before = await sco.evaluate(() => window.location.hash);
  const link = lms.frame.locator(".nhsuk-error-summary__list a").last();
  const target = (await link.getAttribute("href"))!.slice(1);
  await link.click();
  // still the quiz, with the answer given, and the named question's first answer in focus
  expect(await sco.evaluate(() => window.location.hash)).toBe(before);
  await expect(lms.frame.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(first).toBeChecked();
  await expect(lms.frame.locator(`[id="${target}"]`)).toBeFocused();
});

test("a college administrator downloads a module as a SCORM package from their e-learning library, told that its answers travel with it", async ({
  page,
  baseURL,
}) => {
  const college = await makeOrganisation("royal_college");
  const collegeAdmin = await makeUser({ name: "Dr Ezra Port" });
  await grant(collegeAdmin.id, college.id, "college_admin");
  await signInAs(page.context(), collegeAdmin.id, baseURL!);
  await page.goto(`/org/${college.id}/scorm`);
  await page.getByRole("link", { name: "Export a course, or one module of it, as a SCORM package" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Export a course as SCORM" })).toBeVisible();
  await expect(page.getByText("The answers travel with the package")).toBeVisible();
  await expectAccessible(page);
  const course0 = await prisma.course.findUniqueOrThrow({ where: { id: "demo-course" } });
  const { hash } = await prisma.courseVersion.findUniqueOrThrow({ where: { id: course0.currentVersionId! } });
  // a tampered form comes back to the page with what was wrong, and the choice kept
  await page.getByLabel("SCORM 2004, 4th edition").check();
  await page.getByLabel("What to export").evaluate((select: HTMLSelectElement) => {
    select.add(new Option("Someone else's course", "their-course"));
    select.value = "their-course";
  });
  await page.getByRole("button", { name: "Download the package" }).click();
  await expect(page.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(
    page.getByRole("link", { name: "Select a course, or one module of it, from the list" }),
  ).toBeVisible();
  await expect(page.getByLabel("SCORM 2004, 4th edition")).toBeChecked();
  await expectAccessible(page);
  await page.getByLabel("What to export").selectOption({ value: "demo-course/basics" });
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download the package" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`demo-course-basics-scorm2004-${hash.slice(0, 12)}.zip`);
  const files = await zipEntries(readFileSync(await download.path()));
  const manifest = files.get("imsmanifest.xml")!.toString("utf8");
  expect(manifest).toContain(`version="${hash.slice(0, 20)}"`);
  expect(manifest).toContain(`content sha-256 ${hash}`);
  expect(manifest).toContain('href="sco/basics/index.html"');
  // the browser saved the file and stayed on the page
  await expect(page.getByRole("heading", { level: 1, name: "Export a course as SCORM" })).toBeVisible();
  // the download's address, opened again (after signing in again, say), is the form; a method
  // other than the form's POST is refused and downloads nothing
  await page.goto(`/org/${college.id}/scorm/export.zip`);
  await expect(page).toHaveURL(new RegExp(`/org/${college.id}/scorm/export$`));
  const other = await page.request.fetch(`/org/${college.id}/scorm/export.zip`, {
    method: "DELETE",
    headers: { Origin: new URL(baseURL!).origin },
    form: { what: "demo-course/basics", version: "2004" },
  });
  expect(other.status()).toBe(405);
  expect(other.headers()["content-type"]).not.toContain("zip");
});

test("a platform administrator exports a whole course from the course's admin page", async ({
  page,
  baseURL,
}) => {
  const admin = await makeUser({ isAdmin: true });
  await signInAs(page.context(), admin.id, baseURL!);
  await page.goto("/admin/courses/demo-course");
  await page.getByRole("link", { name: "Export the course, or one module, as a SCORM package" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Export as SCORM" })).toBeVisible();
  await expectAccessible(page);
  const course0 = await prisma.course.findUniqueOrThrow({ where: { id: "demo-course" } });
  const { hash } = await prisma.courseVersion.findUniqueOrThrow({ where: { id: course0.currentVersionId! } });
  await page.getByLabel("What to export").selectOption({ value: "demo-course" });
  await page.getByLabel("SCORM 1.2 (the most widely supported)").check();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download the package" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`demo-course-scorm12-${hash.slice(0, 12)}.zip`);
  const files = await zipEntries(readFileSync(await download.path()));
  const manifest = files.get("imsmanifest.xml")!.toString("utf8");
  expect(manifest).toContain("<schemaversion>1.2</schemaversion>");
  expect([...manifest.matchAll(/adlcp:scormtype="sco"/g)].length).toBeGreaterThan(1);
  expect(files.has("index.html")).toBe(true);
});
