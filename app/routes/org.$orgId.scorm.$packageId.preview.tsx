import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ActivityError } from "~/activities/common.server";
import { ScormView, type ScormPageData } from "~/activities/scorm/ScormView";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { SERVICE_NAME } from "~/components/layout";
import { getEnv } from "~/env.server";
import { requirePackage } from "~/scorm/access.server";
import { flattenItems, latestVersion, launchableItems, manifestForVersion } from "~/scorm/packages.server";
import { createPreviewLaunch } from "~/scorm/runtime.server";
import { readForm } from "~/utils/http.server";

// a college administrator tries the newest version of their package as a learner would. the
// player runs in preview mode: nothing is saved, so a preview never shows in the results, a
// learner's progress or a certificate.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Preview: ${data?.pkg.title ?? "Package"} - ${SERVICE_NAME}` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation, pkg } = await requirePackage(request, context, params.orgId!, params.packageId!);
  const version = await latestVersion(pkg.id);
  let player: ScormPageData = { missing: true };
  if (version) {
    const manifest = await manifestForVersion(version.id);
    const launchable = new Set(launchableItems(manifest).map((i) => i.identifier));
    const items = flattenItems(manifest.organization.items).filter(({ item }) => item.visible);
    player = {
      missing: false,
      contentOrigin: getEnv().CONTENT_ORIGIN,
      scormVersion: version.scormVersion,
      versionNumber: version.number,
      rule: "",
      controlMode: manifest.organization.controlMode,
      hideLmsUi: Object.fromEntries(items.map(({ item }) => [item.identifier, item.hideLmsUi])),
      // an administrator may open any part, in any order
      items: items.map(({ item, depth }) => ({
        id: item.identifier,
        title: item.title,
        depth,
        launchable: launchable.has(item.identifier),
        allowed: launchable.has(item.identifier),
        state: "not_started" as const,
        completion: null,
        success: null,
        score: null,
        attempts: 0,
        lastCommitAt: null,
      })),
      suggested: items.find(({ item }) => launchable.has(item.identifier))?.item.identifier ?? null,
    };
  }
  return {
    organisation: { id: organisation.id, name: organisation.name },
    pkg: { id: pkg.id, title: pkg.title },
    player,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, pkg } = await requirePackage(request, context, params.orgId!, params.packageId!);
  const form = await readForm(request);
  if (form.get("intent") !== "launch") return data({ error: "Unknown action." }, { status: 400 });
  const sco = String(form.get("sco") ?? "");
  try {
    const launch = await createPreviewLaunch(pkg.id, user.id, sco || null);
    return {
      launch: {
        url: launch.playerUrl,
        itemId: launch.itemId,
        attemptNumber: 0,
        mode: launch.mode,
        resumed: false,
        lastCommitAt: null,
        at: Date.now(),
      },
    };
  } catch (error) {
    if (error instanceof ActivityError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function PackagePreview() {
  const { organisation, pkg, player } = useLoaderData<typeof loader>();
  const base = `/org/${organisation.id}/scorm`;
  return (
    <>
      <Breadcrumbs
        items={[
          { to: base, label: "E-learning library" },
          { to: `${base}/${pkg.id}`, label: pkg.title },
        ]}
      />
      <h1>
        <span className="nhsuk-caption-l">Preview</span>
        {pkg.title}
      </h1>
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          This is the newest version, as learners will see it. Nothing you do in a preview is saved: it does
          not appear in the package&apos;s results or anyone&apos;s progress.
        </p>
      </div>
      <ScormView page={player} preview />
      <p className="nhsuk-body">
        <Link to={`${base}/${pkg.id}`}>Back to the package</Link>
      </p>
    </>
  );
}
