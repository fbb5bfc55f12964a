import type { ReactNode } from "react";
import { ATTESTS, EVIDENCE_INTRO, evidenceRows, isEvidence, legacyText } from "~/certificates/evidence";
import type { CertificateView, VerifyStatus } from "~/certificates/verify.server";
import { Table } from "./forms";
import { formatDate } from "~/utils/dates";

const day = (iso: string) => formatDate(iso, "long");

const PANELS: Record<VerifyStatus, { title: string; tag: string }> = {
  valid: { title: "Valid", tag: "nhsuk-tag nhsuk-tag--green" },
  revoked: { title: "Revoked", tag: "nhsuk-tag nhsuk-tag--red" },
  expired: { title: "Expired", tag: "nhsuk-tag nhsuk-tag--orange" },
};

/** the verify result: status in words (not colour alone) and the certificate's facts */
export function CertificateDetails({
  status,
  certificate: c,
}: {
  status: VerifyStatus;
  certificate: CertificateView;
}) {
  const panel = PANELS[status];
  return (
    <>
      <h2>
        <strong className={panel.tag}>{panel.title}</strong>
      </h2>
      {status === "valid" ? <p>This certificate was issued by {c.issuer} and has not been revoked.</p> : null}
      {status === "revoked" ? (
        <div className="nhsuk-card nhsuk-card--warning">
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading">This certificate was revoked on {day(c.revokedAt!)}</h3>
            <p className="nhsuk-card__description">Reason: {c.revokedReason}</p>
          </div>
        </div>
      ) : null}
      {status === "expired" ? <p>This certificate expired on {day(c.expiresAt!)}.</p> : null}
      <dl className="nhsuk-summary-list">
        {(
          [
            ["Name", c.recipientName],
            [
              "GMC number",
              c.gmcNumber ? (
                <>
                  {c.gmcNumber}
                  <span className="nhsuk-body-s nhsuk-u-display-block nhsuk-u-margin-bottom-0">
                    As given by the holder when they registered; not checked against the GMC register. Check
                    it on the medical register if it matters to you.
                  </span>
                </>
              ) : (
                "Not given"
              ),
            ],
            [
              "Course",
              <>
                {c.courseTitle} (version {c.courseVersionLabel})
                <span className="nhsuk-body-s nhsuk-u-display-block nhsuk-u-margin-bottom-0">{ATTESTS}</span>
              </>,
            ],
            ["Completed", day(c.completedAt)],
            ["CPD hours", String(c.cpdHours)],
            ["Issued", day(c.issuedAt)],
            ["Expires", c.expiresAt ? day(c.expiresAt) : "Does not expire"],
            ["Verification code", c.code],
          ] as [string, ReactNode][]
        ).map(([k, v]) => (
          <div className="nhsuk-summary-list__row" key={k}>
            <dt className="nhsuk-summary-list__key">{k}</dt>
            <dd className="nhsuk-summary-list__value">{v}</dd>
          </div>
        ))}
        {isEvidence(c.results) ? null : (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Skills</dt>
            <dd className="nhsuk-summary-list__value">
              <ul className="nhsuk-list">
                {c.results.map((r) => (
                  <li key={r.skill}>{legacyText(r)}</li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Learning outcomes</dt>
          <dd className="nhsuk-summary-list__value">
            <ul className="nhsuk-list nhsuk-list--bullet">
              {c.outcomes.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      {isEvidence(c.results) && c.results.modules.length > 0 ? (
        <>
          <h2>Evidence</h2>
          <p>{EVIDENCE_INTRO}</p>
          <Table
            caption="Role-play and quiz evidence"
            headers={["Module", "Activity", "Result"]}
            rows={evidenceRows(c.results).map((r) => ({
              key: r.key,
              cells: [r.module, r.activity, r.result],
            }))}
          />
        </>
      ) : null}
    </>
  );
}
