import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { LessonView } from "~/activities/lesson/LessonView";
import { QuizResultsView } from "~/activities/quiz/ResultsView";
import { QuizView } from "~/activities/quiz/QuizView";
import { RoleplayView } from "~/activities/roleplay/RoleplayView";
import { StatusTag } from "~/components/progress";
import { decodeState, emptyState, encodeState } from "../state";
import { ModuleSession, parseRoute, paths, type ExportedModule, type Route } from "./engine";
import { Lms } from "./lms";
import { PlayerContext, type PlayerActions } from "./remix-shim";
import { WarningCallout } from "~/components/warning-callout";

// the exported module's page: the platform's views over the in-browser engine, saving to the
// LMS after every change. the module's content is the json in #module-data (index.html).

const KIND_LABELS: Record<string, string> = { lesson: "Lesson", quiz: "Quiz", roleplay: "Role-play" };

type Boot = {
  module: ExportedModule;
  session: ModuleSession;
  lms: Lms | null;
  /** why there is no LMS session: none found, or it would not start one */
  problem: "none" | "refused" | null;
  /** why saved progress could not be used, when it could not */
  lost: "changed" | "unreadable" | null;
};

function boot(): Boot {
  const module = JSON.parse(document.getElementById("module-data")!.textContent!) as ExportedModule;
  const { lms, problem } = Lms.connect(window, module.scormVersion);
  const saved = lms?.saved() ?? { suspendData: "", location: "" };
  const kinds = module.activities.map((a) => a.kind);
  const decoded = decodeState(saved.suspendData, { hash: module.stateHash, kinds });
  const state = decoded.state ?? emptyState(module.stateHash, kinds);
  if (!window.location.hash && decoded.state && saved.location.startsWith("#/")) {
    window.history.replaceState(null, "", saved.location);
  }
  const lost = decoded.state ? null : decoded.reason === "empty" ? null : decoded.reason;
  return { module, session: new ModuleSession(module, state), lms, problem, lost };
}

/** what the learner must know about saving: said under the page's heading */
function Notices({
  lms,
  problem,
  lost,
  broken,
}: Pick<Boot, "lms" | "problem" | "lost"> & { broken: boolean }) {
  const unsaved = problem !== null || broken;
  return (
    <>
      {unsaved ? (
        <WarningCallout heading="Your progress is not being saved">
          <p>
            {problem === "none"
              ? "This module could not find the learning management system that should have opened it. You can read and practise, but nothing you do here is recorded. Open the module from your organisation's learning management system to have it count."
              : problem === "refused"
                ? "Your learning management system did not start a session for this module, perhaps because the page was reloaded. Close the module and open it again from your learning management system, so that what you do is recorded."
                : "Your learning management system stopped accepting your progress, perhaps because you were signed out. Close the module and open it again from your learning management system: what was saved before this message is kept."}
          </p>
        </WarningCallout>
      ) : null}
      {lms?.readOnly ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            You are reviewing this module: nothing you do here changes what your learning management system
            records.
          </p>
        </div>
      ) : null}
      {lost ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            {lost === "changed"
              ? "This module has been updated since you last opened it, so your progress in it starts again."
              : "Your saved progress in this module could not be read, so it starts again."}{" "}
            {lms?.held.completed
              ? "Your learning management system still records the module as completed, and that stays as it is."
              : "What your learning management system recorded before is unchanged."}
          </p>
        </div>
      ) : null}
    </>
  );
}

