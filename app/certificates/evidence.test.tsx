import { decodeJwt } from "jose";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { markLessonRead } from "~/activities/lesson/lesson.server";
import { optionKey } from "~/activities/quiz/present";
import { startAttempt, submitAttempt } from "~/activities/quiz/quiz.server";
import type { QuizDefinition } from "~/activities/quiz/schema";
import { playReplies, startRoleplay } from "~/activities/roleplay/roleplay.server";
import type { ScenarioDefinition } from "~/activities/roleplay/schema";
import { CertificateDetails } from "~/components/certificate";
import { courseForUser, enrol, locateActivity } from "~/courses/courses.server";
import { refreshCompletion } from "~/courses/progress.server";
import { prisma } from "~/db.server";
import { fixtureQuizAnswers, retryQuizIn, syncFixtureCourse } from "../../tests/setup/courses";
import { createUser } from "../../tests/setup/factories";
import { achievementCredentialValidator } from "../../tests/setup/ob3";
import { pdfText } from "../../tests/setup/pdf";
import { attemptPhrase, skillSummary, type EvidenceV2 } from "./evidence";
import { certificatePdf } from "./pdf.server";
import { lookupByCode } from "./verify.server";

const ip = () => `198.51.100.${Math.floor(Math.random() * 250)}-${crypto.randomUUID().slice(0, 6)}`;

/**
 * the demo course the long way: the quiz failed once then passed; the role-play failed
 * (attempt 1), passed (attempt 2), then played again differently (attempt 3)
 */
async function completedWithRetries(edits: Record<string, (t: string) => string> = {}) {
  const { courseId } = await syncFixtureCourse(edits);
  const user = await createUser({ name: "Dr Second Go" });
  const enrolment = await enrol(user.id, courseId);
  const def = (await courseForUser(courseId, user.id))!.definition;
  await markLessonRead(enrolment.id, "first-lesson");
  await markLessonRead(enrolment.id, "closing-lesson");

  const quiz = locateActivity(def, "basics", "basics-quiz")!.activity.content as QuizDefinition;
  const submit = async (attempt: { id: string; version: number; seed: string }, wrong: boolean) => {
    const fd = fixtureQuizAnswers(attempt.seed);
    if (wrong) {
      fd.set("q.open", optionKey(attempt.seed, "open", "were"));
      fd.set("q.manager", "true");
    }
    fd.set("attemptId", attempt.id);
    fd.set("version", String(attempt.version));
    return submitAttempt(enrolment, "basics-quiz", quiz, fd);
  };
  expect(await submit(await startAttempt(enrolment, "basics-quiz", quiz), true)).toMatchObject({
    ok: true,
    passed: false,
  });
  expect(await submit(await retryQuizIn(enrolment, def, "basics", "basics-quiz"), false)).toMatchObject({
    ok: true,
    passed: true,
  });

  const scenario = locateActivity(def, "conversation", "first-meeting")!.activity
    .content as ScenarioDefinition;
  const play = async (choices: string[]) => {
    const started = await startRoleplay(enrolment, "first-meeting", scenario);
    const attempt = await playReplies(enrolment, "first-meeting", scenario, started.id, choices);
    expect(attempt.state).toBe("ended");
  };
  await play(["closed", "move-on"]); // questioning -1: below the minimum of 2
  await play(["open", "deepen"]); // questioning 4, active listening 0: passes
  await play(["open", "summarise"]); // questioning 3, active listening 2: passes later

  await refreshCompletion(enrolment, def);
  const certificate = await prisma.certificate.findUniqueOrThrow({ where: { enrolmentId: enrolment.id } });
  return { certificate, evidence: JSON.parse(certificate.results) as EvidenceV2 };
}

