/** What a soak can break. */
export type FaultKind = 'worker SIGKILL' | 'worker SIGTERM' | 'model server outage' | 'broker restart';

const workerFaults: readonly FaultKind[] = ['worker SIGKILL', 'worker SIGTERM'];

/**
 * The fault kinds a soak may pick `fraction` of the way through. The middle third spares the worker: one worker then
 * lives through model outages and broker restarts long enough for its memory to show a leak; the worker is killed
 * and stopped in the thirds before and after.
 */
export function faultKindsAt(kinds: readonly FaultKind[], fraction: number): FaultKind[] {
  const sparesWorker = fraction >= 1 / 3 && fraction < 2 / 3;
  return kinds.filter((kind) => !(sparesWorker && workerFaults.includes(kind)));
}
