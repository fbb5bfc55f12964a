import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Button } from "~/components/forms";

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
export function LessonView({ page, hasNext }: { page: LessonPageData; hasNext: boolean }) {
  const fetcher = useFetcher();
  const end = useRef<HTMLDivElement>(null);
  const sent = useRef(false);
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
  const completed = page.completed || (fetcher.data as { completed?: boolean } | undefined)?.completed;
  return (
    <>
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
