import type { V2InferRequest, V2InferResponse, V2ModelMetadata } from './v2-schemas';

/** What the routes need from the data plane; the protocol layer knows nothing of ONNX. */
export interface InferenceService {
  /** The names of the models served. */
  modelNames(): string[];
  /** Server-wide readiness: every model loaded. */
  isReady(): boolean;
  /** Throws not-found for an unknown model or version. */
  modelMetadata(name: string, version?: string): V2ModelMetadata;
  /** Throws not-found for an unknown model or version, not-ready while loading. */
  modelReady(name: string, version?: string): boolean;
  infer(name: string, version: string | undefined, request: V2InferRequest): Promise<V2InferResponse>;
  predict(name: string, instances: unknown[]): Promise<unknown[]>;
}
