import { describe, expect, it } from "vitest";
import { courseForUser, enrol, locateActivity } from "~/courses/courses.server";
import { prisma } from "~/db.server";
import { syncFixtureCourse } from "../../../tests/setup/courses";
import { createUser } from "../../../tests/setup/factories";
import { orderChoices, presentAttempt } from "./present";
import {
  choiceKey,
  choose,
  replyReadingSeconds,
  RoleplayError,
  roleplayKind,
  roleplayRefusal,
  roleplayStanding,
  startRoleplay,
} from "./roleplay.server";
import type { ScenarioDefinition } from "./schema";

async function setup() {
  const { courseId } = await syncFixtureCourse();
  const user = await createUser();
  const enrolment = await enrol(user.id, courseId);
  const def = (await courseForUser(courseId, user.id))!.definition;
  const activity = locateActivity(def, "conversation", "first-meeting")!.activity;
  const s = activity.content as ScenarioDefinition;
  return { courseId, user, enrolment, def, activity, s };
}

async function say(
  enrolment: { id: string; userId: string },
  s: ScenarioDefinition,
  attemptId: string,
  choice: string,
) {
  const row = await prisma.roleplayAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  return choose(enrolment, "first-meeting", s, {
    attemptId,
    version: String(row.version),
    choice: choiceKey(row, row.nodeId, choice),
  });
}

const snapshotOf = (id: string) => prisma.roleplayAttempt.findUniqueOrThrow({ where: { id } });

