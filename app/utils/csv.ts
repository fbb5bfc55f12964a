import { stringify } from "csv-stringify/sync";

// csv the platform writes: csv-stringify does the quoting; here, the rules every export
// shares (windows line ends, formulas neutralised, a byte-order mark so excel reads utf-8)

export const BOM = "\uFEFF";

type Cell = string | number | null | undefined;

/** a cell a spreadsheet would run as a formula (leading = + - @, tab or return) is neutralised */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  const s = String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** records as csv lines, each ending \r\n; every value quoted when it needs to be */
export function csvLines(records: Cell[][]): string {
  return stringify(
    records.map((r) => r.map(csvCell)),
    { record_delimiter: "windows", quoted_match: /[\r\n]/ },
  );
}
