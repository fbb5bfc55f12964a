import { Link } from "@remix-run/react";

/** where a trainee stands under the retake rules, as the quiz and role-play pages receive it */
export type RetakeNoticeData = {
  kind: string;
  /** why no new attempt can start now, or null */
  message: string | null;
  /** the module's lessons, when they must be read again first */
  lessons: { title: string; href: string; done: boolean }[];
};

/**
 * why the next attempt cannot start yet: the module's lessons to read first or again (each
 * marked read or not yet), or the rule in words
 */
export function RetakeNotice({ retake, what }: { retake: RetakeNoticeData; what: string }) {
  if (!retake.message) return null;
  const first = retake.kind === "read-first";
  return (
    <div className="nhsuk-inset-text app-revisit">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      {first || retake.kind === "revisit" ? (
        <>
          <p>
            {first
              ? `This ${what} is about the module's lessons. Read each one, to its end, before you start it.`
              : `Before your next ${what}, read the module's lessons again, to the end of each one.`}
          </p>
          <ul className="nhsuk-list nhsuk-list--tick">
            {retake.lessons.map((l) => (
              <li key={l.href}>
                <Link to={l.href}>{l.title}</Link>
                {first
                  ? l.done
                    ? " (read)"
                    : " (not read yet)"
                  : l.done
                    ? " (read again)"
                    : " (not read again yet)"}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{retake.message}</p>
      )}
      {first ? null : (
        <p>
          If you keep finding this hard, talk to your educational supervisor or whoever runs your
          organisation&apos;s mentoring scheme: a conversation may help more than another attempt. If you need
          the rules adjusted, for example for a disability, ask your organisation.
        </p>
      )}
    </div>
  );
}
