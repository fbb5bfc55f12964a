import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { parseCode, formatCode } from "~/certificates/code";
import { verifyCredential } from "~/certificates/verify.server";
import { Button, ErrorSummary, Field } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.codeError ? "Error: " : ""}Verify a certificate - ${SERVICE_NAME}` },
];

// Retry-After from the action must reach the document response too
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

// a code typed into the form arrives as ?code=: a well-formed one goes to its page; an empty or
// mistyped one stays on the form, as typed, with what is wrong (no lookup is made)
export async function loader({ request }: LoaderFunctionArgs) {
  const code = new URL(request.url).searchParams.get("code");
  if (code === null) return { code: "", codeError: null };
  const parsed = parseCode(code);
  if (parsed.ok) throw redirect(`/verify/${formatCode(parsed.code)}`);
  return data({ code: code.slice(0, 40), codeError: parsed.message }, { status: 400 });
}

const MAX_CREDENTIAL = 64 * 1024;

// a pasted or uploaded credential is checked in full: signature, issuer, dates, status
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  let text = String(form.get("credential") ?? "");
  const file = form.get("file");
  if (file && typeof file === "object" && "size" in file && file.size > 0) {
    if (file.size > MAX_CREDENTIAL)
      return data(
        { error: "The file is too large to be a credential (64 KB at most)", result: null },
        { status: 400 },
      );
    text = await file.text();
  }
  if (!text.trim())
    return data({ error: "Paste a credential, or choose a credential file", result: null }, { status: 400 });
  if (text.length > MAX_CREDENTIAL)
    return data(
      { error: "That is too long to be a credential (64 KB at most)", result: null },
      { status: 400 },
    );
  const verdict = await verifyCredential(text, context.ip);
  if (verdict.kind === "rate_limited") {
    const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
    return data(
      {
        error: `Too many checks from your network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        result: null,
      },
      { status: 429, headers: { "Retry-After": String(verdict.retryAfterSeconds) } },
    );
  }
  return { error: null, result: verdict.result };
}

export default function Verify() {
  const actionData = useActionData<typeof action>();
  const { code, codeError } = useLoaderData<typeof loader>();
  const result = actionData?.result;
  // the result is new content below the form: focus (and so announce) it when it arrives
  const resultHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary
          errors={
            actionData?.error ? { credential: actionData.error } : codeError ? { code: codeError } : undefined
          }
        />
        <h1>Verify a certificate</h1>
        <p>Check a Mentor training for doctors certificate. You do not need an account.</p>
        <Form method="get" action="/verify">
          <Field
            name="code"
            label="Verification code"
            hint="13 characters, printed on the certificate, like ABCD-EFGH-JKMN-P"
            width="20"
            autoComplete="off"
            spellCheck={false}
            defaultValue={code}
            error={codeError ?? undefined}
          />
          <Button>Check code</Button>
        </Form>

        <h2>Check a digital credential</h2>
        <p>
          If you were sent the certificate as an Open Badges credential (a <code>.jwt</code> or{" "}
          <code>.json</code> file), paste it or upload it. We check its signature, issuer, dates and whether
          it has been revoked.
        </p>
        <Form method="post" encType="multipart/form-data">
          <div className={`nhsuk-form-group${actionData?.error ? " nhsuk-form-group--error" : ""}`}>
            <label className="nhsuk-label" htmlFor="credential">
              Credential
            </label>
            {actionData?.error ? (
              <span className="nhsuk-error-message" id="credential-error">
                <span className="nhsuk-u-visually-hidden">Error: </span>
                {actionData.error}
              </span>
            ) : null}
            <textarea
              className="nhsuk-textarea app-mono"
              id="credential"
              name="credential"
              rows={5}
              aria-describedby={actionData?.error ? "credential-error" : undefined}
            />
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="file">
              Or upload a credential file
            </label>
            <input className="nhsuk-file-upload" id="file" name="file" type="file" accept=".jwt,.json,.txt" />
          </div>
          <Button variant="secondary">Check credential</Button>
        </Form>

        {result ? (
          <section aria-labelledby="credential-result">
            <h2 id="credential-result" tabIndex={-1} ref={resultHeading}>
              <strong className={`nhsuk-tag ${result.valid ? "nhsuk-tag--green" : "nhsuk-tag--red"}`}>
                {result.valid ? "Valid credential" : "Not valid"}
              </strong>
            </h2>
            {result.summary ? (
              <p>
                {result.summary.name}: {result.summary.course}
                {result.summary.code ? ` (code ${result.summary.code})` : ""}.
              </p>
            ) : null}
            <ul className="nhsuk-list">
              {result.checks.map((c) => (
                <li key={c.name}>
                  <strong>
                    {c.ok ? "Passed" : "Failed"}: {c.name}.
                  </strong>{" "}
                  {c.detail}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </div>
  );
}