async function verifyPage(code: string) {
  const found = await lookupByCode(code, ip(), "page");
  if (found.kind !== "found") throw new Error(`not found: ${found.kind}`);
  return {
    view: found.certificate,
    html: renderToStaticMarkup(<CertificateDetails status={found.status} certificate={found.certificate} />),
  };
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");

describe("the evidence a certificate records", () => {
  it("a trainee who failed the quiz once then passed gets 'passed at second attempt' and the pass mark", async () => {
    const { evidence } = await completedWithRetries();
    expect(evidence.v).toBe(2);
    const basics = evidence.modules.find((m) => m.moduleId === "basics")!;
    expect(basics).toMatchObject({ skill: "questioning", label: "Questioning", roleplays: [] });
    expect(basics.quizzes).toEqual([
      {
        activityId: "basics-quiz",
        title: "Basics quiz",
        passMark: 80,
        passedAtAttempt: 2,
        completion: "pass",
        submittedAtAttempt: 1,
      },
    ]);
  });

  it("role-play evidence is the earliest passing attempt's per-skill scores, each with its maximum", async () => {
    const { evidence } = await completedWithRetries();
    const conversation = evidence.modules.find((m) => m.moduleId === "conversation")!;
    expect(conversation.roleplays).toEqual([
      {
        activityId: "first-meeting",
        title: "A first meeting with Sam",
        attempt: 2,
        scores: [
          { skill: "questioning", label: "Questioning", score: 4, max: 4, min: -1, required: 2 },
          { skill: "active_listening", label: "Active listening", score: 0, max: 4, min: -2, required: null },
        ],
      },
    ]);
  });

  it("a module without a skill (like the introduction) is included, labelled by its title", async () => {
    const { evidence } = await completedWithRetries({
      "basics/module.yaml": (t) => t.replace("skill: questioning\n", ""),
    });
    expect(evidence.modules.map((m) => [m.moduleId, m.skill, m.label])).toEqual([
      ["basics", null, "Basics"],
      ["conversation", "active_listening", "Active listening"],
    ]);
    expect(evidence.modules[0]!.quizzes[0]!.passedAtAttempt).toBe(2);
  });

  it("names attempts in words up to the third", () => {
    expect([1, 2, 3, 4, 12].map(attemptPhrase)).toEqual([
      "first attempt",
      "second attempt",
      "third attempt",
      "attempt 4",
      "attempt 12",
    ]);
  });
});

describe("showing the evidence", () => {
  it("the verify page shows it in a table with column headers, and the pdf says the same", async () => {
    const { certificate } = await completedWithRetries();
    const { html } = await verifyPage(certificate.code);
    expect(html).toContain('<table class="nhsuk-table-responsive">');
    expect(html).toContain('<th scope="col" class="nhsuk-table__header">Result</th>');
    // what is read out: the column names repeated in each cell for phones are hidden from it
    const page = text(html.replace(/<span class="nhsuk-table-responsive__heading"[^>]*>[^<]*<\/span>/g, ""));
    expect(page).toContain("Questioning Quiz: Basics quiz Passed at second attempt (pass mark 80%)");
    expect(page).toContain(
      "Active listening Role-play: A first meeting with Sam Questioning 4 of 4, Active listening 0 of 4; completed at attempt 2",
    );
    expect(html).not.toMatch(/>Skills</); // the legacy per-skill percentages are gone
    // what the certificate attests, and what it does not
    expect(page).toContain("It records the training, not competence as a mentor");

    const pdf = pdfText(await certificatePdf(certificate));
    expect(pdf).toContain("Quiz: Basics quiz: Passed at second attempt (pass mark 80%)");
    expect(pdf).toContain("not competence as a mentor");
    expect(pdf).toContain(
      "Role-play: A first meeting with Sam: Questioning 4 of 4, Active listening 0 of 4; completed at attempt 2",
    );
  });

  it("an issued certificate keeps its facts: later attempts and changes do not recompute it", async () => {
    const { certificate } = await completedWithRetries();
    const issuedJwt = certificate.credentialJwt;
    await prisma.quizAttempt.deleteMany({ where: { enrolmentId: certificate.enrolmentId } });
    await prisma.roleplayAttempt.deleteMany({ where: { enrolmentId: certificate.enrolmentId } });
    const { html } = await verifyPage(certificate.code);
    expect(text(html)).toContain("Passed at second attempt (pass mark 80%)");
    const again = await prisma.certificate.findUniqueOrThrow({ where: { id: certificate.id } });
    expect(again.credentialJwt).toBe(issuedJwt);
  });

  it("the pdf's front page gives results by skill and who signed for the issuer", async () => {
    const { certificate } = await completedWithRetries();
    const front = pdfText(await certificatePdf(certificate)).split("Evidence: ")[0]!;
    expect(front).toContain("Results by skill");
    const skills = front.slice(front.indexOf("Results by skill"));
    // the questioning quiz took two attempts; each skill's box says so beside its role-play total
    expect(skills).toMatch(/Questioning\nRole-plays: \d+ of \d+\nQuiz passed at second attempt/);
    expect(front).toContain("Issued and signed by");
    expect(front).toContain(certificate.issuerName);

    // a signatory recorded at issue is printed, name then role, and kept if the setting changes
    const signed = await prisma.certificate.update({
      where: { id: certificate.id },
      data: { issuerSignatory: "Dr Jane Smith, Associate Dean for Professional Support" },
    });
    const withSignatory = pdfText(await certificatePdf(signed));
    expect(withSignatory).toContain(
      `Signed for ${certificate.issuerName}\nDr Jane Smith\nAssociate Dean for`,
    );
  });

  it("an old-shape certificate row still renders on the verify page and in the pdf", async () => {
    const { certificate } = await completedWithRetries();
    const legacy = [
      { skill: "questioning", label: "Questioning", percent: 100, detail: "quiz 100%" },
      { skill: "active_listening", label: "Active listening", percent: null, detail: "" },
    ];
    const old = await prisma.certificate.update({
      where: { id: certificate.id },
      data: { results: JSON.stringify(legacy) },
    });
    const { view, html } = await verifyPage(old.code);
    // the api (which returns this view) gives an old certificate's results exactly as issued
    expect(view.results).toEqual(legacy);
    const page = text(html);
    expect(page).toContain("Skills Questioning: 100% (quiz 100%) Active listening: completed");
    expect(page).not.toContain("Evidence");

    const pdf = pdfText(await certificatePdf(old));
    expect(pdf).toContain("Questioning: 100% (quiz 100%)");
    expect(pdf).toContain("Active listening: completed");
    expect(pdf).toContain("Dr Second Go");
  });
});

describe("results by skill", () => {
  const roleplay = (attempt: number | null, scores: [string, number, number][]) => ({
    activityId: `r${Math.random()}`,
    title: "A conversation",
    attempt,
    scores: scores.map(([skill, score, max]) => ({
      skill,
      label: skill,
      score,
      max,
      min: 0,
      required: null,
    })),
  });
  const quiz = (passedAtAttempt: number | null) => ({
    activityId: "q",
    title: "Quiz",
    passMark: 80,
    passedAtAttempt,
    completion: "pass" as const,
    submittedAtAttempt: null,
  });
  it("sums each skill over every completed conversation that scored it, with its own module's quiz", () => {
    const evidence: EvidenceV2 = {
      v: 2,
      modules: [
        {
          moduleId: "intro",
          title: "Intro",
          skill: null,
          label: "Intro",
          roleplays: [roleplay(1, [["questioning", 2, 3]])],
          quizzes: [],
        },
        {
          moduleId: "q",
          title: "Questioning",
          skill: "questioning",
          label: "Questioning",
          roleplays: [
            roleplay(2, [
              ["questioning", 5, 6],
              ["probing", 1, 2],
            ]),
            roleplay(null, [["questioning", 0, 9]]),
          ],
          quizzes: [quiz(3)],
        },
        {
          moduleId: "p",
          title: "Probing",
          skill: "probing",
          label: "Probing",
          roleplays: [],
          quizzes: [quiz(null)],
        },
        {
          moduleId: "c",
          title: "Coaching",
          skill: "coaching",
          label: "Coaching",
          roleplays: [],
          quizzes: [],
        },
      ],
    };
    expect(skillSummary(evidence)).toEqual([
      // the intro's conversation counts; the unfinished one does not
      {
        skill: "questioning",
        label: "Questioning",
        roleplays: { score: 7, max: 9, count: 2 },
        quiz: "Quiz passed at third attempt",
      },
      {
        skill: "probing",
        label: "Probing",
        roleplays: { score: 1, max: 2, count: 1 },
        quiz: "Quiz not passed",
      },
      { skill: "coaching", label: "Coaching", roleplays: null, quiz: null },
    ]);
  });
});

describe("the evidence in the open badges credential", () => {
  it("validates against the OB 3.0 schema and carries a result for each resultDescription achieved", async () => {
    const { certificate } = await completedWithRetries();
    const payload = decodeJwt(certificate.credentialJwt);
    const validate = achievementCredentialValidator();
    expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);

    type Described = { id: string; type: string[]; name: string; resultType: string } & Record<
      string,
      string
    >;
    const subject = payload.credentialSubject as {
      achievement: { id: string; resultDescription: Described[] };
      result: { type: string[]; resultDescription: string; value: string }[];
    };
    const descriptions = new Map(subject.achievement.resultDescription.map((d) => [d.id, d]));
    expect(descriptions.size).toBe(subject.achievement.resultDescription.length);
    for (const r of subject.result) {
      expect(r.type).toEqual(["Result"]);
      expect(descriptions.has(r.resultDescription), r.resultDescription).toBe(true);
    }
    const result = (suffix: string) => {
      const id = `${subject.achievement.id}-${suffix}`;
      return {
        description: descriptions.get(id),
        value: subject.result.find((r) => r.resultDescription === id)?.value,
      };
    };
    expect(result("basics-basics-quiz-attempt")).toEqual({
      description: {
        id: `${subject.achievement.id}-basics-basics-quiz-attempt`,
        type: ["ResultDescription"],
        name: 'Questioning: quiz "Basics quiz": attempt that passed (pass mark 80%)',
        resultType: "ext:AttemptNumber",
        valueMin: "1",
      },
      value: "2",
    });
    expect(result("conversation-first-meeting-questioning")).toMatchObject({
      description: { resultType: "RawScore", valueMin: "-1", valueMax: "4", requiredValue: "2" },
      value: "4",
    });
    expect(result("conversation-first-meeting-active_listening")).toMatchObject({
      description: { resultType: "RawScore", valueMax: "4" },
      value: "0",
    });
    expect(result("conversation-first-meeting-attempt")).toMatchObject({
      description: { resultType: "ext:AttemptNumber" },
      value: "2",
    });
    expect(subject.result).toHaveLength(4);
  });
});
