import { applyNativeLibraryDefaults } from './native-library-defaults';

describe('native library defaults', () => {
  it('turn off ONNX Runtime telemetry and tokenizer threads when nothing is set', () => {
    const env: NodeJS.ProcessEnv = {};
    applyNativeLibraryDefaults(env);
    expect(env).toEqual({ ORT_DISABLE_TELEMETRY: '1', TOKENIZERS_PARALLELISM: 'false' });
  });

  it('leave what the operator set explicitly', () => {
    const env: NodeJS.ProcessEnv = { ORT_DISABLE_TELEMETRY: '0', TOKENIZERS_PARALLELISM: 'true' };
    applyNativeLibraryDefaults(env);
    expect(env).toEqual({ ORT_DISABLE_TELEMETRY: '0', TOKENIZERS_PARALLELISM: 'true' });
  });
});
