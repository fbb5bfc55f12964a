import { Link } from "@remix-run/react";

/**
 * nhs.uk breadcrumb: the pages above this one. on a small screen the list gives way to a back
 * link to the last of them (nhsuk-frontend 10's breadcrumb markup)
 */
export function Breadcrumbs({ items }: { items: readonly { to: string; label: string }[] }) {
  const last = items[items.length - 1];
  return (
    <nav className="nhsuk-breadcrumb" aria-label="Breadcrumb">
      <ol className="nhsuk-breadcrumb__list">
        {items.map((item) => (
          <li className="nhsuk-breadcrumb__list-item" key={item.to}>
            <Link className="nhsuk-breadcrumb__link" to={item.to}>
              {item.label}
            </Link>
          </li>
        ))}
      </ol>
      {last ? (
        <Link className="nhsuk-back-link" to={last.to}>
          <span className="nhsuk-u-visually-hidden">Back to </span>
          {last.label}
        </Link>
      ) : null}
    </nav>
  );
}
