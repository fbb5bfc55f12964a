import { Form } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { Button, ErrorSummary } from "./forms";

type Phase = { kind: "idle" } | { kind: "uploading"; percent: number } | { kind: "processing" };

/**
 * a scorm zip upload. with javascript the file goes by xhr to `uploadUrl` so the page can show
 * upload progress and then "checking the package"; without it, the form posts normally.
 */
export function ScormUploadForm({
  action,
  uploadUrl,
  maxBytes,
  error,
  label,
}: {
  action: string;
  uploadUrl: string;
  maxBytes: number;
  error?: string;
  label: string;
}) {
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [clientError, setClientError] = useState<string | undefined>();
  const input = useRef<HTMLInputElement>(null);
  const shown = clientError ?? error;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const file = input.current?.files?.[0];
    event.preventDefault();
    if (!file) {
      setClientError("Choose a SCORM package (.zip file) to upload.");
      return;
    }
    if (file.size > maxBytes) {
      setClientError(`The package is larger than the maximum of ${Math.round(maxBytes / 1024 / 1024)} MB.`);
      return;
    }
    setClientError(undefined);
    const body = new FormData(event.currentTarget);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", uploadUrl);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable)
        setPhase({ kind: "uploading", percent: Math.round((e.loaded / e.total) * 100) });
    };
    xhr.upload.onload = () => setPhase({ kind: "processing" });
    xhr.onload = () => {
      let reply: { ok?: boolean; redirectTo?: string; error?: string } = {};
      try {
        reply = JSON.parse(xhr.responseText) as typeof reply;
      } catch {
        reply = {
          error: xhr.status === 413 ? "The package is too large." : "The upload failed. Please try again.",
        };
      }
      if (reply.ok && reply.redirectTo) {
        window.location.assign(reply.redirectTo);
        return;
      }
      setPhase({ kind: "idle" });
      setClientError(reply.error ?? "The upload failed. Please try again.");
    };
    xhr.onerror = () => {
      setPhase({ kind: "idle" });
      setClientError("The upload failed: the connection was lost. Please try again.");
    };
    setPhase({ kind: "uploading", percent: 0 });
    xhr.send(body);
  }

  const busy = phase.kind !== "idle";
  return (
    <>
      <ErrorSummary errors={shown ? { package: shown } : undefined} />
      <Form method="post" encType="multipart/form-data" action={action} onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="upload" />
        <div className={`nhsuk-form-group${shown ? " nhsuk-form-group--error" : ""}`}>
          <label className="nhsuk-label" htmlFor="package">
            {label}
          </label>
          <div className="nhsuk-hint" id="package-hint">
            A SCORM 1.2 or SCORM 2004 package exported as a .zip file, up to{" "}
            {Math.round(maxBytes / 1024 / 1024)} MB. AICC packages are not supported.
          </div>
          {shown ? (
            <span className="nhsuk-error-message" id="package-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {shown}
            </span>
          ) : null}
          <input
            ref={input}
            className={`nhsuk-file-upload${shown ? " nhsuk-file-upload--error" : ""}`}
            id="package"
            name="package"
            type="file"
            accept=".zip,application/zip"
            aria-describedby={shown ? "package-hint package-error" : "package-hint"}
            disabled={busy}
          />
        </div>
        {busy ? (
          <div role="status" className="nhsuk-u-margin-bottom-4">
            {phase.kind === "uploading" ? (
              <>
                <label htmlFor="upload-progress" className="nhsuk-body">
                  Uploading: {phase.percent}%
                </label>{" "}
                <progress id="upload-progress" max={100} value={phase.percent}>
                  {phase.percent}%
                </progress>
              </>
            ) : (
              <p className="nhsuk-body">Uploaded. Checking and unpacking the package…</p>
            )}
          </div>
        ) : null}
        <Button disabled={busy}>Upload package</Button>
      </Form>
    </>
  );
}
