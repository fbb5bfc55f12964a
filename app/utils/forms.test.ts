import { describe, expect, it } from "vitest";
import { z } from "zod";
import { registerSchema } from "~/auth/validation";
import { reflectionSchema } from "~/courses/reflection.server";
import { organisationSchema } from "~/organisations/organisations.server";
import { isCleanMultiLine, isSingleLine, multiLine, parseForm, singleLine } from "./forms";

function form(values: Record<string, string>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

// one of each kind the helpers refuse, by name
const REFUSED_EVERYWHERE = {
  NUL: "\u0000",
  "ESC (terminal escapes)": "\u001b",
  "vertical tab": "\u000b",
  "form feed": "\u000c",
  DEL: "\u007f",
  "C1 next line (NEL)": "\u0085",
  "C1 CSI": "\u009b",
  "left-to-right embedding": "\u202a",
  "right-to-left override": "\u202e",
  "first strong isolate": "\u2068",
  "pop directional isolate": "\u2069",
};
const LINE_BREAKS = {
  "line feed": "\n",
  "carriage return": "\r",
  "CR LF": "\r\n",
  tab: "\t",
  "line separator U+2028": "\u2028",
  "paragraph separator U+2029": "\u2029",
};

describe("single-line text", () => {
  it.each(Object.entries({ ...REFUSED_EVERYWHERE, ...LINE_BREAKS }))("refuses %s", (_, c) => {
    expect(isSingleLine(`Dr A${c}Click https://evil.example/login`)).toBe(false);
  });

  it.each([
    "Dr Zoë O'Brien-Ní Bhriain",
    "Dr Siobhán MacGiolla Phádraig, FRCP (Edin.)",
    "محمد عبد الله",
    "王小明",
    "Dr Ana\u00a0Lúcia", // a no-break space is a space, not a control
  ])("accepts %s", (name) => {
    expect(isSingleLine(name)).toBe(true);
  });

  it("gives the field's own message through zod", () => {
    const schema = singleLine(z.string().trim().min(1), "Full name");
    const result = schema.safeParse("Dr A\nhttps://evil.example");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      "Full name must be on one line, without tabs or other control characters",
    );
    // surrounding whitespace is trimmed first, as before
    expect(schema.parse("  Dr A\n")).toBe("Dr A");
  });
});

describe("multi-line text", () => {
  it.each(Object.entries(LINE_BREAKS))("keeps %s", (_, c) => {
    expect(isCleanMultiLine(`First line${c}second line`)).toBe(true);
  });

  it.each(Object.entries(REFUSED_EVERYWHERE))("refuses %s", (_, c) => {
    expect(isCleanMultiLine(`First line${c}second line`)).toBe(false);
  });

  it("gives the field's own message through zod", () => {
    const result = multiLine(z.string(), "What you learned").safeParse("a\u001b[2Jb");
    expect(result.error?.issues[0]?.message).toBe("What you learned must not contain control characters");
  });
});

describe("the app's forms", () => {
  it("registration refuses a name carrying a line break, on the name field", () => {
    const result = parseForm(
      registerSchema,
      form({
        name: "Dr A\r\nAction required: https://evil.example/login",
        email: "a@nhs.net",
        password: "a long enough password",
        confirmPassword: "a long enough password",
      }),
    );
    expect(!result.ok && result.errors).toEqual({
      name: "Full name must be on one line, without tabs or other control characters",
    });
  });

  it("an organisation's name stays on one line", () => {
    const result = parseForm(organisationSchema, form({ name: "Trust\u202eevil", kind: "nhs_trust" }));
    expect(!result.ok && result.errors.name).toMatch(/must be on one line/);
  });

  const LEARNED = "Listening well lets the mentee lead.";
  const CHANGE = "I will ask more open questions.";

  it("a reflection keeps its paragraphs but not control characters", () => {
    const text = "First paragraph.\r\n\r\nSecond paragraph,\twith a tab.";
    const ok = parseForm(
      reflectionSchema,
      form({ whatHappened: text, whatLearned: LEARNED, changePractice: CHANGE }),
    );
    expect(ok.ok && ok.data.whatHappened).toBe(text);
    const bad = parseForm(
      reflectionSchema,
      form({ whatHappened: "a\u0007b and some more words", whatLearned: LEARNED, changePractice: CHANGE }),
    );
    expect(!bad.ok && bad.errors).toEqual({
      whatHappened: "What you did and what happened must not contain control characters",
    });
  });

  it("a reflection says something: each required answer is a sentence, not a placeholder", () => {
    const empty = parseForm(
      reflectionSchema,
      form({ whatHappened: "", whatLearned: LEARNED, changePractice: CHANGE }),
    );
    expect(!empty.ok && empty.errors).toEqual({ whatHappened: "Write what you did and what happened" });
    for (const junk of ["x", "ok", "did the course", "a b c d"]) {
      const r = parseForm(
        reflectionSchema,
        form({ whatHappened: junk, whatLearned: LEARNED, changePractice: CHANGE }),
      );
      expect(!r.ok && r.errors).toEqual({
        whatHappened: "Write at least a sentence (5 words or more) for what you did and what happened",
      });
    }
  });
});
