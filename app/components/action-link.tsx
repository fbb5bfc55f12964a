import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Icon } from "./icons";

/** nhs.uk action link: the one thing to do next on a page, with its arrow */
export function ActionLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link className="nhsuk-action-link" to={to}>
      <Icon name="arrow-right-circle" />
      <span className="nhsuk-action-link__text">{children}</span>
    </Link>
  );
}
