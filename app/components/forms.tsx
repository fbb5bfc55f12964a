import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from "react";
import type { FieldErrors } from "~/utils/forms";

/** nhs.uk error summary: listed first on the page, focused when it appears. */
export function ErrorSummary({
  errors,
  order,
  title = "There is a problem",
  linked = true,
}: {
  errors: FieldErrors | undefined;
  /** field names in page order, so the summary matches the form */
  order?: readonly string[];
  title?: string;
  /** false when the messages are not about fields on this page (a file's lines) */
  linked?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = errors ? Object.entries(errors) : [];
  if (order) entries.sort(([a], [b]) => rank(order, a) - rank(order, b));
  const key = entries.map(([k, v]) => k + v).join("|");
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  if (entries.length === 0) return null;
  return (
    <div className="nhsuk-error-summary" ref={ref} tabIndex={-1} aria-labelledby="error-summary-title">
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading" id="error-summary-title">
          {title}
        </h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {entries.map(([field, message]) => (
              <li key={field}>
                {field === "form" || !linked ? message : <a href={`#${field}`}>{message}</a>}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

function rank(order: readonly string[], field: string) {
  const i = order.indexOf(field);
  return i === -1 ? order.length : i;
}

type FieldProps = {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  width?: "2" | "3" | "4" | "5" | "10" | "20" | "30";
} & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id" | "className">;

/** nhs.uk text input with label, hint and error message wired by aria-describedby. */
export function Field({ name, label, hint, error, width, ...input }: FieldProps) {
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const classes = ["nhsuk-input"];
  if (width) classes.push(`nhsuk-input--width-${width}`);
  if (error) classes.push("nhsuk-input--error");
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={name}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={errorId}>
          <span className="nhsuk-u-visually-hidden">Error: </span>
          {error}
        </span>
      ) : null}
      <input
        className={classes.join(" ")}
        id={name}
        name={name}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        {...input}
      />
    </div>
  );
}

export function SelectField({
  name,
  label,
  options,
  error,
  defaultValue,
}: {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  error?: string;
  defaultValue?: string;
}) {
  const errorId = error ? `${name}-error` : undefined;
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={name}>
        {label}
      </label>
      {error ? (
        <span className="nhsuk-error-message" id={errorId}>
          <span className="nhsuk-u-visually-hidden">Error: </span>
          {error}
        </span>
      ) : null}
      <select
        className={`nhsuk-select${error ? " nhsuk-select--error" : ""}`}
        id={name}
        name={name}
        defaultValue={defaultValue}
        aria-describedby={errorId}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** nhs.uk radios in a fieldset, with the legend as their question */
export function Radios({
  name,
  legend,
  options,
  defaultValue,
  inline = false,
  error,
}: {
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  defaultValue?: string;
  inline?: boolean;
  error?: string;
}) {
  const errorId = error ? `${name}-error` : undefined;
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={errorId}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {error ? (
          <span className="nhsuk-error-message" id={errorId}>
            <span className="nhsuk-u-visually-hidden">Error: </span>
            {error}
          </span>
        ) : null}
        <div className={`nhsuk-radios${inline ? " nhsuk-radios--inline" : ""}`}>
          {options.map((o) => (
            <div className="nhsuk-radios__item" key={o.value}>
              <input
                className="nhsuk-radios__input"
                id={`${name}-${o.value}`}
                name={name}
                type="radio"
                value={o.value}
                defaultChecked={o.value === defaultValue}
              />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor={`${name}-${o.value}`}>
                {o.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function Button({
  children,
  variant,
  ...rest
}: { children: ReactNode; variant?: "secondary" | "warning" | "reverse" } & Omit<
  React.ButtonHTMLAttributes<HTMLButtonElement>,
  "className"
>) {
  return (
    <button
      className={`nhsuk-button${variant ? ` nhsuk-button--${variant}` : ""}`}
      data-module="nhsuk-button"
      type="submit"
      {...rest}
    >
      {children}
    </button>
  );
}

/** success/information banner after an action (nhs.uk notification banner). */
export function Notice({ title = "Success", children }: { title?: string; children: ReactNode }) {
  return (
    <div
      className="nhsuk-notification-banner nhsuk-notification-banner--success"
      role="alert"
      aria-labelledby="notice-title"
    >
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id="notice-title">
          {title}
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        <p className="nhsuk-notification-banner__heading">{children}</p>
      </div>
    </div>
  );
}

/**
 * nhs.uk table with a (visually hidden by default) caption and column headers. it is the
 * responsive table: below 40em each row becomes a card of "heading value" lines, so no table
 * makes a phone scroll sideways.
 */
export function Table({
  caption,
  headers,
  rows,
  captionVisible = false,
}: {
  caption: string;
  headers: readonly (string | { label: string; numeric?: boolean })[];
  rows: readonly { key: string; cells: readonly ReactNode[] }[];
  captionVisible?: boolean;
}) {
  const cols = headers.map((h) => (typeof h === "string" ? { label: h, numeric: false } : h));
  return (
    <table className="nhsuk-table-responsive">
      <caption className={`nhsuk-table__caption${captionVisible ? "" : " nhsuk-u-visually-hidden"}`}>
        {caption}
      </caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {cols.map((c) => (
            <th
              key={c.label}
              scope="col"
              className={`nhsuk-table__header${c.numeric ? " nhsuk-table__header--numeric" : ""}`}
            >
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((r) => (
          <tr className="nhsuk-table__row" key={r.key}>
            {r.cells.map((cell, i) => (
              <td
                key={cols[i]?.label ?? i}
                className={`nhsuk-table__cell${cols[i]?.numeric ? " nhsuk-table__cell--numeric" : ""}`}
              >
                <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                  {cols[i]?.label}{" "}
                </span>
                <div>{cell}</div>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** nhs.uk summary list: a key and its value per row */
export function SummaryList({ rows }: { rows: readonly { key: string; value: ReactNode }[] }) {
  return (
    <dl className="nhsuk-summary-list">
      {rows.map((row) => (
        <div className="nhsuk-summary-list__row" key={row.key}>
          <dt className="nhsuk-summary-list__key">{row.key}</dt>
          <dd className="nhsuk-summary-list__value">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** nhs.uk checkboxes in a fieldset, with the legend as their question */
export function Checkboxes({
  name,
  legend,
  hint,
  options,
  checked = [],
  error,
}: {
  name: string;
  legend: string;
  hint?: ReactNode;
  options: readonly { value: string; label: string }[];
  checked?: readonly string[];
  error?: string;
}) {
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div className="nhsuk-hint" id={hintId}>
            {hint}
          </div>
        ) : null}
        {error ? (
          <span className="nhsuk-error-message" id={errorId}>
            <span className="nhsuk-u-visually-hidden">Error: </span>
            {error}
          </span>
        ) : null}
        <div className="nhsuk-checkboxes">
          {options.map((o, i) => (
            <div className="nhsuk-checkboxes__item" key={o.value}>
              <input
                className="nhsuk-checkboxes__input"
                // the first box carries the field's id, so the error summary's link lands on it
                id={i === 0 ? name : `${name}-${o.value}`}
                name={name}
                type="checkbox"
                value={o.value}
                defaultChecked={checked.includes(o.value)}
              />
              <label
                className="nhsuk-label nhsuk-checkboxes__label"
                htmlFor={i === 0 ? name : `${name}-${o.value}`}
              >
                {o.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** nhs.uk textarea with label, hint and error message */
export function Textarea({
  name,
  label,
  hint,
  error,
  defaultValue,
  rows = 5,
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string;
  rows?: number;
}) {
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={name}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={errorId}>
          <span className="nhsuk-u-visually-hidden">Error: </span>
          {error}
        </span>
      ) : null}
      <textarea
        className={`nhsuk-textarea${error ? " nhsuk-textarea--error" : ""}`}
        id={name}
        name={name}
        rows={rows}
        aria-describedby={describedBy}
        defaultValue={defaultValue}
      />
    </div>
  );
}

/** the options of a code-to-label table, for radios, selects and checkboxes */
export const optionsOf = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));
