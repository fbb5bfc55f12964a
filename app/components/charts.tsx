// bar charts as svg with their numbers in a table: the chart is an image with a text
// alternative, the table is the same data for screen readers and for copying.

type Bar = { label: string; value: number };

export function BarChart({
  id,
  title,
  bars,
  max,
  unit,
}: {
  id: string;
  title: string;
  bars: readonly Bar[];
  /** the scale's top; defaults to the largest bar */
  max?: number;
  unit: string;
}) {
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1);
  const width = 640;
  const rowHeight = 28;
  const labelWidth = 200;
  const height = bars.length * rowHeight + 8;
  const scale = (v: number) => Math.round(((width - labelWidth - 60) * v) / top);
  const summary = bars.map((b) => `${b.label}: ${b.value}`).join("; ");
  return (
    <figure className="app-chart">
      <figcaption className="nhsuk-heading-s" id={`${id}-title`}>
        {title}
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="app-chart__svg"
        preserveAspectRatio="xMinYMin meet"
      >
        <desc id={`${id}-desc`}>{`${unit}. ${summary}`}</desc>
        {bars.map((b, i) => (
          <g key={b.label} transform={`translate(0 ${i * rowHeight + 4})`}>
            <text x={labelWidth - 8} y={18} textAnchor="end" className="app-chart__label">
              {b.label}
            </text>
            <rect
              x={labelWidth}
              y={4}
              width={scale(b.value)}
              height={rowHeight - 10}
              className="app-chart__bar"
            />
            <text x={labelWidth + scale(b.value) + 6} y={18} className="app-chart__value">
              {b.value}
            </text>
          </g>
        ))}
      </svg>
      <details className="nhsuk-details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">{title}: as a table</span>
        </summary>
        <div className="nhsuk-details__text">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{title}</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  {" "}
                </th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">
                  {unit}
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {bars.map((b) => (
                <tr className="nhsuk-table__row" key={b.label}>
                  <th scope="row" className="nhsuk-table__header">
                    {b.label}
                  </th>
                  <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{b.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
