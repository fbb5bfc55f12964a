import { XMLParser, XMLValidator } from "fast-xml-parser";
import type {
  ControlMode,
  ParsedManifest,
  ScormItem,
  ScormOrganization,
  ScormResource,
  ScormVersion,
} from "./types";

// reads imsmanifest.xml (scorm 1.2 and 2004) into what the importer stores and the player
// needs. pure: no file system; the caller says which files the package holds.

export class ManifestError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = "ManifestError";
  }
}

export type ParseManifestOptions = {
  /**
   * whether the package holds a file, given its path relative to the package root with
   * percent-encoding as written in the manifest (no query or fragment). when given, launch
   * files that are missing become warnings.
   */
  fileExists?: (packagePath: string) => boolean;
};

const XML_NS = "http://www.w3.org/XML/1998/namespace";
const CP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
const CP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1";
const ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
const ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3";
const ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3";
const IMSSS = "http://www.imsglobal.org/xsd/imsss";
const ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3";

// a prefix nobody declared still says what the author meant
const UNBOUND = "unbound:";

function isAdlcp(ns: string): boolean {
  // any adlcp_* uri: one package binds adlcp to "adlcp_v1p2", which is neither real namespace
  return (
    ns === ADLCP_12 || ns === ADLCP_2004 || /adlnet\.org\/xsd\/adlcp_/i.test(ns) || ns === UNBOUND + "adlcp"
  );
}
function isAdlnav(ns: string): boolean {
  return ns === ADLNAV || /adlnet\.org\/xsd\/adlnav_/i.test(ns) || ns === UNBOUND + "adlnav";
}
function isImsss(ns: string): boolean {
  return ns === IMSSS || ns === UNBOUND + "imsss";
}

type Attr = { name: string; local: string; ns: string; value: string };
type El = { local: string; ns: string; attrs: Attr[]; children: El[]; text: string };

type RawNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  removeNSPrefix: false,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  // entities are decoded here in one pass: fast-xml-parser only decodes numeric references
  // together with html named entities, and decoding twice would turn "&amp;lt;" into "<"
  processEntities: false,
  htmlEntities: false,
  cdataPropName: "#cdata",
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
});

const ENTITY = /&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, name?: string) => {
    if (name) return NAMED[name] ?? whole;
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      return whole;
    return String.fromCodePoint(code);
  });
}

function splitName(name: string): [string, string] {
  const colon = name.indexOf(":");
  return colon < 0 ? ["", name] : [name.slice(0, colon), name.slice(colon + 1)];
}

type Built = { root: El | null; namespaces: Set<string> };

function buildTree(nodes: RawNode[]): Built {
  const namespaces = new Set<string>();

  function convert(node: RawNode, scope: Map<string, string>): El | null {
    const tag = Object.keys(node).find((k) => k !== ":@");
    if (!tag || tag === "#text" || tag === "#cdata") return null;
    const rawAttrs = (node[":@"] ?? {}) as Record<string, unknown>;
    let inner = scope;
    for (const [name, value] of Object.entries(rawAttrs)) {
      if (name === "xmlns" || name.startsWith("xmlns:")) {
        if (inner === scope) inner = new Map(scope);
        const uri = decodeEntities(String(value)).trim();
        inner.set(name === "xmlns" ? "" : name.slice(6), uri);
        if (uri) namespaces.add(uri);
      }
    }
    const resolve = (prefix: string) => inner.get(prefix) ?? (prefix ? UNBOUND + prefix.toLowerCase() : "");
    const [prefix, local] = splitName(tag);
    const el: El = { local, ns: resolve(prefix), attrs: [], children: [], text: "" };
    for (const [name, value] of Object.entries(rawAttrs)) {
      if (name === "xmlns" || name.startsWith("xmlns:")) continue;
      const [p, l] = splitName(name);
      el.attrs.push({ name, local: l, ns: p ? resolve(p) : "", value: decodeEntities(String(value)) });
    }
    let text = "";
    for (const child of (node[tag] ?? []) as RawNode[]) {
      if ("#text" in child) text += decodeEntities(String(child["#text"]));
      else if ("#cdata" in child) {
        for (const part of (child["#cdata"] ?? []) as RawNode[]) text += String(part["#text"] ?? "");
      } else {
        const c = convert(child, inner);
        if (c) el.children.push(c);
      }
    }
    el.text = text.trim();
    return el;
  }

  const base = new Map<string, string>([["xml", XML_NS]]);
  for (const node of nodes) {
    const el = convert(node, base);
    if (el) return { root: el, namespaces };
  }
  return { root: null, namespaces };
}

