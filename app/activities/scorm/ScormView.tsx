import { useFetcher, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { ErrorSummary } from "~/components/forms";
import { StatusTag } from "~/components/progress";
import type { ScormTreeItem } from "./page.server";
import {
  navTarget,
  parsePlayerMessage,
  PLAYER_ERROR_TEXT,
  type NavRequest,
  type PlayerErrorCode,
} from "./player-messages";
import { WarningCallout } from "~/components/warning-callout";

export type ScormPageData =
  | { missing: true }
  | {
      missing: false;
      contentOrigin: string;
      scormVersion: string;
      versionNumber: number;
      rule: string;
      controlMode: { choice: boolean; flow: boolean; choiceExit: boolean };
      hideLmsUi: Record<string, string[]>;
      items: ScormTreeItem[];
      suggested: string | null;
    };

type LaunchData = {
  launch?: {
    url: string;
    itemId: string;
    attemptNumber: number;
    /** review: the finished attempt, shown without saving; preview: an administrator's try */
    mode: "normal" | "review" | "preview";
    resumed: boolean;
    /** the attempt's last commit before this launch: "saved" needs a later one */
    lastCommitAt: string | null;
    at: number;
  };
  error?: string;
};

const NO_ITEMS: ScormTreeItem[] = [];

/** what the page has heard from the player of the launch opened at `at` */
type Heard = {
  at: number;
  /** a status or finished message: say what the server has recorded */
  spoke: boolean;
  finished: boolean;
  error: PlayerErrorCode | null;
  /** the server's last commit once it had heard of the error; a later commit clears it */
  errorSeen?: string | null;
};

/**
 * a message is waiting for the loader to rerun. `before` is the page data the message arrived
 * with: fresh data is a new object (a quick rerun may never show a "loading" state to watch)
 */
type Waiting = {
  at: number;
  nav: NavRequest | null;
  error: boolean;
  before: unknown;
  tries?: number;
  /** the part's last commit when the player said a save was applied: the data must move past it */
  savedFrom?: string | null;
};

/**
 * the package's parts and the player. the sco runs on the content origin inside a sandboxed
 * frame (the player wrapper). package scripts can make that frame say anything, so a message
 * is only a reason to ask the server again: what the page says ("saved", "complete"), each
 * part's state and which part opens next all come from the reloaded data, and errors are the
 * page's own sentences picked by a code.
 */
export function ScormView({ page, preview = false }: { page: ScormPageData; preview?: boolean }) {
  const fetcher = useFetcher<LaunchData>();
  const revalidator = useRevalidator();
  const frame = useRef<HTMLIFrameElement>(null);
  const [heard, setHeard] = useState<Heard | null>(null);
  const [waiting, setWaiting] = useState<Waiting | null>(null);
  const started = useRef(false);
  const launch = fetcher.data?.launch;

  // the frame being replaced: a sco often finishes as it unloads, and its last save (a beacon)
  // should still refresh the parts' states; nothing it says is shown
  const closing = useRef<{ win: Window; itemId: string } | null>(null);
  const later = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(later.current), []);
  const currentId = launch?.itemId ?? null;

  // a completed part is not reopened without asking: review it, or start a new attempt
  const [choosing, setChoosing] = useState<string | null>(null);
  const choice = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (choosing) choice.current?.focus();
  }, [choosing]);
  const [frameHeight, setFrameHeight] = useState<{ at: number; height: number } | null>(null);

  const open = useCallback(
    (sco: string, how: "resume" | "fresh" | "review" = "resume") => {
      const win = frame.current?.contentWindow;
      if (win && currentId) closing.current = { win, itemId: currentId };
      setHeard(null);
      setWaiting(null);
      setChoosing(null);
      fetcher.submit(
        {
          intent: "launch",
          sco,
          ...(how === "fresh" ? { new: "1" } : {}),
          ...(how === "review" ? { review: "1" } : {}),
        },
        { method: "post" },
      );
    },
    [fetcher, currentId],
  );

  const pageRef = useRef<ScormPageData>(page);
  pageRef.current = page;
  const ready = !page.missing;
  const suggested = ready ? page.suggested : null;
  const items = page.missing ? NO_ITEMS : page.items;
  /** opens a part, or asks first when the learner has completed it */
  const go = useCallback(
    (sco: string) => {
      const item = items.find((i) => i.id === sco);
      if (!preview && item?.state === "completed") {
        const win = frame.current?.contentWindow;
        if (win && currentId) closing.current = { win, itemId: currentId };
        setChoosing(sco);
      } else open(sco);
    },
    [items, preview, open, currentId],
  );
  useEffect(() => {
    if (started.current || !suggested) return;
    started.current = true;
    go(suggested);
  }, [suggested, go]);

  const order = items.filter((i) => i.launchable);
  const currentItem = items.find((i) => i.id === currentId);
  const index = order.findIndex((i) => i.id === currentId);
  const previous = index > 0 ? order[index - 1] : undefined;
  const next = index >= 0 ? order[index + 1] : undefined;

  const origin = ready ? page.contentOrigin : null;
  const { revalidate: revalidateRaw } = revalidator;
  // a package saves and finishes as the page is left (a reload, a link): what it says then is
  // not asked about, since a request started during the unload is cut off, which Remix reports
  // as an error of the page
  const leaving = useRef(false);
  useEffect(() => {
    const onLeave = () => {
      leaving.current = true;
      clearTimeout(later.current);
    };
    const onShow = () => {
      leaving.current = false;
    };
    window.addEventListener("beforeunload", onLeave);
    window.addEventListener("pagehide", onLeave);
    window.addEventListener("pageshow", onShow);
    return () => {
      window.removeEventListener("beforeunload", onLeave);
      window.removeEventListener("pagehide", onLeave);
      window.removeEventListener("pageshow", onShow);
    };
  }, []);
  // one revalidation at a time: a newer one aborts the one under way, and when that one's
  // response was still arriving Remix logs the abort as an error of the page. what is asked
  // while one runs is asked once more when it ends (seen as the revalidator going back to
  // idle, or new data; after 10 s a revalidation is taken to have ended whatever was seen)
  const busy = useRef<{ since: number; seenLoading: boolean; page: unknown } | null>(null);
  const again = useRef(false);
  // an end of a revalidation, so that what waits for the data looks again with busy cleared
  const [settled, setSettled] = useState(0);
  const revalidate = useCallback(() => {
    if (leaving.current) return;
    const running = busy.current;
    if (running && Date.now() - running.since < 10_000) {
      again.current = true;
      return;
    }
    busy.current = { since: Date.now(), seenLoading: false, page: pageRef.current };
    revalidateRaw();
  }, [revalidateRaw]);
  useEffect(() => {
    const running = busy.current;
    if (!running) return;
    if (revalidator.state !== "idle") {
      running.seenLoading = true;
      return;
    }
    if (!running.seenLoading && page === running.page) return;
    busy.current = null;
    setSettled((n) => n + 1);
    if (again.current) {
      again.current = false;
      revalidate();
    }
  }, [revalidator.state, page, revalidate]);
  useEffect(() => {
    if (!origin) return;
    function onMessage(event: MessageEvent) {
      if (event.origin !== origin) return;
      const gone = closing.current;
      // a removed frame's window may already be detached (no source)
      if (gone && (event.source === gone.win || event.source === null)) {
        if (!parsePlayerMessage(event.data, gone.itemId)) return;
        revalidate();
        // its last save went as a beacon, which answers nobody: look again once it has landed
        clearTimeout(later.current);
        later.current = setTimeout(revalidate, 1500);
        return;
      }
      // only the wrapper frame of the launch now open, and only the known shapes
      const own = frame.current?.contentWindow;
      if (!launch || !own || event.source !== own) return;
      const { at, itemId } = launch;
      const hint = parsePlayerMessage(event.data, itemId);
      if (!hint) return;
      if (hint.type === "size") {
        setFrameHeight({ at, height: hint.height });
        return;
      }
      // a review or a preview saves nothing: there is nothing to ask the server about
      if (launch.mode !== "normal") return;
      const now = pageRef.current;
      const committed = now.missing ? null : (now.items.find((i) => i.id === itemId)?.lastCommitAt ?? null);
      setHeard((h) => {
        const mine: Heard = h?.at === at ? h : { at, spoke: false, finished: false, error: null };
        if (hint.type === "error") return { ...mine, error: hint.code, errorSeen: undefined };
        // a save reported after an error: the error stands only until the data shows a commit
        // newer than the one we have now (an error not yet checked against the data is pinned
        // to it here, so a real save that lands can replace it)
        const errorSeen =
          hint.type === "status" && mine.error && mine.errorSeen === undefined ? committed : mine.errorSeen;
        return { ...mine, spoke: true, finished: mine.finished || hint.type === "finished", errorSeen };
      });
      setWaiting((w) => {
        const mine = w?.at === at ? w : null;
        return {
          at,
          nav: hint.type === "finished" ? hint.nav : (mine?.nav ?? null),
          error: hint.type === "error" || (mine?.error ?? false),
          before: now,
          savedFrom: hint.type === "status" ? committed : mine?.savedFrom,
        };
      });
      revalidate();
    }
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [origin, launch, revalidate]);

  // once the loader has rerun after a message, act on the server's data
  const controlMode = ready ? page.controlMode : null;
  useEffect(() => {
    if (!waiting) return;
    // act once the loader has rerun since the message: new data, and nothing more under way
    if (revalidator.state !== "idle" || busy.current !== null || page === waiting.before) return;
    if (!launch || waiting.at !== launch.at || !controlMode) {
      setWaiting(null);
      return;
    }
    const target = waiting.nav ? navTarget(waiting.nav, launch.itemId, items, controlMode) : null;
    const tries = waiting.tries ?? 0;
    // a save the player reported applied that the data does not show yet (a revalidation that
    // started before it landed): look again, as for navigation
    const behind =
      waiting.savedFrom !== undefined && (currentItem?.lastCommitAt ?? null) === waiting.savedFrom;
    if (((waiting.nav && !target) || behind) && tries < 2) {
      // the part the package asked for is not open to the learner in this data: the save that
      // finished this part (a beacon, a write still under way) may land a moment later, so
      // look once or twice more before deciding
      setWaiting({ ...waiting, before: page, tries: tries + 1 });
      clearTimeout(later.current);
      later.current = setTimeout(revalidate, 600 * (tries + 1));
      return;
    }
    setWaiting(null);
    if (waiting.error) {
      const seen = currentItem?.lastCommitAt ?? null;
      setHeard((h) => (h?.at === waiting.at && h.error ? { ...h, errorSeen: seen } : h));
    }
    if (target) go(target);
  }, [waiting, revalidator.state, settled, page, launch, currentItem, items, controlMode, go, revalidate]);

  // what the page says, from the server's data only
  const mine = heard && launch && heard.at === launch.at ? heard : null;
  const savedAt = currentItem?.lastCommitAt ?? null;
  const errorShown =
    mine?.error && (mine.errorSeen === undefined || savedAt === mine.errorSeen) ? mine.error : null;
  const savedNow = Boolean(mine?.spoke && savedAt !== null && savedAt !== launch?.lastCommitAt);
  const sentences: string[] = [];
  if (savedNow && !errorShown) {
    sentences.push(
      currentItem?.state === "completed" ? "Saved. This part is complete." : "Your progress has been saved.",
    );
  }
  if (mine?.finished && !waiting) sentences.push("Choose what to do next.");
  const status = sentences.join(" ");
  const error = errorShown ? PLAYER_ERROR_TEXT[errorShown] : "";

  if (page.missing) {
    return (
      <WarningCallout heading="Not available">
        <p>
          This e-learning package is not available at the moment. Please try again later or contact your
          course provider.
        </p>
      </WarningCallout>
    );
  }

  const hidden = (currentId && page.hideLmsUi[currentId]) || [];
  const showFlow = page.controlMode.flow;
  const failedLaunch = fetcher.data?.error;
  const chosen = choosing ? items.find((i) => i.id === choosing) : undefined;
  const single = order.length === 1;
  const height = frameHeight && launch && frameHeight.at === launch.at ? frameHeight.height : null;

  return (
    <div className="app-scorm">
      <p className="nhsuk-body-s">
        SCORM {page.scormVersion} package, version {page.versionNumber}.
        {preview ? null : <> To complete it: {page.rule.toLowerCase()}.</>}
      </p>
      <noscript>
        <p>This e-learning package needs JavaScript. Turn it on in your browser to play it.</p>
      </noscript>
      <ErrorSummary errors={failedLaunch || error ? { form: failedLaunch ?? error } : undefined} />
      <div className="nhsuk-grid-row">
        {items.length > 1 ? (
          <nav className="nhsuk-grid-column-one-quarter app-scorm__tree" aria-label="Parts of this package">
            <h2 className="nhsuk-heading-s">Parts</h2>
            <ol className="nhsuk-list">
              {items.map((item) => (
                <li key={item.id} className={`app-depth-${Math.min(item.depth, 5)}`}>
                  {item.launchable ? (
                    <button
                      type="button"
                      className="app-link-button"
                      aria-current={item.id === (choosing ?? currentId) ? "step" : undefined}
                      disabled={!item.allowed || (!page.controlMode.choice && !preview)}
                      onClick={() => go(item.id)}
                    >
                      {item.title}
                    </button>
                  ) : (
                    <span className="nhsuk-body-s">{item.title}</span>
                  )}{" "}
                  {item.launchable && !preview ? <StatusTag state={item.state} /> : null}
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <div className={items.length > 1 ? "nhsuk-grid-column-three-quarters" : "nhsuk-grid-column-full"}>
          {chosen ? (
            <div className="nhsuk-card app-scorm__choice">
              <div className="nhsuk-card__content">
                <h2 className="nhsuk-card__heading nhsuk-heading-m" tabIndex={-1} ref={choice}>
                  {single ? "You have completed this package" : `You have completed "${chosen.title}"`}
                </h2>
                <p className="nhsuk-body">
                  Your completion stands whichever you choose. Reviewing opens the attempt you finished, and
                  nothing you do in it is saved. A new attempt starts from the beginning and is saved as you
                  go.
                </p>
                <div className="nhsuk-button-group">
                  <button type="button" className="nhsuk-button" onClick={() => open(chosen.id, "review")}>
                    Review {single ? "it" : "this part"}
                  </button>{" "}
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--secondary"
                    onClick={() => open(chosen.id, "fresh")}
                  >
                    Start a new attempt
                  </button>
                </div>
              </div>
            </div>
          ) : launch ? (
            <>
              {launch.mode === "review" ? (
                <div className="nhsuk-inset-text app-scorm__mode">
                  <span className="nhsuk-u-visually-hidden">Information: </span>
                  <p>
                    You are reviewing the attempt you finished. Nothing you do here is saved.{" "}
                    <button
                      type="button"
                      className="app-link-button"
                      onClick={() => open(launch.itemId, "fresh")}
                    >
                      Start a new attempt instead
                    </button>
                  </p>
                </div>
              ) : null}
              <iframe
                key={launch.at}
                ref={frame}
                src={launch.url}
                title={currentItem ? `E-learning: ${currentItem.title}` : "E-learning content"}
                className="app-scorm__frame"
                // the height is the content's; the frame's 1px borders come on top (border-box)
                style={height ? { height: `${height + 2}px` } : undefined}
                sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-modals allow-downloads"
                allow="fullscreen"
              />
            </>
          ) : (
            <p className="nhsuk-body">{fetcher.state !== "idle" ? "Opening the package…" : ""}</p>
          )}
          <p role="status" className="nhsuk-body-s app-scorm__status" aria-busy={waiting ? true : undefined}>
            {status}
          </p>
          {currentItem && !chosen ? (
            <div className="app-scorm__controls">
              {showFlow && previous && !hidden.includes("previous") ? (
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary"
                  onClick={() => go(previous.id)}
                >
                  Previous part
                </button>
              ) : null}{" "}
              {showFlow && next && !hidden.includes("continue") ? (
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary"
                  disabled={!next.allowed}
                  onClick={() => go(next.id)}
                >
                  Next part
                </button>
              ) : null}{" "}
              {currentItem.state === "completed" && !preview && launch?.mode === "normal" ? (
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary"
                  onClick={() => open(currentItem.id, "fresh")}
                >
                  Start this part again
                </button>
              ) : null}{" "}
              {preview ? (
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary"
                  onClick={() => open(currentItem.id)}
                >
                  Start the preview again
                </button>
              ) : null}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}
