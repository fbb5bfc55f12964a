import type { ActivityStatus } from "~/activities/types";

const TAGS: Record<ActivityStatus["state"], { label: string; className: string }> = {
  not_started: { label: "Not started", className: "nhsuk-tag nhsuk-tag--grey" },
  in_progress: { label: "In progress", className: "nhsuk-tag nhsuk-tag--blue" },
  completed: { label: "Completed", className: "nhsuk-tag nhsuk-tag--green" },
};

export function StatusTag({ state, id }: { state: ActivityStatus["state"]; id?: string }) {
  const tag = TAGS[state];
  return (
    <strong className={tag.className} id={id}>
      {tag.label}
    </strong>
  );
}

export const statusLabel = (state: ActivityStatus["state"]) => TAGS[state].label;

/** a native progress bar with its meaning in words, for screen readers and without colour */
export function ProgressBar({
  done,
  total,
  label,
  unit,
}: {
  done: number;
  total: number;
  label: string;
  /** what is counted, in the visible text ("activities"); left out: "completed" alone */
  unit?: string;
}) {
  return (
    <div className="app-progress">
      <progress className="app-progress__bar" value={done} max={Math.max(total, 1)} aria-label={label} />
      <span className="app-progress__text nhsuk-body-s">
        {done} of {total} {unit ? `${unit} ` : ""}completed
      </span>
    </div>
  );
}
