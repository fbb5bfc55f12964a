import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Button, ErrorSummary } from "~/components/forms";

export type LessonPageData = {
  html: string;
  summary: string | null;
  completion: "mark_read" | "auto";
  completed: boolean;
};

/**
 * the lesson text (html made by our own markdown renderer from checked content files), and
 * the button that completes it. lessons marked "auto" complete themselves when the end of the
 * text is scrolled into view; without javascript the button does the same.
 */
export function LessonView({
  page,
  hasNext,
  error,
}: {
  page: LessonPageData;
  hasNext: boolean;
  error?: string;
}) {
  const fetcher = useFetcher<{ completed?: boolean; retryInSeconds?: number }>();
  const end = useRef<HTMLDivElement>(null);
  const sent = useRef(false);
  // a reading counts only after a while (server-side): the automatic completion tries again then
  const retry = fetcher.data?.retryInSeconds;
  useEffect(() => {
    if (!retry) return;
    const timer = setTimeout(
      () => fetcher.submit({ intent: "complete-auto" }, { method: "post" }),
      retry * 1000 + 500,
    );
    return () => clearTimeout(timer);
  }, [retry, fetcher]);
  useEffect(() => {
    // a completed lesson reports each new reading too: a quiz may ask for the lessons again
    if (page.completion !== "auto" || !end.current || !("IntersectionObserver" in window)) return;
    const observer = new IntersectionObserver((entries) => {
      if (sent.current || !entries.some((e) => e.isIntersecting)) return;
      sent.current = true;
      fetcher.submit({ intent: "complete-auto" }, { method: "post" });
    });
    observer.observe(end.current);
    return () => observer.disconnect();
  }, [page.completion, fetcher]);
  const completed = page.completed || fetcher.data?.completed;
  return (
    <>
      <ErrorSummary errors={error ? { form: error } : undefined} />
      {page.summary ? <p className="nhsuk-lede-text">{page.summary}</p> : null}
      <div className="app-lesson" dangerouslySetInnerHTML={{ __html: page.html }} />
      <div ref={end} />
      {completed ? (
        <p role="status">
          <strong className="nhsuk-tag nhsuk-tag--green">Completed</strong> You have completed this lesson.
        </p>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="complete" />
        <Button>
          {completed
            ? hasNext
              ? "Continue"
              : "Back to the course"
            : hasNext
              ? "Mark as complete and continue"
              : "Mark as complete"}
        </Button>
      </Form>
    </>
  );
}
