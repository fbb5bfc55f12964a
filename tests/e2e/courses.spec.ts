import type { Page } from "@playwright/test";
import { courseForUser, enrol } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { expect, expectAccessible, makeUser, signInAs, test } from "./fixtures";
import { readModuleLessons } from "../setup/courses";

const COURSE = "/courses/demo-course";

async function answerQuiz(page: Page, right: boolean) {
  const q1 = page.getByRole("group", { name: /Which of these is an open question/ });
  await q1
    .getByLabel(right ? "What would you like to talk about today?" : "Were you on call last night?")
    .check();
  const q2 = page.getByRole("group", { name: /Which of these are mentor skills/ });
  await q2.getByLabel("Active listening").check();
  await q2.getByLabel("Probing").check();
  const q3 = page.getByRole("group", { name: /Your mentor should be your line manager/ });
  await q3.getByLabel(right ? "False" : "True").check();
  const q4 = page.getByRole("group", { name: /Put the steps to getting a mentor in order/ });
  const steps = [
    "Think about which areas of your work would benefit",
    "Tell your line manager",
    "Contact your deanery",
    "Arrange the first meeting",
  ];
  for (const [i, step] of steps.entries()) await q4.getByLabel(step).selectOption(String(i + 1));
  await page.getByLabel(/What would you want from a mentor/).fill("Someone to think out loud with.");
}

