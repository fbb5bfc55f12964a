import path from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixtureCourse } from "../../tests/setup/courses";
import {
  countWords,
  cpdHoursFor,
  differs,
  hoursAndMinutes,
  lessonMinutes,
  quizMinutes,
  roleplayMinutes,
} from "./estimates";
import { loadCourses } from "./loader.server";

describe("time measured from the content", () => {
  it("counts the words a reader reads, not the markup", () => {
    expect(countWords("## A heading\n\n:::key-point\nTwo **bold** words, a [link here](/x).\n:::\n")).toBe(8);
    expect(countWords("Don't count ![an image](/a.png) or `|` marks")).toBe(4);
  });

  it("reads lessons at 180 words a minute, with 2 minutes for each reflection box", () => {
    const words = Array.from({ length: 900 }, () => "word").join(" ");
    expect(lessonMinutes(words)).toEqual({ minutes: 5, basis: "900 words at 180 a minute" });
    expect(lessonMinutes(`${words}\n\n:::reflect\nThink.\n:::\n`).minutes).toBe(7);
    expect(lessonMinutes("A few words.").minutes).toBe(1);
  });

  it("times role-plays by the replies on the best conversation, and quizzes by the questions asked", () => {
    expect(roleplayMinutes(6).minutes).toBe(12);
    expect(quizMinutes(10, 0).minutes).toBe(10);
    expect(quizMinutes(10, 1).minutes).toBe(11);
  });

  it("warns beyond 15 %, and claims CPD to the nearest half hour", () => {
    expect(differs(10, 9)).toBe(false);
    expect(differs(12, 10)).toBe(true);
    expect(differs(8, 10)).toBe(true);
    expect(cpdHoursFor(454)).toBe(7.5);
    expect(cpdHoursFor(10)).toBe(0.5);
    expect(hoursAndMinutes(454)).toBe("7 h 34 min");
  });
});

describe("courses:check compares the declared figures with the measured ones", () => {
  it("warns at the lesson's estimatedMinutes and at the course's cpdHours", async () => {
    const { root } = copyFixtureCourse({
      "course.yaml": (t) => t.replace("cpdHours: 0.5", "cpdHours: 3"),
      "basics/first-lesson.md": (t) => t.replace("estimatedMinutes: 1", "estimatedMinutes: 9"),
    });
    const { findings, problems } = await loadCourses(root);
    expect(problems).toEqual([]);
    const of = (check: string) => findings.filter((f) => f.check === check);
    expect(of("estimate")).toEqual([
      expect.objectContaining({
        file: expect.stringContaining(path.join("basics", "first-lesson.md")),
        line: 4,
        message: expect.stringMatching(
          /^estimatedMinutes is 9, but the content measures 1 \(\d+ words at 180 a minute\): set it to 1$/,
        ),
      }),
    ]);
    expect(of("cpd-hours")).toEqual([
      expect.objectContaining({
        file: expect.stringContaining("course.yaml"),
        message: expect.stringMatching(
          /^cpdHours is 3, but the required activities measure \d+ min: set cpdHours: 0.5$/,
        ),
      }),
    ]);
    expect(of("cpd")[0]?.severity).toBe("report");
  });

  it("is quiet when the figures are honest", async () => {
    const { root } = copyFixtureCourse();
    const { findings } = await loadCourses(root);
    expect(findings.filter((f) => f.check === "estimate" || f.check === "cpd-hours")).toEqual([]);
  });
});

describe("courses:check follows links between the course's own pages", () => {
  it("reports a link to a module, activity or section that does not exist, at its line", async () => {
    const id = `demo-links-${Date.now()}`;
    const { root } = copyFixtureCourse(
      {
        "basics/first-lesson.md": (t) =>
          `${t}\n\nSee [the quiz](/courses/${id}/modules/basics/basics-quiz), [a lost lesson](/courses/${id}/modules/basics/nowhere),\n[a section](/courses/${id}/modules/basics/first-lesson#no-such-heading) and [a module](/courses/${id}/modules/missing).\n`,
      },
      id,
    );
    const { problems } = await loadCourses(root);
    expect(problems.map((p) => p.message)).toEqual([
      `link /courses/${id}/modules/basics/nowhere: module "basics" has no activity "nowhere"`,
      `link /courses/${id}/modules/basics/first-lesson#no-such-heading: the lesson has no section #no-such-heading`,
      `link /courses/${id}/modules/missing: this course has no module "missing"`,
    ]);
    expect(problems[0]!.file).toContain(path.join("basics", "first-lesson.md"));
    expect(problems[1]!.line).toBe(problems[0]!.line + 1);
  });
});