type Prolog = { doctype: { start: number; end: number } | null; rootAt: number };

// walks the declaration, comments, processing instructions and doctype before the root
function scanProlog(xml: string): Prolog {
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  let doctype: Prolog["doctype"] = null;
  for (;;) {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
    if (xml.startsWith("<?", i)) {
      const end = xml.indexOf("?>", i + 2);
      if (end < 0) return { doctype, rootAt: i };
      i = end + 2;
    } else if (xml.startsWith("<!--", i)) {
      const end = xml.indexOf("-->", i + 4);
      if (end < 0) return { doctype, rootAt: i };
      i = end + 3;
    } else if (xml.slice(i, i + 9).toUpperCase() === "<!DOCTYPE") {
      let j = i + 9;
      let depth = 0;
      let quote = "";
      let end = xml.length;
      while (j < xml.length) {
        const c = xml[j]!;
        if (quote) {
          if (c === quote) quote = "";
        } else if (depth > 0 && xml.startsWith("<!--", j)) {
          const close = xml.indexOf("-->", j + 4);
          j = close < 0 ? xml.length : close + 2;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === "[") depth++;
        else if (c === "]") depth--;
        else if (c === ">" && depth <= 0) {
          end = j + 1;
          break;
        }
        j++;
      }
      doctype = { start: i, end };
      i = end;
    } else {
      return { doctype, rootAt: i };
    }
  }
}

/** the parts of a package-relative reference */
type Ref = { path: string; query: string; fragment: string };

function splitRef(href: string): Ref {
  let rest = href;
  let fragment = "";
  let query = "";
  const hash = rest.indexOf("#");
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  const q = rest.indexOf("?");
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  return { path: rest, query, fragment };
}

function joinRef(ref: Ref): string {
  return ref.path + (ref.query ? "?" + ref.query : "") + (ref.fragment ? "#" + ref.fragment : "");
}

type Resolved = { ok: true; ref: Ref } | { ok: false; why: "outside" | "external" | "empty" };

function isAbsolute(path: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path) || path.startsWith("/") || path.startsWith("\\");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * applies xml:base values (outermost first) to an href. each base is a folder even without
 * a trailing slash (authors write xml:base="resources" meaning the folder), then "." and ".."
 * are resolved; climbing above the package root is refused rather than clamped.
 */
function resolveHref(bases: string[], href: string): Resolved {
  const stack: string[] = [];
  const push = (path: string): boolean => {
    for (const segment of path.replace(/\\/g, "/").split("/")) {
      const plain = safeDecode(segment);
      if (plain === "" || plain === ".") continue;
      if (plain === "..") {
        if (stack.length === 0) return false;
        stack.pop();
      } else stack.push(segment);
    }
    return true;
  };
  for (const base of bases) {
    const { path } = splitRef(base.trim());
    if (!path) continue;
    if (isAbsolute(path)) return { ok: false, why: "external" };
    if (!push(path)) return { ok: false, why: "outside" };
  }
  const ref = splitRef(href.trim());
  if (isAbsolute(ref.path)) return { ok: false, why: "external" };
  if (!ref.path.trim()) return { ok: false, why: "empty" };
  if (!push(ref.path)) return { ok: false, why: "outside" };
  if (stack.length === 0) return { ok: false, why: "empty" };
  return { ok: true, ref: { path: stack.join("/"), query: ref.query, fragment: ref.fragment } };
}

/**
 * merges an item's parameters into its resource href the way the scorm cam describes: a
 * leading "#" is a fragment (ignored when the href has one), otherwise leading "?" and "&"
 * are dropped and the rest joins the href's query.
 */
export function mergeParameters(href: string, parameters: string | null | undefined): string {
  const p = (parameters ?? "").trim();
  if (!p) return href;
  const ref = splitRef(href);
  if (p.startsWith("#")) {
    return ref.fragment ? href : joinRef({ ...ref, fragment: p.slice(1) });
  }
  const extra = splitRef("?" + p.replace(/^[?&]+/, ""));
  const query = [ref.query, extra.query].filter(Boolean).join("&");
  return joinRef({ path: ref.path, query, fragment: ref.fragment || extra.fragment });
}

