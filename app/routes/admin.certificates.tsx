import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireAdmin } from "~/auth/guards.server";
import { parseCode } from "~/certificates/code";
import { revokeCertificate, statusOf, viewOf } from "~/certificates/verify.server";
import { CertificateDetails } from "~/components/certificate";
import { Button, ErrorSummary, Field, Notice } from "~/components/forms";
import { SERVICE_NAME } from "~/components/layout";
import { prisma } from "~/db.server";
import { parseForm, singleLine } from "~/utils/forms";
import { readForm } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: `Certificates - ${SERVICE_NAME}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  const input = new URL(request.url).searchParams.get("code");
  if (!input) return { search: null };
  const parsed = parseCode(input);
  if (!parsed.ok) return { search: { error: parsed.message, certificate: null, status: null, code: null } };
  const c = await prisma.certificate.findUnique({ where: { code: parsed.code } });
  if (!c)
    return { search: { error: "No certificate has that code", certificate: null, status: null, code: null } };
  return { search: { error: null, certificate: viewOf(c), status: statusOf(c), code: c.code } };
}

const revokeSchema = z.object({
  code: z.string().min(1),
  reason: singleLine(
    z
      .string({ error: "Give the reason for revoking" })
      .trim()
      .min(5, "Give the reason for revoking (at least 5 characters)")
      .max(500, "The reason must be 500 characters or fewer"),
    "The reason",
  ),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireAdmin(request, context);
  const parsed = parseForm(revokeSchema, await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const code = parseCode(parsed.data.code);
  if (!code.ok) return data({ errors: { form: code.message } }, { status: 400 });
  const done = await revokeCertificate(code.code, parsed.data.reason, admin.id);
  if (!done)
    return data(
      { errors: { form: "That certificate was not found, or is already revoked" } },
      { status: 400 },
    );
  throw redirect(`/admin/certificates?code=${code.code}&done=revoked`);
}

export default function AdminCertificates() {
  const { search } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors as Record<string, string> | undefined;
  return (
    <>
      {params.get("done") === "revoked" ? <Notice>The certificate has been revoked.</Notice> : null}
      <ErrorSummary errors={errors ?? (search?.error ? { code: search.error } : undefined)} />
      <h1>Certificates</h1>
      <Form method="get">
        <Field
          name="code"
          label="Verification code"
          width="20"
          defaultValue={params.get("code") ?? ""}
          error={search?.error ?? undefined}
          autoComplete="off"
        />
        <Button variant="secondary">Find certificate</Button>
      </Form>
      {search?.certificate && search.status ? (
        <>
          <CertificateDetails status={search.status} certificate={search.certificate} />
          {search.status !== "revoked" ? (
            <>
              <h2>Revoke this certificate</h2>
              <p>
                Revoking is immediate and shows on the verify page, the API and the credential status list. It
                cannot be undone.
              </p>
              <Form method="post" noValidate>
                <input type="hidden" name="code" value={search.code!} />
                <Field
                  name="reason"
                  label="Reason"
                  hint="Shown to anyone who checks the certificate"
                  error={errors?.reason}
                />
                <Button variant="warning">Revoke certificate</Button>
              </Form>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
