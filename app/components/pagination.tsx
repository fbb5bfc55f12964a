import { Link } from "@remix-run/react";
import { Icon } from "./icons";

export type PageTarget = { href: string; title: string };

/** nhs.uk previous/next pagination: between activities, or pages of a table */
export function Pagination({
  label,
  previous,
  next,
}: {
  label: string;
  previous: PageTarget | null;
  next: PageTarget | null;
}) {
  if (!previous && !next) return null;
  return (
    <nav className="nhsuk-pagination" aria-label={label}>
      <ul className="nhsuk-list nhsuk-pagination__list">
        {previous ? <PageLink side="previous" link={previous} /> : null}
        {next ? <PageLink side="next" link={next} /> : null}
      </ul>
    </nav>
  );
}

function PageLink({ side, link }: { side: "previous" | "next"; link: PageTarget }) {
  const prev = side === "previous";
  return (
    <li className={`nhsuk-pagination-item--${side}`}>
      <Link
        className={`nhsuk-pagination__link nhsuk-pagination__link--${prev ? "prev" : "next"}`}
        to={link.href}
        rel={prev ? "prev" : "next"}
      >
        <span className="nhsuk-pagination__title">{prev ? "Previous" : "Next"}</span>
        <span className="nhsuk-u-visually-hidden">:</span>
        <span className="nhsuk-pagination__page">{link.title}</span>
        <Icon name={prev ? "arrow-left" : "arrow-right"} />
      </Link>
    </li>
  );
}
