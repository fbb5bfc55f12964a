import { prisma } from "~/db.server";
import type { ParsedManifest, ScormItem } from "./types";

// reading stored packages. versions never change, so parsed manifests are cached by id.

const manifests = new Map<string, ParsedManifest>();

export async function manifestForVersion(versionId: string): Promise<ParsedManifest> {
  let manifest = manifests.get(versionId);
  if (!manifest) {
    const version = await prisma.scormPackageVersion.findUniqueOrThrow({
      where: { id: versionId },
      select: { manifest: true },
    });
    manifest = JSON.parse(version.manifest) as ParsedManifest;
    if (manifests.size > 500) manifests.clear();
    manifests.set(versionId, manifest);
  }
  return manifest;
}

/** every item in tree order (depth first), with its depth */
export function flattenItems(items: ScormItem[], depth = 0): { item: ScormItem; depth: number }[] {
  return items.flatMap((item) => [{ item, depth }, ...flattenItems(item.children, depth + 1)]);
}

/** one item of the manifest's organization, at any depth */
export function findItem(manifest: ParsedManifest, identifier: string): ScormItem | undefined {
  return flattenItems(manifest.organization.items).find((x) => x.item.identifier === identifier)?.item;
}

/** the items a learner plays, in tree order: visible and launching something */
export function launchableItems(manifest: ParsedManifest): ScormItem[] {
  return flattenItems(manifest.organization.items)
    .map((x) => x.item)
    .filter((i) => i.visible && i.launch !== null);
}

/** the newest version of a package */
export async function latestVersion(packageId: string) {
  return prisma.scormPackageVersion.findFirst({ where: { packageId }, orderBy: { number: "desc" } });
}

/** packages of an organisation, newest first, with their latest version's facts */
export async function listPackages(organisationId: string) {
  const packages = await prisma.scormPackage.findMany({
    where: { organisationId },
    orderBy: { createdAt: "desc" },
    include: {
      versions: {
        orderBy: { number: "desc" },
        take: 1,
        select: { number: true, scormVersion: true, createdAt: true, fileCount: true },
      },
    },
  });
  return packages.map((p) => ({
    id: p.id,
    title: p.title,
    latest: p.versions[0] ?? null,
    createdAt: p.createdAt,
  }));
}
