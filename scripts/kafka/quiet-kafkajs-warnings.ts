/**
 * kafkajs 2.2.4 schedules its throttle check with `setTimeout(-1…)`, which Node 24 reports as a
 * TimeoutNegativeWarning on every client. The timer behaves as intended (it fires at once), so
 * command-line tools drop that one warning and print every other one as Node would.
 */
export function quietKafkajsTimeoutWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') console.warn(`${warning.name}: ${warning.message}`);
  });
}
