import { prisma } from "~/db.server";
import { audit } from "~/organisations/audit.server";
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
    archivedAt: p.archivedAt,
    latest: p.versions[0] ?? null,
    createdAt: p.createdAt,
  }));
}

export const PACKAGE_TITLE_MAX = 150;

/** renames a package of this organisation (its title in the library, reports and for learners) */
export async function renamePackage(
  organisationId: string,
  packageId: string,
  title: string,
  actorId: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const clean = title.trim().replace(/\s+/g, " ");
  if (!clean) return { ok: false, message: "Enter the package's title" };
  if (clean.length > PACKAGE_TITLE_MAX) {
    return { ok: false, message: `The title must be ${PACKAGE_TITLE_MAX} characters or fewer` };
  }
  const pkg = await prisma.scormPackage.findFirst({ where: { id: packageId, organisationId } });
  if (!pkg) return { ok: false, message: "That package is not one of your organisation's" };
  await prisma.$transaction(async (tx) => {
    await tx.scormPackage.update({ where: { id: pkg.id }, data: { title: clean } });
    await audit(tx, {
      actorId,
      organisationId,
      action: "scorm.package_renamed",
      detail: { packageId: pkg.id, from: pkg.title, to: clean },
    });
  });
  return { ok: true };
}

/**
 * archives a package (no new attachments; learners who have it keep playing it, and its
 * results stay) or restores it
 */
export async function setPackageArchived(
  organisationId: string,
  packageId: string,
  archived: boolean,
  actorId: string,
) {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.scormPackage.updateMany({
      where: { id: packageId, organisationId },
      data: { archivedAt: archived ? new Date() : null },
    });
    if (count === 1) {
      await audit(tx, {
        actorId,
        organisationId,
        action: archived ? "scorm.package_archived" : "scorm.package_restored",
        detail: { packageId },
      });
    }
    return count === 1;
  });
}
