/** Things a manager runs: controllers and any other long-running component. */

/** A component run by the manager until its signal aborts. */
export interface Runnable {
  /** Runs until signal aborts; resolving earlier is allowed, rejecting stops the manager. */
  start(signal: AbortSignal): Promise<void>;
  /** Run only while this process is leader. Default true (like controllers). */
  needLeaderElection?: boolean;
  /** Called when a leader runnable must stop at once (leadership lost, shutdown deadline passed). */
  abortInFlight?(reason: string): void;
}

/** Raised by Manager.start when leadership is lost and the manager is configured to stop. */
export class LeaderElectionLostError extends Error {
  constructor(lease: string) {
    super(`leader election lost (lease ${lease})`);
    this.name = 'LeaderElectionLostError';
  }
}
