import type { ReactNode } from "react";

/**
 * the nhs.uk warning callout: a heading that screen readers hear as "Important: …", then the
 * body. `level` keeps the page's heading outline (3 inside a section headed h2)
 */
export function WarningCallout({
  heading,
  level = 2,
  children,
}: {
  heading: ReactNode;
  level?: 2 | 3;
  children: ReactNode;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className="nhsuk-warning-callout">
      <Heading className="nhsuk-warning-callout__label">
        <span>
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {heading}
        </span>
      </Heading>
      {children}
    </div>
  );
}