describe("server-authoritative play", () => {
  it("plays to an ending; the attempt resumes exactly where it stopped", async () => {
    const { enrolment, s } = await setup();
    const attempt = await startRoleplay(enrolment, "first-meeting", s);
    await say(enrolment, s, attempt.id, "closed");
    const again = await startRoleplay(enrolment, "first-meeting", s);
    expect(again.id).toBe(attempt.id);
    expect(again.nodeId).toBe("guarded");
    await say(enrolment, s, attempt.id, "reflect");
    const result = await say(enrolment, s, attempt.id, "summarise");
    expect(result).toEqual({ attemptId: attempt.id, ended: true, node: "heard", choice: "summarise" });
    const row = await snapshotOf(attempt.id);
    expect(row.state).toBe("ended");
    expect(row.endedAt).not.toBeNull();
  });

  it("refuses a forged choice id, and changes nothing", async () => {
    const { enrolment, s } = await setup();
    const attempt = await startRoleplay(enrolment, "first-meeting", s);
    const before = await snapshotOf(attempt.id);
    await expect(say(enrolment, s, attempt.id, "heard")).rejects.toThrow(
      "That reply is not available at this point in the conversation.",
    );
    expect(await snapshotOf(attempt.id)).toEqual(before);
  });

  it("replies are posted under keys of their own in each attempt: the authored id is refused", async () => {
    const { enrolment, s } = await setup();
    const one = await startRoleplay(enrolment, "first-meeting", s);
    const before = await snapshotOf(one.id);
    await expect(
      choose(enrolment, "first-meeting", s, { attemptId: one.id, version: "0", choice: "open" }),
    ).rejects.toThrow("That reply is not available at this point in the conversation.");
    expect(await snapshotOf(one.id)).toEqual(before);
    const two = await startRoleplay(enrolment, "first-meeting", s, true);
    expect(choiceKey(two, "opening", "open")).not.toBe(choiceKey(one, "opening", "open"));
    // the page offers the replies under those keys, and nothing else names them
    const shown = presentAttempt(s, await snapshotOf(two.id)).current!.choices;
    expect(shown.map((c) => c.key).sort()).toEqual(
      s.nodes.opening!.choices!.map((c) => choiceKey(two, "opening", c.id)).sort(),
    );
    expect(JSON.stringify(shown)).not.toMatch(/"(open|closed)"/);
  });

  it("a reply chosen sooner than the conversation can be read is refused, and nothing changes", async () => {
    const { enrolment, s } = await setup();
    const attempt = await startRoleplay(enrolment, "first-meeting", s);
    const floor = replyReadingSeconds(s.nodes.opening!, s.nodes.opening!.choices!, 500);
    expect(floor).toBeGreaterThan(2);
    const at = (secs: number) => new Date(attempt.updatedAt.getTime() + secs * 1000);
    const input = { attemptId: attempt.id, version: "0", choice: choiceKey(attempt, "opening", "open") };
    await expect(
      choose(enrolment, "first-meeting", s, input, { readingWpm: 500, now: at(floor - 2) }),
    ).rejects.toThrow(/read what .* says and every reply .* in 2 seconds/);
    expect((await snapshotOf(attempt.id)).version).toBe(0);
    const done = await choose(enrolment, "first-meeting", s, input, { readingWpm: 500, now: at(floor) });
    expect(done.choice).toBe("open");
  });

  it("refuses a choice that exists but is not on offer under the current scores", async () => {
    const { enrolment, s } = await setup();
    const attempt = await startRoleplay(enrolment, "first-meeting", s);
    await say(enrolment, s, attempt.id, "closed");
    await say(enrolment, s, attempt.id, "reflect");
    const before = await snapshotOf(attempt.id);
    await expect(say(enrolment, s, attempt.id, "deepen")).rejects.toBeInstanceOf(RoleplayError);
    expect(await snapshotOf(attempt.id)).toEqual(before);
  });

  it("a choice from a stale page (another tab moved on) is refused with a reload message", async () => {
    const { enrolment, s } = await setup();
    const attempt = await startRoleplay(enrolment, "first-meeting", s);
    const stale = String(attempt.version);
    await say(enrolment, s, attempt.id, "open");
    await expect(
      choose(enrolment, "first-meeting", s, {
        attemptId: attempt.id,
        version: stale,
        choice: choiceKey(attempt, "opening", "closed"),
      }),
    ).rejects.toThrow(/moved on in another tab or window\. Reload the page/);
    expect((await snapshotOf(attempt.id)).nodeId).toBe("opens-up");
  });

  it("two tabs choosing at the same moment: one wins, one is told to reload", async () => {
    const { enrolment, s } = await setup();
    const attempt = await startRoleplay(enrolment, "first-meeting", s);
    const version = String(attempt.version);
    const results = await Promise.allSettled([
      choose(enrolment, "first-meeting", s, {
        attemptId: attempt.id,
        version,
        choice: choiceKey(attempt, "opening", "open"),
      }),
      choose(enrolment, "first-meeting", s, {
        attemptId: attempt.id,
        version,
        choice: choiceKey(attempt, "opening", "closed"),
      }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const row = await snapshotOf(attempt.id);
    expect(row.version).toBe(1);
    expect(JSON.parse(row.snapshot).context.transcript).toHaveLength(1);
  });

  it("a finished conversation cannot be replayed", async () => {
    const { enrolment, s } = await setup();
    const attempt = await startRoleplay(enrolment, "first-meeting", s);
    await say(enrolment, s, attempt.id, "closed");
    await say(enrolment, s, attempt.id, "move-on");
    const before = await snapshotOf(attempt.id);
    await expect(say(enrolment, s, attempt.id, "reflect")).rejects.toThrow("This conversation has finished.");
    expect(await snapshotOf(attempt.id)).toEqual(before);
  });

  it("another trainee's attempt cannot be played", async () => {
    const a = await setup();
    const attempt = await startRoleplay(a.enrolment, "first-meeting", a.s);
    const other = await createUser();
    const theirs = await enrol(other.id, a.courseId);
    await expect(
      choose(theirs, "first-meeting", a.s, {
        attemptId: attempt.id,
        version: "0",
        choice: choiceKey(attempt, "opening", "open"),
      }),
    ).rejects.toThrow(/not found/);
    expect((await snapshotOf(attempt.id)).version).toBe(0);
  });

  it("restarting keeps the old attempt and starts again at the opening", async () => {
    const { enrolment, s } = await setup();
    const first = await startRoleplay(enrolment, "first-meeting", s);
    await say(enrolment, s, first.id, "open");
    const second = await startRoleplay(enrolment, "first-meeting", s, true);
    expect(second.attemptNumber).toBe(2);
    expect(second.nodeId).toBe("opening");
    expect((await snapshotOf(first.id)).state).toBe("abandoned");
  });
});

describe("completion and debrief", () => {
  it("completes only at an ending that meets the minimum scores", async () => {
    const { enrolment, s, activity, def } = await setup();
    const statusOf = async () =>
      (await roleplayKind.statuses(enrolment, [activity as never], def.rules)).get("first-meeting");
    expect(await statusOf()).toEqual({ state: "not_started" });

    const missed = await startRoleplay(enrolment, "first-meeting", s);
    await say(enrolment, s, missed.id, "closed");
    expect(await statusOf()).toEqual({ state: "in_progress", lastWorkedAt: expect.any(Date) });
    await say(enrolment, s, missed.id, "move-on");
    // ended, but questioning is -1, below the minimum of 2
    expect(await statusOf()).toMatchObject({ state: "in_progress", passed: false });

    const good = await startRoleplay(enrolment, "first-meeting", s, true);
    await say(enrolment, s, good.id, "open");
    await say(enrolment, s, good.id, "summarise");
    // questioning 3 + active listening 2 of a best of 4 + 4
    expect(await statusOf()).toEqual({ state: "completed", passed: true, score: 63, lastWorkedAt: expect.any(Date) });
  });

  it("the debrief annotates the transcript and compares with the path taken and the best path", async () => {
    const { enrolment, s } = await setup();
    const attempt = await startRoleplay(enrolment, "first-meeting", s);
    await say(enrolment, s, attempt.id, "closed");
    await say(enrolment, s, attempt.id, "reflect");
    await say(enrolment, s, attempt.id, "reassure");
    const view = presentAttempt(s, await snapshotOf(attempt.id));
    expect(view.steps.map((x) => [x.said, x.tone])).toEqual([
      ["Is it about the night shifts?", "poor"],
      ["It sounds as if it isn't entirely fine.", "good"],
      ["Everyone feels like that in FY2. You'll be fine.", "poor"],
    ]);
    expect(view.steps[0]!.deltas).toEqual([{ skill: "questioning", label: "Questioning", delta: -1 }]);
    expect(view.current).toBeNull();
    expect(view.ending?.modelAnswer).toMatch(/reflect it back/);
    expect(view.debrief).toEqual({
      passed: false,
      metMinimum: false,
      // "missed" is a partial ending, which this module allows
      ending: {
        result: "partial",
        label: "a partial ending",
        allowed: true,
        allowedLabels: ["a good ending", "a partial ending"],
      },
      // the replay of the best conversation: open, then summarise
      bestPath: expect.objectContaining({
        steps: [
          expect.objectContaining({ said: "What would you like to get out of our time today?" }),
          expect.objectContaining({
            said: "You're exhausted, and it's making you question your career. Tell me more.",
          }),
        ],
      }),
      bestPathHeld: false,
      criticalErrors: [],
      skills: [
        { skill: "questioning", label: "Questioning", score: -1, bestMax: 4, minimum: 2 },
        {
          skill: "active_listening",
          label: "Active listening",
          score: 1,
          bestMax: 4,
          minimum: null,
        },
      ],
    });
  });
});

describe("what the conversation shows before the debrief", () => {
  it("while it goes on, nothing judges a reply; until the scenario is completed the debrief gives the reasoning without verdicts or points", async () => {
    const { enrolment, s } = await setup();
    const attempt = await startRoleplay(enrolment, "first-meeting", s);
    await say(enrolment, s, attempt.id, "closed");
    await say(enrolment, s, attempt.id, "reflect");
    const playing = presentAttempt(s, await snapshotOf(attempt.id), { revealBest: false });
    expect(playing.steps.map((x) => [x.said, x.feedback, x.tone, x.deltas])).toEqual([
      ["Is it about the night shifts?", null, null, []],
      ["It sounds as if it isn't entirely fine.", null, null, []],
    ]);
    // the page's data carries no verdict either
    const closed = s.nodes.opening!.choices!.find((c) => c.id === "closed")!;
    expect(JSON.stringify(playing)).not.toContain(closed.feedback);
    await say(enrolment, s, attempt.id, "reassure");
    const ended = presentAttempt(s, await snapshotOf(attempt.id), { revealBest: false });
    expect(ended.steps[0]!.feedback).toBe(closed.feedback);
    expect(ended.steps.every((x) => x.tone === null && x.deltas.length === 0)).toBe(true);
    expect(ended.debrief!.bestPath).toBeNull();
    expect(ended.debrief!.bestPathHeld).toBe(true);
  });
});

describe("the order replies are offered in", () => {
  const replies = ["a", "b", "c", "d", "e"].map((id) => ({ id }));

  it("is shuffled per attempt, so the best reply is not always in one place", () => {
    const firsts = new Set(
      Array.from({ length: 60 }, () => orderChoices(crypto.randomUUID(), "opening", replies)[0]!.id),
    );
    expect(firsts.size).toBe(5);
    // every reply is offered once, whatever the order
    expect(
      orderChoices("attempt-1", "opening", replies)
        .map((c) => c.id)
        .sort(),
    ).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("is the same every time for one attempt and node, and differs between nodes", () => {
    const one = orderChoices("attempt-1", "opening", replies).map((c) => c.id);
    expect(orderChoices("attempt-1", "opening", replies).map((c) => c.id)).toEqual(one);
    const nodes = new Set(
      ["n1", "n2", "n3", "n4", "n5", "n6"].map((n) =>
        orderChoices("attempt-1", n, replies)
          .map((c) => c.id)
          .join(),
      ),
    );
    expect(nodes.size).toBeGreaterThan(1);
  });

  it("keeps a reply the author pinned first or last in its place", () => {
    const pinned = [{ id: "x", pin: "last" as const }, ...replies, { id: "y", pin: "first" as const }];
    for (let i = 0; i < 20; i++) {
      const order = orderChoices(crypto.randomUUID(), "opening", pinned).map((c) => c.id);
      expect(order[0]).toBe("y");
      expect(order[order.length - 1]).toBe("x");
    }
  });

  it("survives a reload: the page shows the same order for the same attempt", async () => {
    const { enrolment, s } = await setup();
    const attempt = await startRoleplay(enrolment, "first-meeting", s);
    const first = presentAttempt(s, await snapshotOf(attempt.id)).current!.choices.map((c) => c.say);
    const again = presentAttempt(s, await snapshotOf(attempt.id)).current!.choices.map((c) => c.say);
    expect(again).toEqual(first);
    expect([...first].sort()).toEqual(s.nodes.opening!.choices!.map((c) => c.say).sort());
  });
});

describe("critical errors", () => {
  it("an attempt with a critical reply does not complete the activity, whatever its scores, and the debrief says why", async () => {
    const { enrolment, def, activity } = await setup();
    // the fixture scenario, with the best path's first reply marked critical (a copy: the
    // cached definition stays as it is)
    const s = structuredClone(activity.content as ScenarioDefinition);
    const open = s.nodes.opening!.choices!.find((c) => c.id === "open")!;
    open.critical = {
      category: "confidentiality",
      why: "Promising absolute confidentiality is a promise a mentor cannot keep.",
      instead: "Agree the limits of confidentiality at the start.",
    };
    const attempt = await startRoleplay(enrolment, "first-meeting", s);
    await say(enrolment, s, attempt.id, "open");
    await say(enrolment, s, attempt.id, "summarise");
    const view = presentAttempt(s, await snapshotOf(attempt.id));
    expect(view.ending).not.toBeNull();
    // the scores alone would pass
    expect(view.debrief).toMatchObject({ passed: false, metMinimum: true });
    expect(view.debrief!.criticalErrors).toEqual([
      {
        say: open.say,
        category: "Confidentiality",
        why: "Promising absolute confidentiality is a promise a mentor cannot keep.",
        instead: "Agree the limits of confidentiality at the start.",
      },
    ]);
    const target = { ...activity, content: s };
    const status = await roleplayKind.statuses(enrolment, [target as never], def.rules);
    expect(status.get(activity.id)).toMatchObject({ state: "in_progress", passed: false });
  });
});

describe("retake rules for conversations", () => {
  const standing = (a: Awaited<ReturnType<typeof setup>>, opts: { restarting?: boolean; now?: Date } = {}) =>
    roleplayStanding(
      a.enrolment,
      "first-meeting",
      a.s,
      { rules: a.def.rules, moduleLessonIds: [], restarting: opts.restarting },
      opts.now,
    );

  it("two conversations that do not complete, then a pause (a module without lessons waits 24 hours)", async () => {
    const a = await setup();
    expect((await standing(a)).state.kind).toBe("first");
    const one = await startRoleplay(a.enrolment, "first-meeting", a.s);
    await say(a.enrolment, a.s, one.id, "closed");
    await say(a.enrolment, a.s, one.id, "move-on");
    expect((await standing(a)).state).toEqual({ kind: "available", attemptsLeft: null });

    // restarting at the opening line costs nothing; giving up part-way counts as a try
    const two = await startRoleplay(a.enrolment, "first-meeting", a.s);
    expect((await standing(a, { restarting: true })).state.kind).toBe("available");
    await say(a.enrolment, a.s, two.id, "closed");
    expect((await standing(a)).state.kind).toBe("open");
    const refused = (await standing(a, { restarting: true })).state;
    expect(refused.kind).toBe("cool-down");
    expect(roleplayRefusal(refused, (id) => id)).toMatch(/^You can try this conversation again from /);

    await say(a.enrolment, a.s, two.id, "move-on");
    const after = await standing(a);
    expect(after.state.kind).toBe("cool-down");
    expect(after.passed).toBe(false);
    const tomorrow = new Date(Date.now() + 25 * 3_600_000);
    expect((await standing(a, { now: tomorrow })).state.kind).toBe("available");
  });

  it("once completed, the conversation may be practised again at any time", async () => {
    const a = await setup();
    const one = await startRoleplay(a.enrolment, "first-meeting", a.s);
    await say(a.enrolment, a.s, one.id, "open");
    await say(a.enrolment, a.s, one.id, "summarise");
    const st = await standing(a);
    expect(st.passed).toBe(true);
    expect(st.state.kind).toBe("passed");
    expect(roleplayRefusal(st.state, (id) => id)).toBeNull();
  });

  it("the best conversation is replayed only when asked to reveal it", async () => {
    const a = await setup();
    const one = await startRoleplay(a.enrolment, "first-meeting", a.s);
    await say(a.enrolment, a.s, one.id, "closed");
    await say(a.enrolment, a.s, one.id, "move-on");
    const held = presentAttempt(a.s, await snapshotOf(one.id), { revealBest: false }).debrief!;
    expect(held.bestPath).toBeNull();
    expect(held.bestPathHeld).toBe(true);
    const shown = presentAttempt(a.s, await snapshotOf(one.id)).debrief!;
    expect(shown.bestPath?.steps.length).toBeGreaterThan(0);
  });
});
