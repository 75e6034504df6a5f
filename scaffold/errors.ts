/** Failures of the scaffolding, build and deploy commands: a kind and a one-line reason. */

/** What went wrong, for callers that react differently (exit codes, tests). */
export type ScaffoldErrorKind =
  | 'invalid-input'   // a flag or argument with the wrong syntax
  | 'conflict'        // a file exists and --force was not given
  | 'not-a-project'   // no PROJECT file where one is needed
  | 'missing'         // a file or tool the command needs is absent
  | 'command-failed'  // a child process (npm, tsc) failed
  | 'cluster';        // the cluster refused or did not answer

/** A failure with a one-line message meant for the user. */
export class ScaffoldError extends Error {
  readonly kind: ScaffoldErrorKind;

  constructor(kind: ScaffoldErrorKind, message: string) {
    super(message);
    this.name = 'ScaffoldError';
    this.kind = kind;
  }
}
