import type { CourseDefinition } from "~/courses/types";
import { escapeHtml } from "~/utils/html";

// imsmanifest.xml for an exported package: one organisation, one item and one sco resource per
// module, and one asset resource with the player, its styles and the reference pages, which
// every sco depends on. no sequencing beyond "the learner may choose, and go in order": multi-sco
// navigation is where LMSs differ most, and each sco reports for itself (2004: its items say
// the content sets completion and success, so a sequencer never assumes either). the
// manifest's version attribute carries the first 20 hex digits of the course version's hash
// (1.2's schema allows 20 characters, and 20 is 2004's smallest permitted maximum); the
// comment at the top carries all of it.

export type ScoEntry = { moduleId: string; title: string; href: string };

/** xml text and attributes escape as html's do */
const esc = escapeHtml;

/** an xsd:ID from our ids (which may start with a digit) */
const id = (prefix: string, value: string) => `${prefix}-${value}`;

/** titles: 1.2's schema allows 200 characters, and 200 is 2004's smallest permitted maximum */
const title = (s: string) => esc(s.length > 200 ? `${s.slice(0, 199)}…` : s);

export function manifestXml(input: {
  version: "1.2" | "2004";
  course: Pick<CourseDefinition, "id" | "title" | "versionLabel">;
  hash: string;
  moduleId: string | null;
  scos: ScoEntry[];
  /** the files every sco uses, relative to the package root */
  shared: string[];
}): string {
  const { course, hash, scos } = input;
  const single = input.moduleId ? scos[0] : undefined;
  const orgTitle = single ? `${course.title}: ${single.title}` : course.title;
  const identifier = `mtp-${course.id}-${input.moduleId ?? "course"}-${hash.slice(0, 12)}`;
  const comment = `<!-- ${esc(orgTitle)}. Course "${esc(course.id)}" version ${esc(course.versionLabel)}, content sha-256 ${hash}. Exported by the mentor-training platform. -->`;
  const files = input.shared.map((f) => `      <file href="${esc(f)}"/>`).join("\n");
  const v = FLAVOUR[input.version];
  const items = scos
    .map(
      (
        s,
      ) => `      <item identifier="${id("item", s.moduleId)}" identifierref="${id("sco", s.moduleId)}"${v.itemAttributes}>
        <title>${title(s.title)}</title>${v.itemSequencing}
      </item>`,
    )
    .join("\n");
  const resources = scos
    .map(
      (
        s,
      ) => `    <resource identifier="${id("sco", s.moduleId)}" type="webcontent" ${v.scormType}="sco" href="${esc(s.href)}">
      <file href="${esc(s.href)}"/>
      <dependency identifierref="shared"/>
    </resource>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
${comment}
<manifest identifier="${esc(identifier)}" version="${hash.slice(0, 20)}"
${v.namespaces}>
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>${v.schemaVersion}</schemaversion>
  </metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>${title(orgTitle)}</title>
${items}${v.organizationSequencing}
    </organization>
  </organizations>
  <resources>
${resources}
    <resource identifier="shared" type="webcontent" ${v.scormType}="asset">
${files}
    </resource>
  </resources>
</manifest>
`;
}

/** what differs between the two versions' manifests */
const FLAVOUR = {
  "1.2": {
    namespaces: `  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"`,
    schemaVersion: "1.2",
    scormType: "adlcp:scormtype",
    itemAttributes: ` isvisible="true"`,
    itemSequencing: "",
    organizationSequencing: "",
  },
  "2004": {
    namespaces: `  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd"`,
    schemaVersion: "2004 4th Edition",
    scormType: "adlcp:scormType",
    itemAttributes: "",
    itemSequencing: `
        <imsss:sequencing>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>`,
    organizationSequencing: `
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
      </imsss:sequencing>`,
  },
} as const;
