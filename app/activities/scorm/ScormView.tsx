import { useFetcher, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { ErrorSummary } from "~/components/forms";
import { StatusTag } from "~/components/progress";
import type { ScormTreeItem } from "./page.server";

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
  launch?: { url: string; itemId: string; attemptNumber: number; resumed: boolean; at: number };
  error?: string;
};

type PlayerMessage = {
  source: "scorm-player";
  itemId: string;
  type: "status" | "finished" | "error";
  completion?: string;
  success?: string;
  satisfied?: boolean;
  navRequest?: string | null;
  message?: string;
};

/**
 * the package's parts and the player. the sco runs on the content origin inside a sandboxed
 * frame; this page only hears its status messages (checked against that origin) and asks the
 * server for launches.
 */
export function ScormView({ page }: { page: ScormPageData }) {
  const fetcher = useFetcher<LaunchData>();
  const revalidator = useRevalidator();
  const [status, setStatus] = useState<string>("");
  const [error, setError] = useState<string>("");
  const started = useRef(false);
  const satisfied = useRef(false);
  const launch = fetcher.data?.launch;

  const open = useCallback(
    (sco: string, fresh = false) => {
      setError("");
      setStatus("");
      fetcher.submit({ intent: "launch", sco, ...(fresh ? { new: "1" } : {}) }, { method: "post" });
    },
    [fetcher],
  );

  const ready = !page.missing;
  const suggested = ready ? page.suggested : null;
  useEffect(() => {
    if (started.current || !suggested) return;
    started.current = true;
    open(suggested);
  }, [suggested, open]);

  const items = ready ? page.items : [];
  const order = items.filter((i) => i.launchable);
  const current = launch?.itemId ?? null;
  const index = order.findIndex((i) => i.id === current);
  const previous = index > 0 ? order[index - 1] : undefined;
  const next = index >= 0 ? order[index + 1] : undefined;

  useEffect(() => {
    if (!ready) return;
    const origin = page.contentOrigin;
    function onMessage(event: MessageEvent) {
      if (event.origin !== origin) return;
      const m = event.data as PlayerMessage;
      if (!m || m.source !== "scorm-player") return;
      if (m.type === "error") {
        setError(m.message ?? "Your progress could not be saved.");
        return;
      }
      if (m.type === "status") {
        satisfied.current = m.satisfied === true;
        setStatus(m.satisfied ? "Saved. This part is complete." : "Your progress has been saved.");
        revalidator.revalidate();
        return;
      }
      if (m.type === "finished") {
        revalidator.revalidate();
        const nav = m.navRequest ?? "";
        if (nav === "continue" && next?.allowed !== false && next) open(next.id);
        else if (nav === "previous" && previous) open(previous.id);
        else {
          const choice = /^\{target=([^}]+)\}choice$/.exec(nav);
          const target = choice ? order.find((i) => i.id === choice[1]) : undefined;
          if (target) open(target.id);
          else
            setStatus(
              satisfied.current
                ? "Saved. This part is complete. Choose what to do next."
                : "You have closed this part. Choose what to do next.",
            );
        }
      }
    }
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [ready, page, next, previous, order, open, revalidator]);

  if (page.missing) {
    return (
      <div className="nhsuk-warning-callout">
        <h2 className="nhsuk-warning-callout__label">
          <span>
            <span className="nhsuk-u-visually-hidden">Important: </span>
            Not available
          </span>
        </h2>
        <p>
          This e-learning package is not available at the moment. Please try again later or contact your
          course provider.
        </p>
      </div>
    );
  }

  const hidden = (current && page.hideLmsUi[current]) || [];
  const showFlow = page.controlMode.flow;
  const currentItem = items.find((i) => i.id === current);
  const failedLaunch = fetcher.data?.error;

  return (
    <div className="app-scorm">
      <p className="nhsuk-body-s">
        SCORM {page.scormVersion} package, version {page.versionNumber}. To complete it:{" "}
        {page.rule.toLowerCase()}.
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
                      aria-current={item.id === current ? "step" : undefined}
                      disabled={!item.allowed || !page.controlMode.choice}
                      onClick={() => open(item.id)}
                    >
                      {item.title}
                    </button>
                  ) : (
                    <span className="nhsuk-body-s">{item.title}</span>
                  )}{" "}
                  {item.launchable ? <StatusTag state={item.state} /> : null}
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <div className={items.length > 1 ? "nhsuk-grid-column-three-quarters" : "nhsuk-grid-column-full"}>
          {launch ? (
            <iframe
              key={launch.at}
              src={launch.url}
              title={currentItem ? `E-learning: ${currentItem.title}` : "E-learning content"}
              className="app-scorm__frame"
              sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-modals allow-downloads"
              allow="fullscreen"
            />
          ) : (
            <p className="nhsuk-body">{fetcher.state !== "idle" ? "Opening the package…" : ""}</p>
          )}
          <p role="status" className="nhsuk-body-s app-scorm__status">
            {status}
          </p>
          {currentItem ? (
            <div className="app-scorm__controls">
              {showFlow && previous && !hidden.includes("previous") ? (
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary"
                  onClick={() => open(previous.id)}
                >
                  Previous part
                </button>
              ) : null}{" "}
              {showFlow && next && !hidden.includes("continue") ? (
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary"
                  disabled={!next.allowed}
                  onClick={() => open(next.id)}
                >
                  Next part
                </button>
              ) : null}{" "}
              {currentItem.state === "completed" ? (
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary"
                  onClick={() => open(currentItem.id, true)}
                >
                  Start this part again
                </button>
              ) : null}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}
