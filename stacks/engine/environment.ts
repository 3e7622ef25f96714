/** What the engine tests' global setup provides (see jest-global-setup.ts). */
export function engineTestEnvironment(): { readonly bin: string; readonly kubeconfig: string } {
  const bin = process.env['ENGINE_TEST_BIN'];
  const kubeconfig = process.env['ENGINE_TEST_KUBECONFIG'];
  if (bin === undefined || kubeconfig === undefined) {
    throw new Error(
      'ENGINE_TEST_BIN / ENGINE_TEST_KUBECONFIG unset: run the engine tests through jest (project "engine")',
    );
  }
  return { bin, kubeconfig };
}
