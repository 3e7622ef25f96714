import {
  configKeys,
  loadKubeconfig,
  parseStackConfig,
  secretKeys,
  StackConfigError,
  stackConfigSchema,
} from './config';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { readProjectConfigDeclarations, readStackConfig, repoRoot } from './testing';

function problemsOf(raw: Record<string, string>): readonly string[] {
  try {
    parseStackConfig('dev', raw);
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

const minimal = { gcpProject: 'my-project-123' };

describe('stack config', () => {
  it('fills every default from a config that sets only the project', () => {
    const config = parseStackConfig('dev', minimal);
    expect(config).toMatchObject({
      stack: 'dev',
      gcpRegion: 'europe-west4',
      gcpZones: ['europe-west4-a'],
      gpuMaxNodes: 2,
      gpuSpot: false,
      modelStore: 'disk',
      modelStoreDiskSizeGb: 10,
      masterAuthorizedCidrs: [],
    });
  });

  it('parses typed values from the text Pulumi hands over', () => {
    const config = parseStackConfig('ops', {
      ...minimal,
      gpuSpot: 'true',
      gpuMaxNodes: '4',
      gcpZones: '["europe-west4-a","europe-west4-b"]',
      masterAuthorizedCidrs: '["203.0.113.0/24"]',
    });
    expect(config.gpuSpot).toBe(true);
    expect(config.gpuMaxNodes).toBe(4);
    expect(config.gcpZones).toEqual(['europe-west4-a', 'europe-west4-b']);
    expect(config.masterAuthorizedCidrs).toEqual(['203.0.113.0/24']);
  });

  it('when the project is missing, the error names the key and how to set it', () => {
    expect(problemsOf({})).toContainEqual(
      expect.stringMatching(/^category-match:gcpProject: required.*pulumi config set/),
    );
  });

  it('when an enumerated value is wrong, the error names the key and the allowed values', () => {
    const [problem] = problemsOf({ ...minimal, gpuAcceleratorType: 'nvidia-k80' });
    expect(problem).toMatch(/^category-match:gpuAcceleratorType: .*allowed values: "nvidia-l4", "nvidia-tesla-t4"/);
    expect(problemsOf({ ...minimal, modelStore: 'nfs' })[0]).toMatch(/^category-match:modelStore: .*"disk", "gcs"/);
  });

  it('when a number, boolean or list is malformed, the error names the key', () => {
    expect(problemsOf({ ...minimal, gpuMaxNodes: 'two' })[0]).toMatch(
      /^category-match:gpuMaxNodes: expected a whole number/,
    );
    expect(problemsOf({ ...minimal, gpuMaxNodes: '0' })[0]).toMatch(/^category-match:gpuMaxNodes: expected at least 1/);
    expect(problemsOf({ ...minimal, gpuSpot: 'yes' })[0]).toMatch(/^category-match:gpuSpot: .*"true", "false"/);
    expect(problemsOf({ ...minimal, gcpZones: 'europe-west4-a' })[0]).toMatch(
      /^category-match:gcpZones: expected a JSON list/,
    );
    expect(problemsOf({ ...minimal, masterAuthorizedCidrs: '["everyone"]' })[0]).toMatch(
      /^category-match:masterAuthorizedCidrs\.0: expected IPv4 CIDR ranges/,
    );
    expect(problemsOf({ ...minimal, gpuDiskSizeGb: '10' })[0]).toMatch(
      /^category-match:gpuDiskSizeGb: expected at least 30/,
    );
  });

  it('when a zone is outside the region, the error names both keys', () => {
    expect(problemsOf({ ...minimal, gcpRegion: 'us-central1', gcpZones: '["europe-west4-a"]' })).toEqual([
      'category-match:gcpZones: zone "europe-west4-a" is not in category-match:gcpRegion "us-central1"',
    ]);
  });

  it('when the system pool minimum exceeds its maximum, the error names both keys', () => {
    expect(problemsOf({ ...minimal, systemMinNodes: '4', systemMaxNodes: '2' })).toEqual([
      'category-match:systemMinNodes (4) exceeds category-match:systemMaxNodes (2)',
    ]);
  });

  it('when a key is misspelt, the error names it and lists the known keys', () => {
    expect(problemsOf({ ...minimal, gpuMaxNode: '2' })[0]).toMatch(
      /^category-match:gpuMaxNode: unknown key; known keys: .*gpuMaxNodes/,
    );
  });

  it('reports every wrong key at once', () => {
    expect(problemsOf({ gpuSpot: 'maybe', gpuDiskType: 'floppy' })).toHaveLength(3);
  });
});

describe('stack config for an existing cluster', () => {
  const existing = {
    cluster: 'existing',
    addons: 'existing',
    imageRegistry: 'localhost:5001',
    modelStore: 'existing',
    modelStoreUri: 'pvc://model-store',
  };

  it('needs no GCP project, and keeps the values it needs typed', () => {
    const config = parseStackConfig('local', existing);
    expect(config.cluster === 'existing' && [config.imageRegistry, config.modelStoreUri]).toEqual([
      'localhost:5001',
      'pvc://model-store',
    ]);
  });

  it('names each key an existing cluster needs when it is missing', () => {
    expect(problemsOf({ cluster: 'existing' })).toEqual([
      'category-match:imageRegistry: required when category-match:cluster is "existing"',
      'category-match:modelStore: "disk" creates GCP storage; with category-match:cluster "existing" use "existing" and set category-match:modelStoreUri',
    ]);
    expect(problemsOf({ ...existing, modelStoreUri: undefined } as unknown as Record<string, string>)).toEqual([
      'category-match:modelStoreUri: required when category-match:modelStore is "existing"',
    ]);
  });

  it('refuses existing add-ons or storage on a GKE cluster the stack creates', () => {
    expect(problemsOf({ ...minimal, addons: 'existing', modelStore: 'existing', modelStoreUri: 'gs://b/m' })).toEqual([
      'category-match:addons: "existing" needs category-match:cluster "existing"; a new GKE cluster has no add-ons',
      'category-match:modelStore: "existing" needs category-match:cluster "existing"; use disk or gcs on GKE',
    ]);
  });

  it('reports a missing GCP project beside malformed keys', () => {
    expect(problemsOf({ gpuSpot: 'maybe' })).toEqual([
      expect.stringMatching(/^category-match:gpuSpot: /),
      expect.stringMatching(/^category-match:gcpProject: required when category-match:cluster is "gke"/),
    ]);
  });
});

describe('the kubeconfig of an existing cluster', () => {
  const local = parseStackConfig('local', {
    cluster: 'existing',
    addons: 'existing',
    imageRegistry: 'localhost:5001',
    modelStore: 'existing',
    modelStoreUri: 'pvc://model-store',
  });

  it('is never read for a GKE stack', () => {
    expect(loadKubeconfig(parseStackConfig('dev', minimal), {}, { KUBECONFIG: '/nonexistent' })).toBeUndefined();
  });

  it('is absent when neither the secret nor KUBECONFIG is set (never ~/.kube/config)', () => {
    expect(loadKubeconfig(local, {}, {})).toBeUndefined();
  });

  it('names the problem when KUBECONFIG lists several files or a missing one', () => {
    expect(() => loadKubeconfig(local, {}, { KUBECONFIG: '/a:/b' })).toThrow(/KUBECONFIG names several files/);
    expect(() => loadKubeconfig(local, {}, { KUBECONFIG: '/nonexistent/kubeconfig' })).toThrow(
      /KUBECONFIG: \/nonexistent\/kubeconfig does not exist/,
    );
  });
});

describe('Pulumi.yaml', () => {
  const declared = readProjectConfigDeclarations();

  // Pulumi makes a declared key without a default required in every stack, so optional keys
  // without a default (the GCP project of an existing-cluster stack, say) stay undeclared.
  const shapes: Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }> =
    stackConfigSchema.shape;
  const optionalWithoutDefault = configKeys.filter((key) => {
    const unset = shapes[key]?.safeParse(undefined);
    return unset?.success === true && unset.data === undefined;
  });

  it('declares every key of the config schema that is required or has a default, and nothing else', () => {
    const expected = configKeys.filter((key) => !optionalWithoutDefault.includes(key));
    expect([...declared.keys()].sort()).toEqual(expected.sort());
    expect(optionalWithoutDefault).toEqual(expect.arrayContaining(['gcpProject', 'gitRepoUrl', 'kubeContext']));
  });

  it.each(configKeys)('declares the same default for %s as the schema', (key) => {
    const shape: Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }> =
      stackConfigSchema.shape;
    const schemaDefault = shape[key]?.safeParse(undefined);
    const yamlDefault = declared.get(key)?.default;
    if (yamlDefault === undefined) {
      // No default in Pulumi.yaml: the schema must not invent one either (the key is required or optional).
      expect(schemaDefault?.success === true ? schemaDefault.data : undefined).toBeUndefined();
    } else {
      expect(shape[key]?.safeParse(yamlDefault).data).toEqual(schemaDefault?.data);
    }
  });

  // Pulumi cannot declare an optional secret (a `secret: true` key is required in every stack, and a
  // default for it is refused), so the committed stack files are checked instead: a stack file lives
  // in Git, and a token or kubeconfig set without --secret would be there in plain text.
  it.each(['Pulumi.dev.yaml', 'Pulumi.ops.yaml', 'Pulumi.local.yaml'])(
    '%s holds its secrets encrypted only',
    (file) => {
      const document = parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')) as { config: Record<string, unknown> };
      const plain = secretKeys.filter((key) => {
        const value = document.config[`category-match:${key}`];
        return value !== undefined && !(typeof value === 'object' && value !== null && 'secure' in value);
      });
      expect(plain).toEqual([]);
    },
  );

  // Pulumi checks values against the declared type before the program runs.
  it.each(['Pulumi.yaml', 'Pulumi.dev.yaml', 'Pulumi.ops.yaml', 'Pulumi.local.yaml'])(
    '%s holds values of the declared types',
    (file) => {
      const document = parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')) as { config: Record<string, unknown> };
      const wrongTypes = Object.entries(document.config).flatMap(([rawKey, entry]) => {
        const key = rawKey.replace('category-match:', '');
        const type = declared.get(key)?.type;
        const value = file === 'Pulumi.yaml' ? (entry as { default?: unknown }).default : entry;
        if (
          value === undefined ||
          type === undefined ||
          (typeof value === 'object' && value !== null && 'secure' in value)
        ) {
          return [];
        }
        const matches =
          type === 'integer'
            ? Number.isInteger(value)
            : type === 'array'
              ? Array.isArray(value)
              : typeof value === type;
        return matches ? [] : [`${key}: ${JSON.stringify(value)} is not ${String(type)}`];
      });
      expect(wrongTypes).toEqual([]);
    },
  );

  // Pulumi refuses to run a stack that lacks a value for a typed key without a default
  // ("Stack 'dev' is missing configuration value ..."), before the program even starts.
  it.each(['dev', 'ops', 'local'] as const)('Pulumi.%s.yaml sets every key that has no default', (stack) => {
    const values = readStackConfig(stack);
    const required = [...declared].filter(([, declaration]) => declaration.default === undefined).map(([key]) => key);
    expect(required.filter((key) => values[key] === undefined)).toEqual([]);
  });

  it.each(['dev', 'ops', 'local'] as const)('Pulumi.%s.yaml is a valid config', (stack) => {
    expect(() => parseStackConfig(stack, readStackConfig(stack))).not.toThrow();
  });
});

describe('docs/gke.md', () => {
  const manual = fs.readFileSync(path.join(repoRoot, 'docs', 'gke.md'), 'utf8');

  it.each([...configKeys, ...secretKeys])('documents the config key %s in its table', (key) => {
    expect(manual).toContain(`| \`${key}\` |`);
  });
});
