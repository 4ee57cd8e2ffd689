// SIGINT/SIGTERM as an AbortSignal for a long-running command (serve). The handlers go away after the
// first signal, so a second Ctrl-C during a slow shutdown kills the process the usual way.

export interface SignalWatch {
  signal: AbortSignal;
  dispose(): void;
}

export function abortOnSignals(signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): SignalWatch {
  const controller = new AbortController();
  const dispose = () => {
    for (const name of signals) process.off(name, onSignal);
  };
  const onSignal = (name: NodeJS.Signals) => {
    dispose();
    controller.abort(name);
  };
  for (const name of signals) process.on(name, onSignal);
  return { signal: controller.signal, dispose };
}
