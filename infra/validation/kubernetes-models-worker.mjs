// Worker thread that validates objects with the `kubernetes-models` packages. Those packages are
// ES modules only, which a CommonJS test runner cannot load in its own module system; a worker
// thread loads them with Node's own loader, and `kubernetes-models.ts` calls it synchronously.
import { parentPort, workerData } from 'node:worker_threads';

/** npm package that carries the models of an API group. */
function packageOf(group) {
  if (group.endsWith('istio.io')) return '@kubernetes-models/istio';
  if (group.endsWith('cert-manager.io')) return '@kubernetes-models/cert-manager';
  if (group.endsWith('knative.dev')) return '@kubernetes-models/knative';
  if (group === 'argoproj.io') return '@kubernetes-models/argo-cd';
  if (group.endsWith('keda.sh')) return '@kubernetes-models/keda';
  if (group === '' || !group.includes('.') || group.endsWith('.k8s.io')) return 'kubernetes-models';
  return undefined;
}

const models = new Map();

async function loadModel(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!models.has(key)) {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const pkg = packageOf(group);
    let model;
    if (pkg !== undefined && /^[A-Za-z0-9.-]+$/.test(`${group}${version}${kind}`)) {
      try {
        const module = await import(`${pkg}/${group === '' ? '' : `${group}/`}${version}/${kind}`);
        model = module[kind];
      } catch {
        model = undefined;
      }
    }
    models.set(key, model);
  }
  return models.get(key);
}

/** One JSON pointer segment (RFC 6901). */
const segment = (key) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Wraps an object so that every property the schema's validator reads is recorded under its
 * JSON pointer. A generated validator reads each property its schema declares (and every key of
 * a map), so a property it never read is one the schema does not know.
 */
function tracked(value, pointer, reads) {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== 'string') return child;
      const childPointer = `${pointer}/${segment(key)}`;
      reads.add(pointer);
      reads.add(childPointer);
      return tracked(child, childPointer, reads);
    },
  });
}

/** Keys of objects the validator looked into but never read: misspelt or unknown fields. */
function unknownFields(value, pointer, reads) {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  return entries.flatMap(([key, child]) => {
    const childPointer = `${pointer}/${segment(key)}`;
    // Objects the validator never looked into (free-form fields) are not judged.
    const unread = !Array.isArray(value) && reads.has(pointer) && !reads.has(childPointer);
    return unread ? [`${pointer || '/'}: unknown field "${key}"`] : unknownFields(child, childPointer, reads);
  });
}

/** Returns `{ known: false }` when no model exists for the kind, else `{ known: true, errors }`. */
async function validate(object) {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return { known: false, errors: [] };
  const Model = await loadModel(apiVersion, kind);
  if (typeof Model !== 'function') return { known: false, errors: [] };
  const reads = new Set();
  let errors = [];
  try {
    // The prototype's `validate` runs the generated validator on `this`, here the tracking proxy.
    Model.prototype.validate.call(tracked(object, '', reads));
  } catch (error) {
    const details = Array.isArray(error?.errors) ? error.errors : [];
    errors =
      details.length > 0
        ? details.map((detail) => `${detail.instancePath || '/'}: ${detail.message ?? detail.keyword}`)
        : [String(error?.message ?? error)];
  }
  // `metadata` is checked on its own, for every kind.
  const unknown = unknownFields(object, '', reads).filter((problem) => !problem.startsWith('/metadata'));
  return { known: true, errors: [...errors, ...unknown] };
}

const { port, signal } = workerData;
const flag = new Int32Array(signal);

port.on('message', async (object) => {
  let result;
  try {
    result = await validate(object);
  } catch (error) {
    result = { known: true, errors: [`validator failed: ${String(error?.message ?? error)}`] };
  }
  port.postMessage(result);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});

parentPort?.postMessage('ready');
