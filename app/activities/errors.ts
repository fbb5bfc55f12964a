// errors every activity kind shares, on the server and in an exported package's player

/** a refusal the trainee should read (bad choice, stale page, finished attempt), with its http status */
export class ActivityError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
