import { getEnv } from "~/env.server";
import { prisma } from "~/db.server";
import { flattenItems, launchableItems, manifestForVersion } from "~/scorm/packages.server";
import { createLaunch, versionForLearner } from "~/scorm/runtime.server";
import { scorePercent } from "~/scorm/cmi";
import { ActivityError } from "../common.server";
import type { ActivityPage, ActivityPageArgs } from "../page-types";
import { describeRule, type ScormContent } from "./scorm.server";

// the player page: the package's tree with the learner's status per sco, and launches. the
// loader never creates anything (it reruns after every message from the player, and what the
// page then says comes from it, never from the message); a launch is a post.

export type ScormTreeItem = {
  id: string;
  title: string;
  depth: number;
  launchable: boolean;
  /** false when forced-sequential flow does not let the learner choose it yet */
  allowed: boolean;
  state: "not_started" | "in_progress" | "completed";
  completion: string | null;
  success: string | null;
  score: number | null;
  attempts: number;
  /** when the server last recorded a commit of the latest attempt (iso): the page's "saved" comes from here */
  lastCommitAt: string | null;
};

async function tree(args: ActivityPageArgs) {
  const content = args.location.activity.content as ScormContent;
  const target = {
    enrolmentId: args.enrolment.id,
    activityId: args.location.activity.id,
    packageId: content.packageId,
  };
  const version = await versionForLearner(target);
  if (!version) return null;
  const manifest = await manifestForVersion(version.id);
  const attempts = await prisma.scormAttempt.findMany({
    where: { enrolmentId: args.enrolment.id, activityId: args.location.activity.id, versionId: version.id },
    orderBy: { number: "asc" },
  });
  const launchable = new Set(launchableItems(manifest).map((i) => i.identifier));
  const { choice } = manifest.organization.controlMode;
  let blocked = false;
  const items: ScormTreeItem[] = [];
  for (const { item, depth } of flattenItems(manifest.organization.items)) {
    if (!item.visible) continue;
    const mine = attempts.filter((a) => a.itemId === item.identifier);
    const latest = mine[mine.length - 1];
    const satisfied = mine.some((a) => a.satisfiedAt);
    const isLaunchable = launchable.has(item.identifier);
    items.push({
      id: item.identifier,
      title: item.title,
      depth,
      launchable: isLaunchable,
      // without choice, a learner goes in order: nothing after the first unfinished sco
      allowed: isLaunchable && (choice || !blocked),
      state: satisfied ? "completed" : latest ? "in_progress" : "not_started",
      completion: latest?.completionStatus ?? null,
      success: latest?.successStatus ?? null,
      score: latest ? scorePercent(latest) : null,
      attempts: mine.length,
      lastCommitAt: latest?.lastCommitAt?.toISOString() ?? null,
    });
    if (isLaunchable && !satisfied) blocked = true;
  }
  return { version, manifest, items, content };
}

export const scormPage: ActivityPage = {
  async load(args) {
    const t = await tree(args);
    if (!t) return { missing: true };
    const launchable = t.items.filter((i) => i.launchable);
    const suggested = launchable.find((i) => i.allowed && i.state !== "completed") ?? launchable[0] ?? null;
    const items = flattenItems(t.manifest.organization.items).map((x) => x.item);
    return {
      missing: false,
      contentOrigin: getEnv().CONTENT_ORIGIN,
      scormVersion: t.version.scormVersion,
      versionNumber: t.version.number,
      rule: describeRule(t.content.rule),
      controlMode: t.manifest.organization.controlMode,
      hideLmsUi: Object.fromEntries(items.map((i) => [i.identifier, i.hideLmsUi])),
      items: t.items,
      suggested: suggested?.id ?? null,
    };
  },
  async act(args) {
    const { form, enrolment, location, user } = args;
    const intent = form.get("intent");
    if (intent !== "launch") return { status: 400, data: { error: "Unknown action." } };
    const sco = String(form.get("sco") ?? "");
    const t = await tree(args);
    if (!t)
      return { status: 404, data: { error: "This e-learning package is not available at the moment." } };
    const item = t.items.find((i) => i.id === sco);
    if (!item || !item.launchable)
      return { status: 400, data: { error: "That part of the package cannot be opened." } };
    if (!item.allowed) {
      return {
        status: 409,
        data: { error: "This package must be taken in order: finish the earlier parts first." },
      };
    }
    try {
      const launch = await createLaunch(
        {
          userId: user.id,
          enrolmentId: enrolment.id,
          activityId: location.activity.id,
          packageId: t.content.packageId,
          rule: t.content.rule,
        },
        sco,
        { newAttempt: form.get("new") === "1", review: form.get("review") === "1" },
      );
      return {
        status: 200,
        data: {
          launch: {
            url: launch.playerUrl,
            itemId: launch.itemId,
            attemptNumber: launch.attemptNumber,
            mode: launch.mode,
            resumed: launch.resumed,
            lastCommitAt: launch.lastCommitAt,
            at: Date.now(),
          },
        },
      };
    } catch (error) {
      if (error instanceof ActivityError) return { status: error.status, data: { error: error.message } };
      throw error;
    }
  },
};
