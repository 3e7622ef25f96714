/**
 * Everything the application objects are built from: the stack's release (`stacks/<stack>/release.yaml`),
 * its config and the values derived from it. Plain data, so the builders are pure and the same
 * objects come out of `pulumi up` and of `npm run render`.
 */

/** Model API (KServe InferenceService) scaling and rollout. */
export interface ModelApiValues {
  /** Fewest pods of the transformer and the GPU predictor; 0 lets the GPU pool scale to zero. */
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly scaleMetric: 'concurrency' | 'rps';
  readonly scaleTarget: number;
  /** Requests a pod handles at once; 0 means no limit. */
  readonly containerConcurrency: number;
  /** Longest a request may take, cold GPU start included. */
  readonly timeoutSeconds: number;
  /** Share of traffic the newest model version gets; the previous ready version serves the rest. */
  readonly canaryTrafficPercent: number;
  /** GPUs of one predictor; 0 runs it on CPU with the CPU image, no GPU request and no GPU toleration. */
  readonly gpus: number;
  /** GKE accelerator type of the GPU pool (node label `cloud.google.com/gke-accelerator`); GKE only. */
  readonly gpuAcceleratorType?: string;
}

/** The Strimzi Kafka cluster as the worker and KEDA reach it. */
export interface KafkaValues {
  /** `<cluster>-kafka-bootstrap.<namespace>.svc:9093`, the TLS listener. */
  readonly bootstrap: string;
  /** Name of the Strimzi `Kafka`. */
  readonly clusterName: string;
  /** Secret in the app's namespace holding the CA certificate (`ca.crt`) of the TLS listener. */
  readonly caSecretName: string;
  /** Partitions of the input topic: the ceiling of worker replicas. */
  readonly partitions: number;
  readonly inputTopic: string;
  readonly outputTopic: string;
  readonly deadLetterTopic: string;
  readonly consumerGroup: string;
  /** KafkaUser (and password Secret) of the worker. */
  readonly workerUser: string;
  /** KafkaUser (and password Secret) KEDA reads consumer lag with. */
  readonly lagReaderUser: string;
}

/** The Kafka worker Deployment and its autoscaling. */
export interface WorkerValues {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Titles per inference request. */
  readonly maxBatchSize: number;
  /** Records per transaction at most, per input partition. */
  readonly transactionMaxRecords: number;
  /** Records a partition may hold in the worker before its next fetch waits. */
  readonly partitionBufferRecords: number;
  /** Longest a fetch waits on the broker for records. */
  readonly fetchMaxWaitMs: number;
  /** Results scored below this go out with `category: null` and the best guess; 0 never abstains. */
  readonly abstainBelowScore: number;
  readonly delivery: 'exactly-once' | 'at-least-once';
  /** Consumer lag per replica at which KEDA adds one. */
  readonly lagThreshold: number;
}

/** Namespaces of the platform add-ons the app's policies admit traffic from. */
export interface PlatformNamespaces {
  /** Istio control plane and gateways. */
  readonly istio: string;
  /** Knative Serving (activator, autoscaler). */
  readonly knativeServing: string;
  /** Prometheus scrapers. */
  readonly monitoring: string;
}

export interface AppValues {
  /** Pulumi stack (`dev`, `ops`). */
  readonly stack: string;
  /** Namespace of the model API and the worker. */
  readonly namespace: string;
  /** Labels every object carries. */
  readonly labels: Readonly<Record<string, string>>;
  readonly model: {
    /** Model and InferenceService name, e.g. `category-classifier`. */
    readonly name: string;
    readonly version: string;
    /** `<model store>/<name>/<version>`. */
    readonly storageUri: string;
    /** Kubernetes service account of the predictor (reads the model store). */
    readonly predictorServiceAccount: string;
  };
  readonly images: {
    /** Full reference of the model server's CPU image (transformer), e.g. `<registry>/model-server:0.1.0`. */
    readonly modelServer: string;
    /** The same server built on CUDA for the GPU predictor, e.g. `<registry>/model-server:0.1.0-cuda`. */
    readonly modelServerCuda: string;
    readonly worker: string;
  };
  readonly modelApi: ModelApiValues;
  readonly kafka: KafkaValues;
  readonly worker: WorkerValues;
  readonly platformNamespaces: PlatformNamespaces;
}

/** The shape every object the builders return has. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly finalizers?: string[];
  };
  readonly [field: string]: unknown;
}
