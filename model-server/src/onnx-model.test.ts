import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { writeTinyBertModel } from '../test/tiny-bert';
import { OnnxModel, assertExecutionProviderAvailable, onnxRuntimeBinaryDir } from './onnx-model';

describe('execution providers', () => {
  const emptyBinaryDir = mkdtempSync(path.join(tmpdir(), 'ort-bin-'));
  afterAll(() => rmSync(emptyBinaryDir, { recursive: true, force: true }));

  it('when the CUDA provider libraries are absent, asking for cuda fails saying how to install them', () => {
    expect(() => assertExecutionProviderAvailable('cuda', emptyBinaryDir)).toThrow(
      /CUDA execution provider is not installed[\s\S]*ONNXRUNTIME_NODE_INSTALL=cuda12/,
    );
  });

  it('cpu needs nothing extra', () => {
    expect(() => assertExecutionProviderAvailable('cpu', emptyBinaryDir)).not.toThrow();
  });

  it('accepts cuda once the binary directory holds the CUDA provider library', () => {
    const withCuda = mkdtempSync(path.join(tmpdir(), 'ort-bin-cuda-'));
    try {
      writeFileSync(path.join(withCuda, 'libonnxruntime_providers_cuda.so'), '');
      expect(() => assertExecutionProviderAvailable('cuda', withCuda)).not.toThrow();
    } finally {
      rmSync(withCuda, { recursive: true, force: true });
    }
  });

  it('looks in the installed onnxruntime-node by default: its native binding lives there', () => {
    expect(readdirSync(onnxRuntimeBinaryDir())).toContain('onnxruntime_binding.node');
  });
});

describe('inference threads', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'onnx-model-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('when an inference thread dies, the model reports unhealthy and runs fail as not ready', async () => {
    const dir = writeTinyBertModel(path.join(workDir, 'tiny'));
    const model = await OnnxModel.load(path.join(dir, 'model.onnx'), {
      executionProvider: 'cpu',
      threads: 1,
      maxSequenceLength: 16,
    });
    try {
      expect(model.healthy).toBe(true);
      // Reach the private thread list to simulate a crash; nothing in the server does this.
      const threads = (model as unknown as { threads: { worker: Worker }[] }).threads;
      await threads[0]?.worker.terminate();
      expect(model.healthy).toBe(false);
      const row = { inputIds: [4], attentionMask: [1], tokenTypeIds: [0] };
      await expect(model.runSequences([row], 'logits')).rejects.toMatchObject({ kind: 'not-ready' });
    } finally {
      await model.close();
    }
  });
});
