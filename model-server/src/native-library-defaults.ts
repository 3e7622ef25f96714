/**
 * Settings the native libraries read from the environment when they start, set for the server
 * process unless the operator set them already (an explicit value always wins).
 */
export const NATIVE_LIBRARY_DEFAULTS = {
  // Each batch is tokenized as one task; letting the tokenizer also split a few dozen titles over
  // its own thread pool cost more CPU than it saved on cores busy with requests (README, benchmark).
  TOKENIZERS_PARALLELISM: 'false',
  // onnxruntime-node 1.30's Linux build sends usage telemetry to Microsoft from every process that
  // creates a session: it writes a device id under ~/.cache/Microsoft and looks up
  // mobile.events.data.microsoft.com. A model server inside someone's cluster does not phone home
  // unless told to (ORT_DISABLE_TELEMETRY=0 turns it back on).
  ORT_DISABLE_TELEMETRY: '1',
} as const;

/** Applies NATIVE_LIBRARY_DEFAULTS; must run before the first tokenizer or ONNX session is created. */
export function applyNativeLibraryDefaults(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(NATIVE_LIBRARY_DEFAULTS)) env[name] ??= value;
}
