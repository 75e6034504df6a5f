/** Process signal handling: the first SIGTERM/SIGINT starts a graceful shutdown, a second exits. */

/**
 * Returns a signal aborted on the first SIGTERM or SIGINT. A second signal exits with status 1
 * (the operator is stuck; the user or kubelet insists).
 */
export function setupSignalHandler(): AbortSignal {
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (ac.signal.aborted) process.exit(1);
    ac.abort(new Error(`received ${sig}`));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return ac.signal;
}
