import { differs, type Measured } from "./estimates";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { type z } from "zod";
import type { Finding, Problem } from "./types";
import type { Waiver } from "./waivers";

type Path = readonly PropertyKey[];

/** a link in a lesson to a page of the platform, such as another lesson of the course */
export type InternalLink = { file: string; line: number; column: number; href: string };

export { waiversSchema, type Waiver } from "./waivers";

/** a parsed yaml file that can say where any value came from */
export class YamlFile {
  constructor(
    readonly file: string,
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    /** line offset when the yaml is the front matter of a markdown file */
    private readonly lineOffset = 0,
  ) {}

  position(offset: number) {
    const { line, col } = this.lines.linePos(offset);
    return { line: line + this.lineOffset, column: col };
  }

  /** the nearest node that exists on the path (a missing key points at its parent) */
  locate(at: Path, options: { key?: string } = {}) {
    for (let n = at.length; n >= 0; n--) {
      const node: unknown = n === 0 ? this.doc.contents : this.doc.getIn(at.slice(0, n) as unknown[], true);
      if (!isNode(node)) continue;
      let target: Node = node;
      if (options.key && n === at.length && isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === options.key);
        if (pair && isNode(pair.key)) target = pair.key;
      }
      return this.position(target.range?.[0] ?? 0);
    }
    return this.position(0);
  }
}

const NOUNS: Record<string, string> = {
  string: "text",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of keys to values",
};

function valueAt(value: unknown, at: Path): unknown {
  let v = value;
  for (const step of at) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[step];
  }
  return v;
}

/** zod's issues in the words an author needs */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): { message: string; key?: string }[] {
  const field = issue.path.length ? `"${String(issue.path[issue.path.length - 1])}"` : "this file";
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({
        key,
        message: `unknown key "${key}" (check the spelling, or remove it)`,
      }));
    case "invalid_type": {
      const actual = valueAt(input, issue.path);
      if (actual === undefined) return [{ message: `${field} is required` }];
      return [{ message: `${field} must be ${NOUNS[issue.expected] ?? issue.expected}` }];
    }
    case "invalid_value":
      return [{ message: `${field} must be one of: ${issue.values.map((v) => String(v)).join(", ")}` }];
    case "too_small":
      if (issue.origin === "string") {
        if (Number(issue.minimum) <= 1) return [{ message: `${field} must not be empty` }];
        // a schema's own message says what a longer text should hold
        const own = !issue.message.startsWith("Too small");
        return [
          {
            message: own
              ? `${field}: ${issue.message}`
              : `${field} must be at least ${issue.minimum} characters`,
          },
        ];
      }
      if (issue.origin === "array")
        return [{ message: `${field} must have at least ${issue.minimum} item(s)` }];
      return [{ message: `${field} must be at least ${issue.minimum}` }];
    case "too_big":
      if (issue.origin === "string")
        return [{ message: `${field} must be at most ${issue.maximum} characters` }];
      if (issue.origin === "array")
        return [{ message: `${field} must have at most ${issue.maximum} item(s)` }];
      return [{ message: `${field} must be at most ${issue.maximum}` }];
    case "invalid_format":
      return [{ message: `${field}: ${issue.message}` }];
    default:
      return [{ message: issue.message }];
  }
}

/**
 * collects every problem found while compiling a course. file paths in reports are relative
 * to the working directory, so they can be clicked in a terminal.
 */
export class CompileContext {
  constructor(
    readonly courseDir: string,
    readonly dir: string,
    readonly problems: Problem[],
    readonly publicDir: string,
    /** warnings and reports: they never stop a course from loading */
    readonly findings: Finding[] = [],
    /** links from lessons to pages of the platform, checked once the whole course is loaded */
    readonly links: InternalLink[] = [],
  ) {}

  /** the same course, another folder (a module's) */
  in(dir: string) {
    return new CompileContext(this.courseDir, dir, this.problems, this.publicDir, this.findings, this.links);
  }

  display(file: string) {
    const rel = path.relative(process.cwd(), file);
    return rel.startsWith("..") ? file : rel;
  }

  report(file: string, where: { line: number; column: number }, message: string) {
    this.problems.push({ file: this.display(file), line: where.line, column: where.column, message });
  }

  /**
   * a warning: content that loads but that an author should look at again. `waivers` are the
   * file's own `waivers:` list; a warning whose check (and subject, when the waiver names one)
   * is listed there is kept with the reason written beside it.
   */
  warn(
    file: string,
    where: { line: number; column: number },
    check: string,
    message: string,
    options: { subject?: string; waivers?: readonly Waiver[] } = {},
  ) {
    const waiver = options.waivers?.find(
      (w) => w.check === check && (w.subject === undefined || w.subject === options.subject),
    );
    this.findings.push({
      file: this.display(file),
      line: where.line,
      column: where.column,
      message,
      severity: "warning",
      check,
      waived: waiver?.reason ?? null,
    });
  }

  /**
   * compares an activity's declared estimatedMinutes with the time its content measures
   * (app/courses/estimates.ts) and warns when they differ by more than 15 %
   */
  estimate(file: string, where: { line: number; column: number }, declared: number, measured: Measured) {
    if (!differs(declared, measured.minutes)) return;
    this.warn(
      file,
      where,
      "estimate",
      `estimatedMinutes is ${declared}, but the content measures ${measured.minutes} (${measured.basis}): set it to ${measured.minutes}`,
    );
  }

  /** information for the author, such as a scenario's pass rate */
  note(file: string, where: { line: number; column: number }, check: string, message: string) {
    this.findings.push({
      file: this.display(file),
      line: where.line,
      column: where.column,
      message,
      severity: "report",
      check,
      waived: null,
    });
  }

  /**
   * reads a file named in content, relative to this folder. a missing file, or one outside
   * the course folder, is reported at the place that named it.
   */
  async readReferenced(
    name: string,
    from: { yaml: YamlFile; at: Path },
  ): Promise<{ file: string; text: string } | undefined> {
    const file = path.resolve(this.dir, name);
    const where = from.yaml.locate(from.at);
    if (!file.startsWith(this.courseDir + path.sep)) {
      this.report(from.yaml.file, where, `"${name}" is outside the course folder`);
      return undefined;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error("not a file");
      return { file, text: await readFile(file, "utf8") };
    } catch {
      this.report(from.yaml.file, where, `file "${name}" does not exist (looked for ${this.display(file)})`);
      return undefined;
    }
  }

  parseYaml(file: string, text: string, lineOffset = 0): YamlFile | undefined {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const yaml = new YamlFile(file, doc, lines, lineOffset);
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const where = yaml.position(error.pos[0]);
        this.report(file, where, `YAML syntax: ${error.message.split("\n")[0]}`);
      }
      return undefined;
    }
    return yaml;
  }

  /** validates a yaml file's value; every issue is reported at its line */
  validate<S extends z.ZodType>(
    yaml: YamlFile,
    schema: S,
    value: unknown = yaml.doc.toJS(),
    /** where `value` sits in the file, when it is not the whole document */
    prefix: Path = [],
  ): z.output<S> | undefined {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      for (const { message, key } of describeIssue(issue, value)) {
        this.report(yaml.file, yaml.locate([...prefix, ...issue.path], { key }), message);
      }
    }
    return undefined;
  }
}
