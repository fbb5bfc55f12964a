import { Link } from "@remix-run/react";

export type CourseCompletion = { course: string; code: string | null } | null;

/**
 * the moment a course is finished: on the page where the last activity was done (and on its
 * other activity pages from then on), the certificate that came of it
 */
export function CourseComplete({ completion }: { completion: CourseCompletion }) {
  if (!completion) return null;
  return (
    <div
      className="nhsuk-notification-banner nhsuk-notification-banner--success"
      role="region"
      aria-labelledby="course-complete-title"
    >
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id="course-complete-title">
          Course complete
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        <p className="nhsuk-notification-banner__heading">You have completed {completion.course}.</p>
        {completion.code ? (
          <p>
            Your certificate&apos;s verification code is{" "}
            <strong className="app-code">{completion.code}</strong>.{" "}
            <Link className="nhsuk-notification-banner__link" to="/dashboard">
              Download your certificate and CPD record
            </Link>
          </p>
        ) : (
          <p>
            <Link className="nhsuk-notification-banner__link" to="/dashboard">
              Go to your learning
            </Link>
          </p>
        )}
      </div>
    </div>
  );
}
