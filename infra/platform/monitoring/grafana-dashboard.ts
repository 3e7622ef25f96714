import * as fs from 'node:fs';
import * as path from 'node:path';

/** Folder of the Grafana dashboards kept in the repository. */
export const dashboardsDir = path.resolve(__dirname, '..', 'dashboards');

/** Reads a dashboard from `infra/platform/dashboards/<file>`, failing with the file name when it is not JSON. */
export function readDashboard(file: string): string {
  const text = fs.readFileSync(path.join(dashboardsDir, file), 'utf8');
  try {
    JSON.parse(text);
  } catch (error) {
    throw new Error(`Dashboard ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return text;
}

/**
 * A ConfigMap Grafana's dashboard sidecar loads: it watches for the `grafana_dashboard` label (the
 * Grafana chart's default), in any namespace it is told to search.
 */
export function grafanaDashboardConfigMap(name: string, namespace: string, file: string) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { grafana_dashboard: '1' } },
    data: { [file]: readDashboard(file) },
  };
}
