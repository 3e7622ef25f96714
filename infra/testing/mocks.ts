import * as pulumi from '@pulumi/pulumi';

/** One resource the program registered, as the engine would have received it. */
export interface RecordedResource {
  /** Type token, e.g. `gcp:container/nodePool:NodePool` or `category-match:gcp:Network`. */
  readonly type: string;
  /** The resource's logical name. */
  readonly name: string;
  /** The inputs the program passed, with every `Output` resolved and secrets revealed. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Paths (`kubeconfig`, `spec.token`) of the inputs that were secret outputs. */
  readonly secretInputs: readonly string[];
  /** The provider reference (`urn::id`) for custom resources created with an explicit provider. */
  readonly provider?: string;
  /** False for component resources. */
  readonly custom: boolean;
}

/** A fixed, recognisable value a mocked cloud would compute for an output the program reads. */
const mockClusterCaCertificate = Buffer.from('mock-cluster-ca-certificate').toString('base64');

/** How the engine marks a secret value on the wire (`{ <sig>: <secret sig>, value }`). */
const signatureKey = '4dabf18193072939515e22adb298388d';
const secretSignature = '1b47061264138c4ac30d75fd1eb44270';

/** Replaces every secret-wrapped value by its plain value, collecting where secrets were. */
export function revealSecrets(value: unknown, secretPaths: string[], path = ''): unknown {
  if (Array.isArray(value)) return value.map((item, index) => revealSecrets(item, secretPaths, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record[signatureKey] === secretSignature) {
    secretPaths.push(path);
    return revealSecrets(record['value'], secretPaths, path);
  }
  return Object.fromEntries(
    Object.entries(record).map(([key, item]) => [
      key,
      revealSecrets(item, secretPaths, path === '' ? key : `${path}.${key}`),
    ]),
  );
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function stringInput(inputs: Record<string, unknown>, key: string, fallback: string): string {
  const value = inputs[key];
  return typeof value === 'string' ? value : fallback;
}

/**
 * Outputs the cloud computes that the program passes on (endpoints, e-mails, URLs). Only these
 * are added to the mock's state; assertions belong on the recorded inputs, never on this echo.
 */
export function computedOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const project = stringInput(inputs, 'project', 'mock-project');
  switch (type) {
    case 'gcp:container/cluster:Cluster':
      return {
        endpoint: '203.0.113.10',
        masterAuth: { ...asRecord(inputs['masterAuth']), clusterCaCertificate: mockClusterCaCertificate },
      };
    case 'gcp:serviceaccount/account:Account': {
      const accountId = stringInput(inputs, 'accountId', name);
      return {
        email: `${accountId}@${project}.iam.gserviceaccount.com`,
        member: `serviceAccount:${accountId}@${project}.iam.gserviceaccount.com`,
      };
    }
    case 'gcp:storage/bucket:Bucket':
      return { url: `gs://${stringInput(inputs, 'name', name)}` };
    case 'gcp:artifactregistry/repository:Repository': {
      const location = stringInput(inputs, 'location', 'mock-region');
      return { registryUri: `${location}-docker.pkg.dev/${project}/${stringInput(inputs, 'repositoryId', name)}` };
    }
    case 'gcp:compute/network:Network':
    case 'gcp:compute/subnetwork:Subnetwork':
    case 'gcp:compute/disk:Disk':
      return { selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/${name}` };
    default:
      return {};
  }
}

/**
 * Pulumi mocks that record every registered resource. Install with {@link setMocks} before the
 * module under test creates resources.
 */
export class ResourceRecorder implements pulumi.runtime.Mocks {
  readonly resources: RecordedResource[] = [];

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    const secretInputs: string[] = [];
    const inputs = asRecord(revealSecrets(args.inputs, secretInputs));
    this.resources.push({
      type: args.type,
      name: args.name,
      inputs,
      secretInputs,
      custom: args.custom !== false,
      ...(args.provider === undefined || args.provider === '' ? {} : { provider: args.provider }),
    });
    return {
      id: `${args.name}-id`,
      state: { ...asRecord(args.inputs), ...computedOutputs(args.type, args.name, inputs) },
    };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    throw new Error(`The program called ${args.token}; it should not need any data source lookups.`);
  }

  /** Every recorded resource of one type token. */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((resource) => resource.type === type);
  }

  /** The one resource with this type and name; throws naming what was recorded otherwise. */
  get(type: string, name: string): RecordedResource {
    const found = this.resources.find((resource) => resource.type === type && resource.name === name);
    if (found === undefined) {
      const names = this.ofType(type).map((resource) => resource.name);
      throw new Error(`No ${type} named "${name}" was registered; registered: ${names.join(', ') || 'none'}`);
    }
    return found;
  }
}

export interface MockOptions {
  /** Project name; defaults to the project in `Pulumi.yaml`. */
  readonly project?: string;
  /** Stack name returned by `pulumi.getStack()`. */
  readonly stack?: string;
  /** Simulate `pulumi preview` (unknown outputs stay unknown). */
  readonly preview?: boolean;
}

export const projectName = 'category-match';

/** Installs recording mocks for the Pulumi runtime and returns the recorder. */
export function setMocks(options: MockOptions = {}): ResourceRecorder {
  const recorder = new ResourceRecorder();
  void pulumi.runtime.setMocks(
    recorder,
    options.project ?? projectName,
    options.stack ?? 'dev',
    options.preview ?? false,
  );
  return recorder;
}

/** Resolves an `Output` (or plain value) to its value, for assertions on component outputs. */
export function unwrap<T>(value: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => {
    pulumi.output(value).apply((resolved) => {
      resolve(resolved as T);
      return resolved;
    });
  });
}

/** Waits until every resource registration the program started has reached the mocks. */
export async function settle(): Promise<void> {
  await pulumi.runtime.disconnect();
}
