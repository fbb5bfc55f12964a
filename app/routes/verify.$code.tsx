import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { lookupByCode } from "~/certificates/verify.server";
import { CertificateDetails } from "~/components/certificate";
import { SERVICE_NAME } from "~/components/layout";

export const meta: MetaFunction = () => [{ title: `Certificate check - ${SERVICE_NAME}` }];
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ params, context }: LoaderFunctionArgs) {
  const result = await lookupByCode(params.code ?? "", context.ip, "page");
  switch (result.kind) {
    case "invalid":
      return data(
        { kind: "invalid" as const, message: result.message, input: (params.code ?? "").slice(0, 40) },
        { status: 400 },
      );
    case "rate_limited":
      return data(
        { kind: "rate_limited" as const, retry: result.retryAfterSeconds },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    case "not_found":
      return data({ kind: "not_found" as const, code: result.code }, { status: 404 });
    case "found":
      return { kind: "found" as const, status: result.status, certificate: result.certificate };
  }
}

export default function VerifyCode() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Certificate check</h1>
        {d.kind === "found" ? <CertificateDetails status={d.status} certificate={d.certificate} /> : null}
        {d.kind === "not_found" ? (
          <>
            <h2>
              <strong className="nhsuk-tag nhsuk-tag--grey">Not found</strong>
            </h2>
            <p>
              No certificate has the code {d.code}. Check the code with the person who showed you the
              certificate.
            </p>
          </>
        ) : null}
        {d.kind === "invalid" ? (
          <div className="nhsuk-error-summary" role="alert" aria-labelledby="invalid-title" tabIndex={-1}>
            <h2 className="nhsuk-error-summary__heading" id="invalid-title">
              There is a problem with the code
            </h2>
            <div className="nhsuk-error-summary__body">
              <p>
                {d.message}
                {d.input ? ` (you entered ${d.input})` : ""}.
              </p>
            </div>
          </div>
        ) : null}
        {d.kind === "rate_limited" ? (
          <p>Too many checks from your network. Wait {d.retry} seconds, then try again.</p>
        ) : null}
        <p>
          <Link to="/verify">Check another certificate</Link>
        </p>
      </div>
    </div>
  );
}