function Player({ module, session, lms, problem, lost }: Boot) {
  const [broken, setBroken] = useState(false);
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  const [tick, setTick] = useState(0);
  const [actionData, setActionData] = useState<Record<string, unknown> | undefined>(undefined);
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  const save = useCallback(() => {
    if (!lms) return;
    lms.save(encodeState(session.state), window.location.hash || paths.module(), session.report());
    if (lms.broken) setBroken(true);
  }, [lms, session]);

  useEffect(() => {
    const onHash = () => {
      setRoute(parseRoute(window.location.hash));
      setActionData(undefined);
    };
    const onLeave = () => {
      save();
      lms?.finish();
    };
    window.addEventListener("hashchange", onHash);
    window.addEventListener("pagehide", onLeave);
    window.addEventListener("beforeunload", onLeave);
    return () => {
      window.removeEventListener("hashchange", onHash);
      window.removeEventListener("pagehide", onLeave);
      window.removeEventListener("beforeunload", onLeave);
    };
  }, [lms, save]);

  // the module's pages are addresses after "#/"; a link to "#id" (an error summary's link to
  // its question, the skip link, a lesson's own anchors) is a place on this page: it moves
  // focus there and leaves the address, and the answers on the page, alone
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0) return;
      const link = event.target instanceof Element ? event.target.closest("a[href^='#']") : null;
      const href = link?.getAttribute("href") ?? "";
      if (!link || href.startsWith("#/")) return;
      event.preventDefault();
      const id = (() => {
        try {
          return decodeURIComponent(href.slice(1));
        } catch {
          return "";
        }
      })();
      const target = id ? document.getElementById(id) : null;
      if (!target) return;
      const field = target.matches("input, select, textarea, button")
        ? target
        : (target.querySelector<HTMLElement>("input, select, textarea") ?? target);
      if (field === target && target.tabIndex < 0 && !target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.scrollIntoView();
      field.focus({ preventScroll: true });
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, []);

  // the view is computed once per route and change (a lesson's reading clock starts here)
  const view = useMemo(() => session.view(route), [session, route, tick]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const here =
      view.kind === "module" || view.kind === "missing"
        ? module.module.title
        : `${view.kind === "results" ? "Results: " : ""}${view.activity.title} - ${module.module.title}`;
    const problem = actionData && (actionData.error || actionData.errors) ? "Error: " : "";
    document.title = `${problem}${here} - ${module.course.title}`;
  }, [view, actionData, module]);

  useEffect(() => {
    save();
    if (first.current) {
      first.current = false;
      return;
    }
    if (route.name === "activity" && route.section) {
      document.getElementById(route.section)?.scrollIntoView();
      return;
    }
    window.scrollTo(0, 0);
    heading.current?.focus();
  }, [route, save]);

  const actions: PlayerActions = useMemo(
    () => ({
      search: "",
      submit(form, action) {
        const target = action ? parseRoute(action) : route;
        if (target.name === "module") return;
        const result = session.act(target.id, form);
        if ("redirect" in result) {
          save();
          setActionData(undefined);
          if (result.redirect === window.location.hash) setTick((t) => t + 1);
          else window.location.hash = result.redirect;
        } else {
          save();
          setActionData(result.data);
          setTick((t) => t + 1);
          window.scrollTo(0, 0);
        }
      },
      fetch(form) {
        if (route.name === "module") return undefined;
        const result = session.act(route.id, form);
        save();
        setTick((t) => t + 1);
        return "data" in result ? result.data : undefined;
      },
    }),
    [route, session, save],
  );

  const statuses = session.statuses();
  const notices = <Notices lms={lms} problem={problem} lost={lost} broken={broken} />;
  const activity = view.kind === "module" || view.kind === "missing" ? null : view.activity;
  const previous = activity ? session.previous(activity.id) : null;
  const next = activity ? session.next(activity.id) : null;

  return (
    <PlayerContext.Provider value={actions}>
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent">
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-two-thirds">
              {view.kind === "module" || view.kind === "missing" ? (
                <ModulePage
                  module={module}
                  statuses={statuses}
                  headingRef={heading}
                  missing={view.kind === "missing"}
                  notices={notices}
                />
              ) : (
                <>
                  <span className="nhsuk-caption-l">
                    {module.module.title}: {KIND_LABELS[view.activity.kind]}
                    {view.kind === "results" && !("graded" in view.data)
                      ? `, attempt ${view.data.number}`
                      : null}
                  </span>
                  <h1 ref={heading} tabIndex={-1}>
                    {view.kind === "results" ? `Results: ${view.activity.title}` : view.activity.title}
                  </h1>
                  {notices}
                  {view.kind === "lesson" ? (
                    <LessonView
                      page={view.data}
                      hasNext={Boolean(next)}
                      error={typeof actionData?.error === "string" ? actionData.error : undefined}
                    />
                  ) : view.kind === "quiz" ? (
                    <QuizView
                      page={view.data}
                      action={actionData}
                      resultsBase={paths.activity(view.activity.id)}
                    />
                  ) : view.kind === "results" ? (
                    "graded" in view.data ? (
                      <>
                        <p>This attempt has not been submitted yet.</p>
                        <p>
                          <a href={paths.activity(view.activity.id)}>Back to the quiz</a>
                        </p>
                      </>
                    ) : (
                      <QuizResultsView data={view.data} headed={false} />
                    )
                  ) : (
                    <RoleplayView page={view.data} action={actionData} notes={false} />
                  )}
                </>
              )}
            </div>
            <div className="nhsuk-grid-column-one-third">
              <Contents module={module} statuses={statuses} current={activity?.id ?? null} />
            </div>
          </div>
          {activity ? (
            <nav className="nhsuk-pagination" role="navigation" aria-label="Pagination">
              <ul className="nhsuk-list nhsuk-pagination__list">
                <li className="nhsuk-pagination-item--previous">
                  <a
                    className="nhsuk-pagination__link nhsuk-pagination__link--prev"
                    href={previous ? paths.activity(previous.id) : paths.module()}
                  >
                    <span className="nhsuk-pagination__title">Previous</span>
                    <span className="nhsuk-u-visually-hidden">:</span>
                    <span className="nhsuk-pagination__page">
                      {previous ? previous.title : module.module.title}
                    </span>
                  </a>
                </li>
                <li className="nhsuk-pagination-item--next">
                  <a
                    className="nhsuk-pagination__link nhsuk-pagination__link--next"
                    href={next ? paths.activity(next.id) : paths.module()}
                  >
                    <span className="nhsuk-pagination__title">Next</span>
                    <span className="nhsuk-u-visually-hidden">:</span>
                    <span className="nhsuk-pagination__page">
                      {next ? next.title : `${module.module.title}: contents`}
                    </span>
                  </a>
                </li>
              </ul>
            </nav>
          ) : null}
        </main>
      </div>
    </PlayerContext.Provider>
  );
}

