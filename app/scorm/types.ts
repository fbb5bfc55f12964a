// the shapes shared by the scorm importer, the player and reporting.

export type ScormVersion = "1.2" | "2004";

/** one <item> of the chosen organization, with what the runtime needs to launch it */
export type ScormItem = {
  identifier: string;
  title: string;
  /** the <resource> it points to (identifierref); null for an aggregation with no content */
  resourceId: string | null;
  /**
   * what to load, relative to the package root: the resource href with every xml:base applied
   * (manifest, resources, resource) and the item's parameters merged into its query; null
   * when the item launches nothing
   */
  launch: string | null;
  /** the resource's adlcp:scormtype / adlcp:scormType; null when it has none */
  scormType: "sco" | "asset" | null;
  /** isvisible, default true */
  visible: boolean;
  /** 1.2 adlcp:masteryscore, 0-100 */
  masteryScore: number | null;
  /** 1.2 adlcp:maxtimeallowed (CMITimespan), or 2004 imsss:limitConditions attemptAbsoluteDurationLimit */
  maxTimeAllowed: string | null;
  /** 1.2 adlcp:timelimitaction / 2004 adlcp:timeLimitAction */
  timeLimitAction: string | null;
  /** 1.2 adlcp:datafromlms / 2004 adlcp:dataFromLMS */
  dataFromLms: string | null;
  /** 2004 adlcp:completionThreshold (element text or minProgressMeasure attribute), 0..1 */
  completionThreshold: number | null;
  /** 2004 primary objective satisfiedByMeasure minNormalizedMeasure, -1..1 */
  scaledPassingScore: number | null;
  /** 2004 adlnav:presentation/navigationInterface/hideLMSUI values ("continue", "previous", ...) */
  hideLmsUi: string[];
  /** 2004 adlcp:completionThreshold completedByMeasure (4th edition); absent when not given */
  completedByMeasure?: boolean;
  /** 2004 adlcp:completionThreshold progressWeight (4th edition); absent when not given */
  progressWeight?: number;
  /** 2004 imsss:controlMode of this item, for its children; absent when the item has none */
  controlMode?: ControlMode;
  children: ScormItem[];
};

/** 2004 imsss:controlMode of an organization; 1.2 packages get choice only */
export type ControlMode = { choice: boolean; flow: boolean; choiceExit: boolean };

export type ScormOrganization = {
  identifier: string;
  title: string;
  controlMode: ControlMode;
  items: ScormItem[];
};

export type ScormResource = {
  identifier: string;
  scormType: "sco" | "asset" | null;
  /** href with xml:base applied, relative to the package root; null when it has none */
  href: string | null;
  /** <file href> values with xml:base applied */
  files: string[];
};

export type ParsedManifest = {
  version: ScormVersion;
  /** where the version came from */
  versionSource: "schemaversion" | "namespace" | "default";
  identifier: string;
  title: string;
  /** the organization trainees play (default, or the fallback); see parseManifest */
  organization: ScormOrganization;
  resources: ScormResource[];
  /** things the uploader should know that did not stop the import, in plain words */
  warnings: string[];
};
