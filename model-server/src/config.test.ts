import { UsageError, parseServeArgs } from './config';

describe('parseServeArgs', () => {
  it('uses the defaults KServe expects when nothing is given, listening on loopback only', () => {
    expect(parseServeArgs([], {})).toMatchObject({
      modelName: 'category-classifier',
      modelDir: '/mnt/models',
      httpPort: 8080,
      host: '127.0.0.1',
      role: 'all',
      executionProvider: 'cpu',
    });
  });

  it('accepts the arguments KServe appends, space-separated', () => {
    const config = parseServeArgs(
      [
        '--role',
        'transformer',
        '--model_name',
        'shop',
        '--predictor_host',
        'shop-predictor.default',
        '--http_port',
        '8081',
        '--workers',
        '2',
        '--protocol',
        'v2',
      ],
      {},
    );
    expect(config).toMatchObject({
      role: 'transformer',
      modelName: 'shop',
      predictorHost: 'shop-predictor.default',
      httpPort: 8081,
      inferenceThreads: 2,
      protocol: 'v2',
    });
  });

  it('reads environment variables when flags are absent, and flags win over them', () => {
    const env = { MODEL_DIR: '/models/v3', MAX_BATCH_SIZE: '8', HTTP_PORT: '9000' };
    expect(parseServeArgs(['--http-port', '9100'], env)).toMatchObject({
      modelDir: '/models/v3',
      maxBatchSize: 8,
      httpPort: 9100,
    });
  });

  it('rejects an unknown flag with the usage text', () => {
    expect(() => parseServeArgs(['--modle-dir', 'x'], {})).toThrow(UsageError);
    expect(() => parseServeArgs(['--modle-dir', 'x'], {})).toThrow(/--modle-dir[\s\S]*usage: model-server serve/);
  });

  it('names the flag with a bad value', () => {
    expect(() => parseServeArgs(['--max-batch-size', '0'], {})).toThrow(/max batch size must be positive/);
    expect(() => parseServeArgs(['--role', 'trainer'], {})).toThrow(/role must be predictor, transformer or all/);
    expect(() => parseServeArgs(['--execution-provider', 'tpu'], {})).toThrow(/cpu or cuda/);
  });

  it('resolves a relative model directory from where the command was typed (npm INIT_CWD)', () => {
    expect(parseServeArgs(['--model-dir', 'models/v1'], { INIT_CWD: '/home/me/repo' }).modelDir).toBe(
      '/home/me/repo/models/v1',
    );
  });

  it('requires a predictor host for the transformer role', () => {
    expect(() => parseServeArgs(['--role', 'transformer'], {})).toThrow(/--predictor-host/);
  });
});
