// finishing a course is an event. the certificates module, a layer above courses, reacts to it:
// courses never import certificates. app/wiring.server.ts connects the two wherever the app
// runs (the server bundle, the seed, the tests); emitting with nobody listening is an error,
// never a silently missing certificate.
export type CourseCompleted = { enrolmentId: string };
type Listener = (event: CourseCompleted) => Promise<void>;

const listeners: Listener[] = [];

export function onCourseCompleted(listener: Listener) {
  if (!listeners.includes(listener)) listeners.push(listener);
}

export async function emitCourseCompleted(event: CourseCompleted) {
  if (listeners.length === 0) {
    throw new Error("a course was completed but nothing handles it: import ~/wiring.server at start-up");
  }
  for (const listener of listeners) await listener(event);
}
