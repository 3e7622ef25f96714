import * as gcp from '@pulumi/gcp';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

/** Claim predictors mount read-only; its name is the host part of `pvc://` storage URIs. */
export const modelStoreClaimName = 'model-store';
/** Claim the model publisher mounts read-write to copy a new version onto the disk. */
export const modelStoreWriterClaimName = 'model-store-writer';

/** Storage URI prefix of the disk store: its read-only claim. */
export const diskStoreUri = `pvc://${modelStoreClaimName}`;

/** Storage URI prefix of a bucket store. */
export function bucketUri(bucket: string): string {
  return `gs://${bucket}`;
}

interface ModelStoreCommonArgs {
  /** GCP project id. */
  project: string;
  /** Namespace of the inference service (claims are namespaced). */
  namespace: pulumi.Input<string>;
  /** Standard labels. */
  labels: Readonly<Record<string, string>>;
}

export interface DiskModelStoreArgs extends ModelStoreCommonArgs {
  kind: 'disk';
  /** Zone of the disk; a zonal disk attaches only to nodes in that zone. */
  zone: string;
  /** Disk name. */
  diskName: string;
  /** Size in GiB (the seed's disk is 10). */
  sizeGb: number;
  /** The node pools that may attach the disk: it is created after and deleted after them. */
  nodePools: pulumi.Resource[];
}

export interface BucketModelStoreArgs extends ModelStoreCommonArgs {
  kind: 'gcs';
  /** Region of the bucket. */
  region: string;
  /**
   * `pulumi destroy` deletes the bucket with every object and version (force-destroy); false makes
   * destroy fail while the bucket holds objects, rather than lose published models.
   */
  deleteOnDestroy: boolean;
  /** Globally unique bucket name. */
  bucketName: string;
  /** `serviceAccount:` member of the predictor: reads objects. */
  predictorMember: pulumi.Input<string>;
  /** `serviceAccount:` member of the publisher: writes objects. */
  publisherMember: pulumi.Input<string>;
}

export type ModelStoreArgs = DiskModelStoreArgs | BucketModelStoreArgs;

/** Where one model version lives: `<base>/<model>/<version>`, the InferenceService `storageUri`. */
export function modelStorageUri(base: string, model: string, version: string): string {
  for (const [what, part] of [
    ['model', model],
    ['version', version],
  ] as const) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(part)) throw new Error(`Invalid ${what} "${part}" for a storage URI`);
  }
  return `${base.replace(/\/+$/, '')}/${model}/${version}`;
}

/** The CSI volume handle of a zonal persistent disk. */
export function diskVolumeHandle(project: string, zone: string, diskName: string): string {
  return `projects/${project}/zones/${zone}/disks/${diskName}`;
}

/** A PersistentVolume over the model disk; several may point at one disk with different access modes. */
export function diskPersistentVolumeSpec(args: {
  volumeHandle: string;
  zone: string;
  sizeGb: number;
  readOnly: boolean;
  claimName: string;
  namespace: string;
}) {
  return {
    capacity: { storage: `${args.sizeGb}Gi` },
    // A persistent disk attaches to many nodes only read-only; the writer mounts it alone.
    accessModes: [args.readOnly ? 'ReadOnlyMany' : 'ReadWriteOnce'],
    persistentVolumeReclaimPolicy: 'Retain',
    // No storage class and a writable volume are the API's zero values: the server drops `storageClassName: ""` and
    // `readOnly: false`, so declaring them would read back as drift forever.
    claimRef: { name: args.claimName, namespace: args.namespace },
    csi: {
      driver: 'pd.csi.storage.gke.io',
      volumeHandle: args.volumeHandle,
      fsType: 'ext4',
      ...(args.readOnly ? { readOnly: true } : {}),
    },
    nodeAffinity: {
      required: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'topology.gke.io/zone', operator: 'In', values: [args.zone] }] },
        ],
      },
    },
  };
}

/**
 * The model store: the cloud disk as read-only-many volume (`pvc://model-store/...`), or a
 * versioned bucket read through Workload Identity (`gs://<bucket>/...`).
 */
export class ModelStore extends pulumi.ComponentResource {
  /** Storage URI prefix; append `/<model>/<version>`. */
  readonly baseUri: pulumi.Output<string>;
  readonly disk?: gcp.compute.Disk;
  readonly bucket?: gcp.storage.Bucket;
  /** The claim predictors mount (disk store only). */
  readonly readerClaim?: k8s.core.v1.PersistentVolumeClaim;

  constructor(name: string, args: ModelStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super('category-match:gcp:ModelStore', name, {}, opts);
    if (args.kind === 'disk') {
      const disk = new gcp.compute.Disk(
        `${name}-disk`,
        {
          project: args.project,
          name: args.diskName,
          zone: args.zone,
          size: args.sizeGb,
          type: 'pd-balanced',
          labels: { ...args.labels },
        },
        // GCP refuses to delete an attached disk; deleting it after the nodes means it never is.
        { parent: this, dependsOn: args.nodePools },
      );
      const claims = [
        { role: 'reader', claimName: modelStoreClaimName, readOnly: true },
        { role: 'writer', claimName: modelStoreWriterClaimName, readOnly: false },
      ];
      const created = claims.map(({ role, claimName, readOnly }) => {
        const volume = new k8s.core.v1.PersistentVolume(
          `${name}-${role}-pv`,
          {
            metadata: { name: `${args.diskName}-${role}` },
            spec: pulumi.output(args.namespace).apply((namespace) =>
              diskPersistentVolumeSpec({
                volumeHandle: diskVolumeHandle(args.project, args.zone, args.diskName),
                zone: args.zone,
                sizeGb: args.sizeGb,
                readOnly,
                claimName,
                namespace,
              }),
            ),
          },
          { parent: this, dependsOn: [disk] },
        );
        return new k8s.core.v1.PersistentVolumeClaim(
          `${name}-${role}-pvc`,
          {
            metadata: { name: claimName, namespace: args.namespace },
            spec: {
              accessModes: [readOnly ? 'ReadOnlyMany' : 'ReadWriteOnce'],
              storageClassName: '',
              volumeName: volume.metadata.name,
              resources: { requests: { storage: `${args.sizeGb}Gi` } },
            },
          },
          // Pre-bound both ways (claimRef and volumeName) so no other claim can take the disk's volume.
          { parent: this, dependsOn: [volume] },
        );
      });
      this.disk = disk;
      this.readerClaim = created[0];
      this.baseUri = pulumi.output(diskStoreUri);
    } else {
      const bucket = new gcp.storage.Bucket(
        `${name}-bucket`,
        {
          project: args.project,
          name: args.bucketName,
          location: args.region.toUpperCase(),
          uniformBucketLevelAccess: true,
          publicAccessPrevention: 'enforced',
          // Every published version stays recoverable if overwritten or deleted by mistake.
          versioning: { enabled: true },
          forceDestroy: args.deleteOnDestroy,
          labels: { ...args.labels },
        },
        { parent: this },
      );
      new gcp.storage.BucketIAMMember(
        `${name}-predictor-read`,
        { bucket: bucket.name, role: 'roles/storage.objectViewer', member: args.predictorMember },
        { parent: this },
      );
      new gcp.storage.BucketIAMMember(
        `${name}-publisher-write`,
        { bucket: bucket.name, role: 'roles/storage.objectAdmin', member: args.publisherMember },
        { parent: this },
      );
      this.bucket = bucket;
      this.baseUri = bucket.name.apply(bucketUri);
    }
    this.registerOutputs({ baseUri: this.baseUri });
  }
}
