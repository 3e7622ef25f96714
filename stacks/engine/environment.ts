/** What the engine tests' global setup provides (see jest-global-setup.ts). */
export function engineTestEnvironment(): {
  readonly bin: string;
  readonly kubeconfig: string;
  /** `127.0.0.1:<port>` of the OCI registry. */
  readonly registry: string;
} {
  const bin = process.env['ENGINE_TEST_BIN'];
  const kubeconfig = process.env['ENGINE_TEST_KUBECONFIG'];
  const registry = process.env['ENGINE_TEST_REGISTRY'];
  if (bin === undefined || kubeconfig === undefined || registry === undefined) {
    throw new Error(
      'ENGINE_TEST_BIN / ENGINE_TEST_KUBECONFIG / ENGINE_TEST_REGISTRY unset: run the engine tests through jest (project "engine")',
    );
  }
  return { bin, kubeconfig, registry };
}
