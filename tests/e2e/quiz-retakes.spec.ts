import path from "node:path";
import type { Page } from "@playwright/test";
import type { QuizDefinition } from "~/activities/quiz/schema";
import { courseForUser, enrol } from "~/courses/courses.server";
import { loadCourses } from "~/courses/loader.server";
import { readModuleLessons } from "../setup/courses";
import { expect, expectAccessible, makeUser, signInAs, test } from "./fixtures";

// the shipped course's retake rule, as a trainee meets it: two attempts that do not pass, then
// the module's lessons again before the next. a script that fails, reads the results and
// resubmits gets neither the answers nor a third attempt straight away.

const COURSE = "mentoring-for-doctors";
const QUIZ = `/courses/${COURSE}/modules/introduction/introduction-quiz`;

async function introduction() {
  const { courses } = await loadCourses(path.resolve(process.env.COURSES_DIR ?? "courses"));
  const module = courses.find((c) => c.id === COURSE)!.modules.find((m) => m.id === "introduction")!;
  const quiz = module.activities.find((a) => a.kind === "quiz")!;
  return {
    quizUrl: `/courses/${COURSE}/modules/introduction/${quiz.id}`,
    quiz: quiz.content as QuizDefinition,
    lessons: module.activities.filter((a) => a.kind === "lesson" && a.required),
  };
}

/**
 * answers every question on the page (the ones this attempt drew from the pool), all right or
 * all wrong, through the form a person uses
 */
async function answer(page: Page, quiz: QuizDefinition, right: boolean) {
  await expect(page.getByRole("button", { name: "Submit answers" })).toBeVisible();
  const asked = new Set(
    await page
      .locator("form input[name], form select[name], form textarea[name]")
      .evaluateAll((els) => els.map((el) => (el as HTMLInputElement).name)),
  );
  for (const q of quiz.questions) {
    if (![...asked].some((name) => name === `q.${q.id}` || name.startsWith(`q.${q.id}.`))) continue;
    if (q.kind === "reflection") {
      await page.getByLabel(q.prompt).fill("To help a colleague think for themselves.");
      continue;
    }
    const group = page.getByRole("group", { name: q.prompt });
    if (q.kind === "true_false") {
      await group.getByLabel(q.answer === right ? "True" : "False", { exact: true }).check();
    } else if (q.kind === "single" || q.kind === "multiple") {
      const pick = q.options.filter((o) => o.correct === right);
      for (const o of q.kind === "single" ? pick.slice(0, 1) : pick) {
        await group.getByLabel(o.text, { exact: true }).check();
      }
    } else if (q.kind === "ordering") {
      const n = q.items.length;
      for (const [i, item] of q.items.entries()) {
        await group.getByLabel(item.text, { exact: true }).selectOption(String(right ? i + 1 : n - i));
      }
    }
  }
  await page.getByRole("button", { name: "Submit answers" }).click();
}

test("two failed attempts, then the lessons again: the results never give the answers, and passing ends the quiz", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { quizUrl, quiz, lessons } = await introduction();
  expect(quizUrl).toBe(QUIZ);
  const user = await makeUser();
  const enrolment = await enrol(user.id, COURSE);
  await signInAs(page.context(), user.id, baseURL!);
  // the quiz comes after the module's lessons
  await readModuleLessons(enrolment, (await courseForUser(COURSE, user.id))!.definition, "introduction");
  const rightTexts = quiz.questions.flatMap((q) =>
    q.kind === "single" || q.kind === "multiple" ? q.options.filter((o) => o.correct).map((o) => o.text) : [],
  );

  await page.goto(QUIZ);
  await expect(page.getByText(/read the module's lessons again before the next/)).toBeVisible();
  await page.getByRole("button", { name: "Start quiz" }).click();
  await answer(page, quiz, false);
  await expect(page.getByRole("heading", { name: /Not passed/ })).toBeVisible();
  // the topics marks were lost on, each with the lesson (and section) that teaches it
  await expect(page.getByRole("heading", { name: "Where you lost marks" })).toBeVisible();
  const lost = page.locator("main li").filter({ hasText: "read again" });
  expect(await lost.count()).toBeGreaterThan(0);
  for (const link of await lost.getByRole("link").all()) {
    expect(await link.getAttribute("href")).toMatch(
      /^\/courses\/mentoring-for-doctors\/modules\/introduction\/[a-z-]+(#[a-z0-9-]+)?$/,
    );
  }
  await expectAccessible(page);
  const firstResults = await page.locator("main").innerText();
  for (const text of rightTexts) expect(firstResults).not.toContain(text);
  await page.getByRole("button", { name: "Try again" }).click();

  await answer(page, quiz, false);
  await expect(page.getByRole("heading", { name: /Not passed/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
  // the next step is at the top of the results: the lessons to read again, as links
  const card = page
    .locator(".nhsuk-card")
    .filter({ hasText: "Before your next attempt, read these lessons again" });
  await expect(card.getByRole("link")).toHaveText(lessons.map((l) => l.title));
  for (const text of rightTexts) expect(await page.locator("main").innerText()).not.toContain(text);

  // the quiz page lists the lessons to read again
  await page.goto(QUIZ);
  const revisit = page.locator(".app-revisit");
  await expect(revisit).toBeVisible();
  await expect(revisit.getByRole("link")).toHaveText(lessons.map((l) => l.title));
  await expectAccessible(page);
  // a script posting the retry anyway is told why not, and no attempt opens
  const refused = await page.request.post(`${QUIZ}?index`, {
    form: { intent: "retry" },
    headers: { Origin: baseURL! },
  });
  expect(refused.status()).toBe(409);
  expect(await refused.text()).toContain("Read the module");

  // reading them again opens the next attempt
  for (const [i, lesson] of lessons.entries()) {
    await page.goto(QUIZ);
    await revisit.getByRole("link", { name: lesson.title }).click();
    await expect(page.getByRole("heading", { level: 1, name: lesson.title })).toBeVisible();
    await page.getByRole("button", { name: /Mark as complete|Continue/ }).click();
    await expect(page).not.toHaveURL(new RegExp(`/${lesson.id}$`));
    await page.goto(QUIZ);
    if (i < lessons.length - 1) {
      await expect(revisit.getByRole("listitem").filter({ hasText: lesson.title })).toContainText(
        "(read again)",
      );
    }
  }
  await page.goto(QUIZ);
  await page.getByRole("button", { name: "Try again" }).click();
  await answer(page, quiz, true);
  await expect(page.getByRole("heading", { name: "Passed: 100%" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
  // passed: the answers are shown on the attempt that passed, never on the failed ones
  await expect(page.getByText("— correct answer").first()).toBeVisible();
  await page.goto(QUIZ);
  await expect(page.getByText("Once you pass, the quiz is done.")).toBeVisible();
  await page.getByRole("link", { name: "Attempt 1" }).click();
  await expect(page.getByText("— correct answer")).toHaveCount(0);
  await expectAccessible(page);
});