function ModulePage({
  module,
  statuses,
  headingRef,
  missing,
  notices,
}: {
  module: ExportedModule;
  statuses: ReturnType<ModuleSession["statuses"]>;
  headingRef: React.RefObject<HTMLHeadingElement>;
  missing: boolean;
  notices: React.ReactNode;
}) {
  const firstOpen =
    module.activities.find((a) => statuses.get(a.id)?.state !== "completed") ?? module.activities[0];
  const started = module.activities.some((a) => statuses.get(a.id)?.state !== "not_started");
  return (
    <>
      <span className="nhsuk-caption-l">{module.course.title}</span>
      <h1 ref={headingRef} tabIndex={-1}>
        {module.module.title}
      </h1>
      {notices}
      {missing ? <p>That page is not part of this module. Here is the module&apos;s contents.</p> : null}
      <p className="nhsuk-lede-text">{module.module.summary}</p>
      <h2 className="nhsuk-heading-m">What you will be able to do</h2>
      <ul>
        {module.module.outcomes.map((o) => (
          <li key={o}>{o}</li>
        ))}
      </ul>
      <p>
        About {module.module.estimatedMinutes} minutes. To complete the module, complete each activity marked
        required: read each lesson, pass the quiz and complete each role-play conversation.
      </p>
      {firstOpen ? (
        <a className="nhsuk-action-link" href={paths.activity(firstOpen.id)}>
          <span className="nhsuk-action-link__text">
            {started ? "Continue" : "Start"}: {firstOpen.title}
          </span>
        </a>
      ) : null}
    </>
  );
}

function Contents({
  module,
  statuses,
  current,
}: {
  module: ExportedModule;
  statuses: ReturnType<ModuleSession["statuses"]>;
  current: string | null;
}) {
  return (
    <nav aria-label="Module contents" className="app-player-contents">
      <h2 className="nhsuk-heading-s">Contents</h2>
      <ol className="nhsuk-list">
        {module.activities.map((a) => (
          <li key={a.id}>
            <a href={paths.activity(a.id)} aria-current={a.id === current ? "page" : undefined}>
              {a.title}
            </a>{" "}
            <span className="nhsuk-body-s">
              ({KIND_LABELS[a.kind]}
              {a.required ? "" : ", optional"})
            </span>{" "}
            <StatusTag state={statuses.get(a.id)?.state ?? "not_started"} />
          </li>
        ))}
      </ol>
    </nav>
  );
}

const root = document.getElementById("player");
if (root) createRoot(root).render(<Player {...boot()} />);