test("a trainee enrols, reads a lesson, passes the quiz and sees the module progress", async ({
  page,
  baseURL,
}) => {
  const user = await makeUser({ name: "Dr Journey" });
  await signInAs(page.context(), user.id, baseURL!);

  await page.goto("/courses");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Demo course for tests" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Demo course for tests" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Enrol on this course" }).click();
  await expect(page.getByText("0 of 4 required activities completed").first()).toBeVisible();

  await page.getByRole("link", { name: /Start the course: Open and closed questions/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Open and closed questions" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Key point" })).toBeVisible();
  await expect(page.getByRole("link", { name: "BMA guidance" })).toHaveAttribute(
    "rel",
    "noopener noreferrer external",
  );
  await expectAccessible(page);
  await page.getByRole("button", { name: "Mark as complete and continue" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Basics quiz" })).toBeVisible();
  // the new page's heading takes focus, as a full page load would put a screen reader there
  await expect(page.getByRole("heading", { level: 1, name: "Basics quiz" })).toBeFocused();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Start quiz" }).click();
  // before submission the page holds no answers and no explanations
  const html = await page.content();
  expect(html).not.toContain("It cannot be answered with yes or no.");
  expect(html).not.toContain("correct");
  await expectAccessible(page);
  await answerQuiz(page, true);
  await page.getByRole("button", { name: "Submit answers" }).click();

  await expect(page.getByRole("heading", { name: "Passed: 100%" })).toBeVisible();
  await expect(page.getByText("It cannot be answered with yes or no.")).toBeVisible();
  await expect(page.getByText("Someone to think out loud with.")).toBeVisible();
  // passed: the next activity is one step away, with the nhs.uk action link's arrow
  const next = page.locator(".nhsuk-action-link");
  await expect(next).toHaveText(/Next: /);
  await expect(next.locator("svg.nhsuk-icon--arrow-right-circle")).toHaveCount(1);
  await expectAccessible(page);

  await page.getByRole("link", { name: "Back to the module" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Basics" })).toBeVisible();
  await expect(page.getByText("2 of 2 completed")).toBeVisible();
  await expect(page.locator("#basics-quiz-status")).toHaveText("Completed");
  await expectAccessible(page);

  await page.goto("/dashboard");
  await expect(
    page.getByRole("link", { name: /Continue where you left off: Putting it together/ }),
  ).toBeVisible();
  await expectAccessible(page);
});

test("a trainee fails the quiz, sees why, and passes on the second try", async ({ page, baseURL }) => {
  const user = await makeUser();
  await signInAs(page.context(), user.id, baseURL!);
  await page.goto(COURSE);
  await page.getByRole("button", { name: "Enrol on this course" }).click();
  // the enrolment's own redirect must land first, or it replaces the page we go to next
  await expect(page.getByRole("link", { name: /^Start the course/ })).toBeVisible();
  await page.goto(`${COURSE}/modules/basics/basics-quiz`);
  // the quiz comes after the module's lesson: the page links to it, and a script posting a
  // start anyway is refused
  const first = page.locator(".app-revisit");
  await expect(first).toContainText("Open and closed questions (not read yet)");
  await expect(page.getByRole("button", { name: "Start quiz" })).toHaveCount(0);
  await expectAccessible(page);
  const refused = await page.request.post(`${COURSE}/modules/basics/basics-quiz?index`, {
    form: { intent: "start" },
    headers: { Origin: baseURL! },
  });
  expect(refused.status()).toBe(409);
  expect(await refused.text()).toContain("read each one before you start it");
  await first.getByRole("link", { name: "Open and closed questions" }).click();
  await page.getByRole("button", { name: /Mark as complete|Continue/ }).click();
  await expect(page).not.toHaveURL(/first-lesson$/);
  await page.goto(`${COURSE}/modules/basics/basics-quiz`);
  await page.getByRole("button", { name: "Start quiz" }).click();

  // nothing answered: every question is listed
  await page.getByRole("button", { name: "Submit answers" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary.getByRole("link")).toHaveCount(5);
  await expect(summary.getByRole("link", { name: "Question 1: select an answer" })).toBeVisible();
  await expectAccessible(page);

  await answerQuiz(page, false);
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByRole("heading", { name: "Not passed: 50%" })).toBeVisible();
  // the score and the trainee's own answers, unmarked: nothing says which question was wrong
  // (an explanation shown on a wrong pick would), so "fail, copy, resubmit" learns nothing
  await expect(page.getByText("Which answers were right is shown once you pass")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your answers" })).toBeVisible();
  await expect(page.getByText("This can be answered with yes or no.")).toHaveCount(0);
  await expect(page.getByText(/^(Correct|Not correct)$/)).toHaveCount(0);
  await expect(page.getByText("— correct answer")).toHaveCount(0);
  // and where to go back to
  await expect(page.getByRole("heading", { name: "Before you try again" })).toBeVisible();
  // the options not chosen are not listed (their authored order would tell), nor partial marks
  await expect(page.getByText("What would you like to talk about today?")).toHaveCount(0);
  await expect(page.getByText(/Partly correct/)).toHaveCount(0);
  await expect(page.getByText("It cannot be answered with yes or no.")).toHaveCount(0);
  await expect(page.getByText("The mentor should be separate from your line manager.")).toHaveCount(0);
  // not in the page's data either
  expect(await page.content()).not.toContain("It cannot be answered with yes or no.");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("button", { name: "Submit answers" })).toBeVisible();
  await answerQuiz(page, true);
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByRole("heading", { name: "Passed: 100%" })).toBeVisible();
  // passed: the attempt that passed shows the answers; the failed one stays unmarked, so a
  // finished account is not an answer key to every draw
  await expect(page.getByText("— correct answer").first()).toBeVisible();
  await expect(page.getByText("The mentor should be separate from your line manager.")).toBeVisible();
  await page.goto(`${COURSE}/modules/basics/basics-quiz`);
  await page.getByRole("link", { name: "Attempt 1" }).click();
  await expect(page.getByRole("heading", { name: "Not passed: 50%" })).toBeVisible();
  await expect(page.getByText("— correct answer")).toHaveCount(0);
  await expect(page.getByText("This can be answered with yes or no.")).toHaveCount(0);
  await page.goBack();
  await page.getByRole("link", { name: "Attempt 2" }).click();
  // two attempts was the limit
  await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
  await page.goto(`${COURSE}/modules/basics/basics-quiz`);
  await expect(page.getByRole("link", { name: "Attempt 1" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Attempt 2" })).toBeVisible();
  await expect(page.getByText("Your best score is 100%: passed.")).toBeVisible();
});

test("a lesson set to complete automatically completes when its end is reached, and finishing the course is recorded", async ({
  page,
  baseURL,
}) => {
  const user = await makeUser();
  await signInAs(page.context(), user.id, baseURL!);
  await page.goto(COURSE);
  await page.getByRole("button", { name: "Enrol on this course" }).click();
  // the enrolment's own redirect must land first, or it replaces the page we go to next
  await expect(page.getByRole("link", { name: /^Start the course/ })).toBeVisible();
  await page.goto(`${COURSE}/modules/practice/closing-lesson`);
  // the page completes the lesson once its script has loaded and seen the end: on a busy
  // machine that takes longer than the default wait
  await expect(page.getByRole("status")).toContainText("You have completed this lesson.", {
    timeout: 15_000,
  });
  const enrolment = await prisma.enrolment.findFirstOrThrow({ where: { userId: user.id } });
  expect(
    await prisma.activityProgress.count({ where: { enrolmentId: enrolment.id, state: "completed" } }),
  ).toBe(1);
  expect(enrolment.completedAt).toBeNull();
});

test("the real introduction module reads well and is accessible", async ({ page, baseURL }) => {
  const user = await makeUser();
  await signInAs(page.context(), user.id, baseURL!);
  await page.goto("/courses/mentoring-for-doctors");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Enrol on this course" }).click();
  await page.getByRole("link", { name: /Start the course/ }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "What mentoring is, and what it is not" }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: "Confidentiality, and its limits" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: /Next.*Why mentoring matters/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Why mentoring matters" })).toBeVisible();
  await expectAccessible(page);

  // the one signposting page, for all four nations, that the other lessons link to
  await page.goto("/courses/mentoring-for-doctors/modules/active-listening/active-listening-distress");
  await page.getByRole("link", { name: "support and speaking-up page" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Support and speaking up, in all four nations" }),
  ).toBeVisible();
  for (const service of [
    "Freedom to Speak Up Guardian",
    "Independent National Whistleblowing Officer",
    "Speaking Up Safely",
  ]) {
    await expect(page.getByText(service).first()).toBeVisible();
  }
  await expectAccessible(page);

  // the course page says who sees a trainee's progress
  await page.goto("/courses/mentoring-for-doctors");
  await expect(page.getByRole("heading", { name: "Who sees your progress" })).toBeVisible();
  await expect(page.getByText(/They never see your reflections, your private notes/)).toBeVisible();
});

// every skill module page, and a role-play from each, pass the accessibility checks
for (const moduleId of [
  "questioning",
  "active-listening",
  "challenging",
  "probing",
  "clarifying",
  "coaching",
]) {
  test(`the ${moduleId} module and its first role-play are accessible`, async ({ page, baseURL }) => {
    const user = await makeUser();
    const enrolment = await enrol(user.id, "mentoring-for-doctors");
    await signInAs(page.context(), user.id, baseURL!);
    await page.goto(`/courses/mentoring-for-doctors/modules/${moduleId}`);
    await expectAccessible(page);
    await page.locator(".nhsuk-task-list__item", { hasText: "Role-play" }).first().getByRole("link").click();
    // the module's lessons come first: the page lists them, and there is nothing to start
    const notice = page.locator(".app-revisit");
    await expect(notice).toContainText("Read each one, to its end, before you start it.");
    await expect(page.getByRole("button", { name: "Start the conversation" })).toHaveCount(0);
    await expectAccessible(page);
    const definition = (await courseForUser("mentoring-for-doctors", user.id))!.definition;
    await readModuleLessons(enrolment, definition, moduleId);
    await page.reload();
    await page.getByRole("button", { name: "Start the conversation" }).click();
    await expect(page.getByRole("heading", { name: "What do you say?" })).toBeVisible();
    await expectAccessible(page);
  });
}

test("on a phone the breadcrumb gives way to a back link, and no page scrolls sideways", async ({
  page,
  baseURL,
}) => {
  await page.setViewportSize({ width: 375, height: 812 });
  const user = await makeUser();
  await enrol(user.id, "demo-course");
  await signInAs(page.context(), user.id, baseURL!);
  await page.goto(`${COURSE}/modules/basics/first-lesson`);
  await expect(page.locator(".nhsuk-breadcrumb__list")).toBeHidden();
  const back = page.locator(".nhsuk-back-link");
  await expect(back).toBeVisible();
  await expect(back).toHaveText("Back to Basics");
  await expect(back).toHaveAttribute("href", `${COURSE}/modules/basics`);
  for (const path of [
    `${COURSE}/modules/basics/first-lesson`,
    `${COURSE}/modules/basics`,
    COURSE,
    "/dashboard",
  ]) {
    await page.goto(path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} is ${width}px wide at 375px`).toBeLessThanOrEqual(375);
  }
  await expectAccessible(page);
});

test("a course page is readable before signing in, and enrolling asks you to sign in", async ({ page }) => {
  await page.goto(COURSE);
  await expect(page.getByRole("heading", { name: "What you will learn" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Enrol on this course" })).toHaveCount(0);
  await page.getByRole("link", { name: "Sign in" }).last().click();
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fcourses%2Fdemo-course/);
  await page.goto(`${COURSE}/modules/basics`);
  await expect(page).toHaveURL(/\/sign-in/);
});
