import { Form } from "@remix-run/react";
import { Button, ErrorSummary, Radios, SelectField } from "./forms";
import { WarningCallout } from "~/components/warning-callout";

// the form that takes a course, or one of its modules, out as a scorm package (a college's
// e-learning library, a platform administrator's course page). it posts as a document, so
// the browser saves the zip the answer carries; a mistake comes back as this page.

export type ExportFormCourse = {
  id: string;
  title: string;
  versionLabel: string;
  hash: string;
  modules: { id: string; title: string }[];
};

export function ScormExportForm({
  action,
  courses,
  fixedCourse,
  errors,
  values,
}: {
  action: string;
  courses: readonly ExportFormCourse[];
  /** the course is already chosen (its page): no course list */
  fixedCourse?: ExportFormCourse;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}) {
  return (
    <>
      <ErrorSummary errors={errors} order={["what", "version-1.2"]} />
      <WarningCallout heading="The answers travel with the package">
        <p>
          A SCORM package runs in the learner&apos;s browser, so everything it needs is inside it, including
          the quiz answers and which role-play replies score well. Anyone with the file, or with a
          browser&apos;s developer tools, can read them. The package applies the course&apos;s rules (drawn
          questions, shuffled options, retake rules, critical errors in role-plays, reading time), but it
          cannot keep its answers secret from a determined learner, and your LMS records what the package
          reports.
        </p>
        <p>
          They are the whole of each quiz&apos;s question pool, the same questions this platform&apos;s own
          quizzes draw from, and the best reply at each step of each role-play. Whoever can read a package can
          use it to pass this platform&apos;s quizzes and role-plays without the learning. Share packages only
          with an LMS whose learners are meant to have them, and do not make one available to trainees on this
          platform.
        </p>
        <p>
          A certificate from this platform is never issued from an LMS record, or from a package played here:
          it needs the course&apos;s quizzes and role-plays taken here, marked by the server.
        </p>
      </WarningCallout>
      <Form method="post" action={action} reloadDocument noValidate>
        <SelectField
          name="what"
          label="What to export"
          options={courses
            .filter((c) => !fixedCourse || c.id === fixedCourse.id)
            .flatMap((c) => [
              {
                value: c.id,
                label: `${c.title}, the whole course (version ${c.versionLabel}, one SCO for each module)`,
              },
              // what tells the choices apart comes first: a phone shows a closed list's first
              // 30 or so characters
              ...c.modules.map((m) => ({
                value: `${c.id}/${m.id}`,
                label: `${m.title}, one module of ${c.title}`,
              })),
            ])}
          defaultValue={values?.what}
          error={errors?.what}
        />
        <Radios
          name="version"
          legend="SCORM version"
          options={[
            { value: "1.2", label: "SCORM 1.2 (the most widely supported)" },
            { value: "2004", label: "SCORM 2004, 4th edition" },
          ]}
          defaultValue={values?.version ?? "1.2"}
          error={errors?.["version-1.2"]}
        />
        <Button>Download the package</Button>
      </Form>
    </>
  );
}