function parseNumber(text: string | undefined | null): number | null {
  const t = (text ?? "").trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

function parseBool(text: string | undefined | null, fallback: boolean): boolean {
  const t = (text ?? "").trim().toLowerCase();
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  return fallback;
}

function quoteList(values: string[], max = 3): string {
  const shown = values.slice(0, max).map((v) => `"${v}"`);
  const more = values.length - shown.length;
  if (more > 0) return `${shown.join(", ")} and ${more} more`;
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

class Warnings {
  readonly list: string[] = [];
  add(message: string) {
    if (!this.list.includes(message)) this.list.push(message);
  }
}

type ResourceInfo = { resource: ScormResource; problem: string | null };

const CONTROL_DEFAULTS_2004: ControlMode = { choice: true, flow: false, choiceExit: true };
const CONTROL_12: ControlMode = { choice: true, flow: true, choiceExit: true };

export function parseManifest(xml: string, options: ParseManifestOptions = {}): ParsedManifest {
  const prolog = scanProlog(xml);
  let source = xml;
  if (prolog.doctype) {
    const doctype = xml.slice(prolog.doctype.start, prolog.doctype.end);
    if (/<!ENTITY/i.test(doctype)) {
      throw new ManifestError("imsmanifest.xml declares XML entities (<!ENTITY>), which are not allowed");
    }
    // blanked, not cut, so line and column numbers in errors still match the file
    source =
      xml.slice(0, prolog.doctype.start) + doctype.replace(/[^\n]/g, " ") + xml.slice(prolog.doctype.end);
  }
  if (!source.slice(prolog.rootAt).trim()) {
    throw new ManifestError("imsmanifest.xml has no <manifest> element");
  }

  const valid = XMLValidator.validate(source);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    const where = col ? `line ${line}, column ${col}` : `line ${line}`;
    throw new ManifestError(`imsmanifest.xml is not well-formed XML (${where}): ${msg}`, line, col);
  }

  let built: Built;
  try {
    built = buildTree(parser.parse(source) as RawNode[]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ManifestError(`imsmanifest.xml could not be read: ${reason}`);
  }
  const root = built.root;
  if (!root || root.local !== "manifest") {
    throw new ManifestError(
      root
        ? `imsmanifest.xml has no <manifest> element (its root element is <${root.local}>)`
        : "imsmanifest.xml has no <manifest> element",
    );
  }

  const warnings = new Warnings();
  const cpNamespaces = new Set(["", CP_12, CP_2004, root.ns]);
  const isCp = (el: El, local: string) => el.local === local && cpNamespaces.has(el.ns);
  const cpChildren = (el: El | undefined, local: string) => el?.children.filter((c) => isCp(c, local)) ?? [];
  const cpChild = (el: El | undefined, local: string) => el?.children.find((c) => isCp(c, local));
  const extChildren = (el: El | undefined, test: (ns: string) => boolean, local: string) => {
    const lower = local.toLowerCase();
    return el?.children.filter((c) => test(c.ns) && c.local.toLowerCase() === lower) ?? [];
  };
  const extChild = (el: El | undefined, test: (ns: string) => boolean, local: string) =>
    extChildren(el, test, local)[0];
  // plain attributes have no namespace; a few authors vary the case
  const attr = (el: El | undefined, local: string): string | null => {
    if (!el) return null;
    const exact = el.attrs.find((a) => a.ns === "" && a.local === local);
    if (exact) return exact.value;
    const lower = local.toLowerCase();
    return el.attrs.find((a) => a.ns === "" && a.local.toLowerCase() === lower)?.value ?? null;
  };
  const xmlBase = (el: El | undefined) =>
    el?.attrs.find((a) => a.ns === XML_NS && a.local === "base")?.value ?? "";
  const scormTypeOf = (el: El): "sco" | "asset" | null => {
    const found = el.attrs.find((a) => isAdlcp(a.ns) && a.local.toLowerCase() === "scormtype");
    const value = found?.value.trim().toLowerCase();
    return value === "sco" || value === "asset" ? value : null;
  };

  // version: schemaversion first, then the namespaces the manifest declares
  const metadata = cpChild(root, "metadata");
  const schemaVersion = cpChild(metadata, "schemaversion")?.text ?? "";
  let version: ScormVersion = "1.2";
  let versionSource: ParsedManifest["versionSource"];
  const fromSchema = /2004|1\.3/.test(schemaVersion) ? "2004" : /1\.2/.test(schemaVersion) ? "1.2" : null;
  const nsList = [...built.namespaces, root.ns];
  const fromNamespaces = nsList.some(
    (ns) => ns === CP_2004 || ns === ADLCP_2004 || ns === IMSSS || ns === ADLSEQ || isAdlnav(ns),
  )
    ? "2004"
    : nsList.some((ns) => ns === CP_12 || ns === ADLCP_12)
      ? "1.2"
      : null;
  if (fromSchema) {
    version = fromSchema;
    versionSource = "schemaversion";
  } else if (fromNamespaces) {
    version = fromNamespaces;
    versionSource = "namespace";
    if (schemaVersion) {
      warnings.add(
        `The schemaversion "${schemaVersion}" is not one we recognise, so the namespaces were used to read the package as SCORM ${version}.`,
      );
    }
  } else {
    versionSource = "default";
    warnings.add(
      schemaVersion
        ? `The schemaversion "${schemaVersion}" is not one we recognise and the namespaces do not say either, so the package is treated as SCORM 1.2.`
        : "The manifest does not say which SCORM version it uses, so it is treated as SCORM 1.2.",
    );
  }

  // resources, with every xml:base applied
  const manifestBase = xmlBase(root);
  const resourcesEl = cpChild(root, "resources");
  const resourcesBase = xmlBase(resourcesEl);
  const resources = new Map<string, ResourceInfo>();
  const resourceList: ScormResource[] = [];
  for (const el of cpChildren(resourcesEl, "resource")) {
    const identifier = (attr(el, "identifier") ?? "").trim();
    if (!identifier) {
      warnings.add("A resource has no identifier, so no item can use it.");
      continue;
    }
    if (resources.has(identifier)) {
      warnings.add(`Two resources share the identifier "${identifier}"; the first one is used.`);
      continue;
    }
    const bases = [manifestBase, resourcesBase, xmlBase(el)];
    const rawHref = attr(el, "href");
    let href: string | null = null;
    let problem: string | null = null;
    if (rawHref === null || !rawHref.trim()) {
      problem = `points to resource "${identifier}", which has no href`;
    } else {
      const resolved = resolveHref(bases, rawHref);
      if (resolved.ok) href = joinRef(resolved.ref);
      else if (resolved.why === "outside")
        problem = `points to resource "${identifier}", whose href "${rawHref.trim()}" leads outside the package`;
      else if (resolved.why === "external")
        problem = `points to resource "${identifier}", whose href "${rawHref.trim()}" is not a file in the package`;
      else problem = `points to resource "${identifier}", which has no usable href`;
    }
    const files: string[] = [];
    for (const file of cpChildren(el, "file")) {
      const fileHref = attr(file, "href");
      if (!fileHref) continue;
      const resolved = resolveHref(bases, fileHref);
      if (resolved.ok && !files.includes(resolved.ref.path)) files.push(resolved.ref.path);
    }
    const resource: ScormResource = { identifier, scormType: scormTypeOf(el), href, files };
    resources.set(identifier, { resource, problem });
    resourceList.push(resource);
  }

  // sequencing collection: items refer to shared <imsss:sequencing ID="..."> by IDRef
  const collection = new Map<string, El>();
  for (const coll of extChildren(root, isImsss, "sequencingCollection")) {
    for (const seq of extChildren(coll, isImsss, "sequencing")) {
      const id = attr(seq, "ID");
      if (id && !collection.has(id.trim())) collection.set(id.trim(), seq);
    }
  }
  // an element of the activity's own sequencing wins over the one in the collection
  const sequencingPart = (owner: El, local: string): El | undefined => {
    const own = extChild(owner, isImsss, "sequencing");
    if (!own) return undefined;
    const mine = extChild(own, isImsss, local);
    if (mine) return mine;
    const ref = attr(own, "IDRef")?.trim();
    return ref ? extChild(collection.get(ref), isImsss, local) : undefined;
  };
  const controlModeOf = (owner: El): ControlMode | null => {
    const el = sequencingPart(owner, "controlMode");
    if (!el) return null;
    return {
      choice: parseBool(attr(el, "choice"), CONTROL_DEFAULTS_2004.choice),
      flow: parseBool(attr(el, "flow"), CONTROL_DEFAULTS_2004.flow),
      choiceExit: parseBool(attr(el, "choiceExit"), CONTROL_DEFAULTS_2004.choiceExit),
    };
  };

  const lomTitle = (() => {
    const lom = metadata?.children.find((c) => c.local === "lom");
    const general = lom?.children.find((c) => c.local === "general");
    const title = general?.children.find((c) => c.local === "title");
    if (!title) return "";
    const text =
      title.children.find((c) => c.local === "string" || c.local === "langstring")?.text ?? title.text;
    return text.replace(/\s+/g, " ").trim();
  })();

  type OrgResult = {
    organization: ScormOrganization;
    warnings: Warnings;
    launchable: ScormItem[];
    failures: string[];
    hasTitle: boolean;
  };

  const analyseOrganization = (orgEl: El, index: number): OrgResult => {
    const sink = new Warnings();
    const launchable: ScormItem[] = [];
    const failures: string[] = [];
    let identifier = (attr(orgEl, "identifier") ?? "").trim();
    if (!identifier) {
      identifier = `__organization-${index + 1}`;
      sink.add(`An organization has no identifier, so it was given the identifier "${identifier}".`);
    }
    const titleText = (cpChild(orgEl, "title")?.text ?? "").replace(/\s+/g, " ");
    if (!titleText)
      sink.add(`Organization "${identifier}" has no title, so its identifier is shown instead.`);
    let itemCount = 0;

    const buildItem = (el: El): ScormItem | null => {
      itemCount++;
      let itemId = (attr(el, "identifier") ?? "").trim();
      if (!itemId) {
        itemId = `__item-${itemCount}`;
        sink.add(`An item has no identifier, so it was given the identifier "${itemId}".`);
      }
      const children = cpChildren(el, "item")
        .map(buildItem)
        .filter((c): c is ScormItem => c !== null);
      const ref = (attr(el, "identifierref") ?? "").trim();
      let resourceId: string | null = null;
      let launch: string | null = null;
      let scormType: ScormItem["scormType"] = null;
      let reason: string | null = null;
      if (ref) {
        const info = resources.get(ref);
        if (!info) reason = `points to resource "${ref}", which the manifest does not define`;
        else if (!info.resource.href) reason = info.problem;
        else {
          resourceId = ref;
          scormType = info.resource.scormType;
          launch = mergeParameters(info.resource.href, attr(el, "parameters"));
        }
      } else if (children.length === 0) {
        reason = "has no children and points to no resource";
      }
      if (reason) {
        if (children.length === 0) {
          sink.add(`Item "${itemId}" ${reason}, so it was left out.`);
          failures.push(`item "${itemId}" ${reason}`);
          return null;
        }
        sink.add(`Item "${itemId}" ${reason}, so it launches nothing; its children are kept.`);
      }
      const title = (cpChild(el, "title")?.text ?? "").replace(/\s+/g, " ");
      if (!title) sink.add(`Item "${itemId}" has no title, so its identifier is shown instead.`);

      const adl = (local: string) => extChild(el, isAdlcp, local);
      const textOf = (e: El | undefined) => (e && e.text ? e.text : null);

      let masteryScore: number | null = null;
      const masteryEl = adl("masteryscore");
      if (masteryEl?.text) {
        const n = parseNumber(masteryEl.text);
        if (n !== null && n >= 0 && n <= 100) masteryScore = n;
        else
          sink.add(
            `Item "${itemId}" has a mastery score of "${masteryEl.text}", which is not 0 to 100; it is ignored.`,
          );
      }

      let completionThreshold: number | null = null;
      let completedByMeasure: boolean | undefined;
      let progressWeight: number | undefined;
      const thresholdEl = adl("completionThreshold");
      if (thresholdEl) {
        const minAttr = attr(thresholdEl, "minProgressMeasure");
        const byMeasure = attr(thresholdEl, "completedByMeasure");
        const weight = parseNumber(attr(thresholdEl, "progressWeight"));
        if (byMeasure !== null) completedByMeasure = parseBool(byMeasure, false);
        if (weight !== null) progressWeight = weight;
        const raw = minAttr ?? (thresholdEl.text || null);
        if (raw !== null) {
          const n = parseNumber(raw);
          if (n !== null && n >= 0 && n <= 1) completionThreshold = n;
          else
            sink.add(
              `Item "${itemId}" has a completion threshold of "${raw}", which is not 0 to 1; it is ignored.`,
            );
        } else if (completedByMeasure) {
          // 4th edition: minProgressMeasure defaults to 1.0
          completionThreshold = 1;
        }
      }

      let scaledPassingScore: number | null = null;
      const objectives = sequencingPart(el, "objectives");
      const primary = extChild(objectives, isImsss, "primaryObjective");
      if (primary && parseBool(attr(primary, "satisfiedByMeasure"), false)) {
        const measureEl = extChild(primary, isImsss, "minNormalizedMeasure");
        // imsss: minNormalizedMeasure defaults to 1.0
        const n = measureEl?.text ? parseNumber(measureEl.text) : 1;
        if (n !== null && n >= -1 && n <= 1) scaledPassingScore = n;
        else
          sink.add(
            `Item "${itemId}" has a passing score of "${measureEl?.text ?? ""}", which is not -1 to 1; it is ignored.`,
          );
      }

      const limit = sequencingPart(el, "limitConditions");
      const maxTimeAllowed =
        textOf(adl("maxtimeallowed")) ?? (attr(limit, "attemptAbsoluteDurationLimit")?.trim() || null);

      const hideLmsUi: string[] = [];
      for (const presentation of extChildren(el, isAdlnav, "presentation")) {
        for (const nav of extChildren(presentation, isAdlnav, "navigationInterface")) {
          for (const hide of extChildren(nav, isAdlnav, "hideLMSUI")) {
            if (hide.text && !hideLmsUi.includes(hide.text)) hideLmsUi.push(hide.text);
          }
        }
      }

      const item: ScormItem = {
        identifier: itemId,
        title: title || itemId,
        resourceId,
        launch,
        scormType,
        visible: parseBool(attr(el, "isvisible"), true),
        masteryScore,
        maxTimeAllowed,
        timeLimitAction: textOf(adl("timelimitaction")),
        dataFromLms: textOf(adl("datafromlms")),
        completionThreshold,
        scaledPassingScore,
        hideLmsUi,
        children,
      };
      if (completedByMeasure !== undefined) item.completedByMeasure = completedByMeasure;
      if (progressWeight !== undefined) item.progressWeight = progressWeight;
      const controlMode = controlModeOf(el);
      if (controlMode) item.controlMode = controlMode;
      return item;
    };

    const items = cpChildren(orgEl, "item")
      .map(buildItem)
      .filter((c): c is ScormItem => c !== null);
    const walk = (list: ScormItem[]) => {
      for (const item of list) {
        if (item.launch) launchable.push(item);
        walk(item.children);
      }
    };
    walk(items);
    if (itemCount === 0) failures.push(`organization "${identifier}" has no items`);
    const controlMode =
      version === "1.2" ? { ...CONTROL_12 } : (controlModeOf(orgEl) ?? { ...CONTROL_DEFAULTS_2004 });
    return {
      organization: { identifier, title: titleText || identifier, controlMode, items },
      warnings: sink,
      launchable,
      failures,
      hasTitle: Boolean(titleText),
    };
  };

  const organizationsEl = cpChild(root, "organizations");
  const orgEls = cpChildren(organizationsEl, "organization");
  let chosen: OrgResult;
  if (orgEls.length === 0) {
    // no organization: every sco resource (or, with none, every resource) becomes an item
    const usable = resourceList.filter((r) => r.href);
    const scos = usable.filter((r) => r.scormType === "sco");
    const picked = scos.length > 0 ? scos : usable;
    if (picked.length === 0) {
      throw new ManifestError(
        "the manifest has no launchable resource: it has no organization and no resource with an href",
      );
    }
    const items: ScormItem[] = picked.map((r) => ({
      identifier: r.identifier,
      title: r.identifier,
      resourceId: r.identifier,
      launch: r.href,
      scormType: r.scormType,
      visible: true,
      masteryScore: null,
      maxTimeAllowed: null,
      timeLimitAction: null,
      dataFromLms: null,
      completionThreshold: null,
      scaledPassingScore: null,
      hideLmsUi: [],
      children: [],
    }));
    const sink = new Warnings();
    sink.add(
      scos.length > 0
        ? "The manifest has no organization, so each SCO resource is listed as an item."
        : "The manifest has no organization and no SCO resource, so each resource with an href is listed as an item.",
    );
    chosen = {
      organization: {
        identifier: "__resources",
        title: lomTitle || "Content",
        controlMode: version === "1.2" ? { ...CONTROL_12 } : { ...CONTROL_DEFAULTS_2004 },
        items,
      },
      warnings: sink,
      launchable: items,
      failures: [],
      hasTitle: false,
    };
  } else {
    const results = orgEls.map(analyseOrganization);
    const wanted = attr(organizationsEl, "default")?.trim() ?? "";
    const match = wanted ? results.find((r) => r.organization.identifier === wanted) : undefined;
    if (match) chosen = match;
    else {
      chosen = results.find((r) => r.launchable.length > 0) ?? results[0]!;
      const using = chosen.organization.identifier;
      if (wanted) {
        warnings.add(
          `The manifest names "${wanted}" as its default organization, but no organization has that identifier, so "${using}" is used instead.`,
        );
      } else if (results.length > 1) {
        warnings.add(`The manifest does not name a default organization, so "${using}" is used.`);
      }
    }
  }
  for (const w of chosen.warnings.list) warnings.add(w);

  if (chosen.launchable.length === 0) {
    const details = chosen.failures.length
      ? quoteFailures(chosen.failures)
      : "no item points to a resource with an href";
    throw new ManifestError(`the manifest has no launchable resource: ${details}`);
  }

  // what the launchable items say about progress tracking
  const types = chosen.launchable.map((i) => i.scormType);
  if (!types.includes("sco") && types.every((t) => t === "asset")) {
    warnings.add(
      "No item in this package is a SCO, so none reports progress; completion is tracked when the learner opens each item.",
    );
  }
  const untyped = [
    ...new Set(
      chosen.launchable.filter((i) => i.scormType === null).map((i) => i.resourceId ?? i.identifier),
    ),
  ];
  if (untyped.length === 1) {
    warnings.add(
      `Resource "${untyped[0]}" does not say whether it is a SCO or an asset (adlcp:scormType is missing).`,
    );
  } else if (untyped.length > 1) {
    warnings.add(
      `${untyped.length} resources (${quoteList(untyped)}) do not say whether they are SCOs or assets (adlcp:scormType is missing).`,
    );
  }

  if (options.fileExists) {
    const exists = options.fileExists;
    const missingLaunch = new Map<string, string[]>();
    for (const item of chosen.launchable) {
      const path = splitRef(item.launch ?? "").path;
      if (missingLaunch.has(path) || !exists(path)) {
        missingLaunch.set(path, [...(missingLaunch.get(path) ?? []), item.identifier]);
      }
    }
    if (missingLaunch.size > 5) {
      const count = [...missingLaunch.values()].reduce((n, ids) => n + ids.length, 0);
      warnings.add(
        `${count} items launch files that are not in the package: ${quoteList([...missingLaunch.keys()])}.`,
      );
    } else {
      for (const [path, ids] of missingLaunch) {
        warnings.add(
          ids.length === 1
            ? `Item "${ids[0]}" launches "${path}", which is not in the package.`
            : `Items ${quoteList(ids)} launch "${path}", which is not in the package.`,
        );
      }
    }
    // listed files are only counted: packages often list files they never ship
    const missingFiles: string[] = [];
    for (const r of resourceList) {
      for (const f of r.files) {
        if (!missingLaunch.has(f) && !missingFiles.includes(f) && !exists(f)) missingFiles.push(f);
      }
    }
    if (missingFiles.length === 1) {
      warnings.add(`The file "${missingFiles[0]}" is listed in the manifest but is not in the package.`);
    } else if (missingFiles.length > 1) {
      warnings.add(
        `${missingFiles.length} files listed in the manifest are not in the package, for example ${quoteList(missingFiles)}.`,
      );
    }
  }

  return {
    version,
    versionSource,
    identifier: (attr(root, "identifier") ?? "").trim(),
    title: (chosen.hasTitle ? chosen.organization.title : "") || lomTitle,
    organization: chosen.organization,
    resources: resourceList,
    warnings: warnings.list,
  };
}

function quoteFailures(failures: string[]): string {
  const shown = failures.slice(0, 3);
  const more = failures.length - shown.length;
  return shown.join("; ") + (more > 0 ? `; and ${more} more` : "");
}
