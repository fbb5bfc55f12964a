// what the player wrapper (app/scorm/runtime/player.js, on the content origin) may tell the
// platform page. the package's scripts share the wrapper's origin and can make it post
// anything, so a message that passes these checks is still only a hint to ask the server
// again: nothing in one is ever shown, and what the page says and opens comes from the
// server's data.

export const PLAYER_ERROR_TEXT = {
  connection:
    "Your progress could not be saved because the connection failed. Check your internet connection, then carry on.",
  session_ended:
    "Your progress could not be saved because this session has ended. Reload this page to carry on.",
  superseded:
    "Your progress could not be saved because this part was opened again in another window or tab. Carry on in the newest one.",
  not_applied:
    "Your progress could not be saved because this part is also open in another window or tab. Close the other one, then reload this page.",
  rate_limited:
    "Your progress could not be saved because the e-learning tried to save too often. Wait a minute, then carry on.",
  rejected:
    "Your progress could not be saved because the e-learning sent data that is not valid. Tell your course provider about this package.",
  server: "Your progress could not be saved because of a problem with the service. Try again later.",
} as const;

export type PlayerErrorCode = keyof typeof PLAYER_ERROR_TEXT;

/** a scorm 2004 adl.nav.request; "other" is a valid request the page does not act on */
export type NavRequest =
  { kind: "continue" } | { kind: "previous" } | { kind: "choice"; target: string } | { kind: "other" };

export type PlayerHint =
  | { type: "status"; satisfied: boolean }
  | { type: "finished"; nav: NavRequest | null }
  | { type: "error"; code: PlayerErrorCode }
  | { type: "size"; height: number };

/** the frame's height bounds: a package cannot make the page tiny or endless */
export const FRAME_MIN_HEIGHT = 480;
/** a long lesson on a 320 px phone is over 8,000 px tall: the page, not the frame, scrolls */
export const FRAME_MAX_HEIGHT = 30_000;

const OTHER_REQUESTS = new Set(["exit", "exitAll", "abandon", "abandonAll", "suspendAll"]);
const TARGETED = /^\{target=([^{}\s]{1,1000})\}(choice|jump)$/;

/** the scorm 2004 navigation vocabulary (SCORM 2004 RTE 4.4.2); undefined for anything else */
export function parseNavRequest(value: unknown): NavRequest | null | undefined {
  if (value === null || value === "_none_") return null;
  if (typeof value !== "string") return undefined;
  if (value === "continue" || value === "previous") return { kind: value };
  if (OTHER_REQUESTS.has(value)) return { kind: "other" };
  const targeted = TARGETED.exec(value);
  if (!targeted) return undefined;
  return targeted[2] === "choice" ? { kind: "choice", target: targeted[1]! } : { kind: "other" };
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function hasExactly(record: Record<string, unknown>, keys: string[]): boolean {
  const own = Object.keys(record);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(record, k));
}

/**
 * a message of one of the known shapes for the sco now playing, or null. every field is
 * checked and nothing else may be present (a message that carries text is refused whole).
 */
export function parsePlayerMessage(data: unknown, itemId: string): PlayerHint | null {
  if (!isPlainRecord(data)) return null;
  if (data.source !== "scorm-player" || typeof data.itemId !== "string" || data.itemId !== itemId) {
    return null;
  }
  switch (data.type) {
    case "status":
      if (!hasExactly(data, ["source", "itemId", "type", "satisfied"])) return null;
      if (typeof data.satisfied !== "boolean") return null;
      return { type: "status", satisfied: data.satisfied };
    case "finished": {
      if (!hasExactly(data, ["source", "itemId", "type", "navRequest"])) return null;
      const nav = parseNavRequest(data.navRequest);
      if (nav === undefined) return null;
      return { type: "finished", nav };
    }
    case "error":
      if (!hasExactly(data, ["source", "itemId", "type", "code"])) return null;
      if (typeof data.code !== "string" || !Object.hasOwn(PLAYER_ERROR_TEXT, data.code)) return null;
      return { type: "error", code: data.code as PlayerErrorCode };
    case "size":
      if (!hasExactly(data, ["source", "itemId", "type", "height"])) return null;
      if (typeof data.height !== "number" || !Number.isFinite(data.height)) return null;
      return {
        type: "size",
        height: Math.round(Math.min(FRAME_MAX_HEIGHT, Math.max(FRAME_MIN_HEIGHT, data.height))),
      };
    default:
      return null;
  }
}

type TreeItem = { id: string; launchable: boolean; allowed: boolean };

/**
 * the part a navigation request from the content may open, judged on the server's data: only a
 * part the learner may open now, and a choice only when the package allows choosing
 */
export function navTarget(
  nav: NavRequest,
  currentId: string,
  items: TreeItem[],
  controlMode: { choice: boolean },
): string | null {
  const order = items.filter((i) => i.launchable);
  const index = order.findIndex((i) => i.id === currentId);
  if (index < 0) return null;
  let target: TreeItem | undefined;
  if (nav.kind === "continue") target = order[index + 1];
  else if (nav.kind === "previous") target = order[index - 1];
  else if (nav.kind === "choice" && controlMode.choice) target = order.find((i) => i.id === nav.target);
  if (!target || target.id === currentId || !target.allowed) return null;
  return target.id;
}
