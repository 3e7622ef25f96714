import path from 'node:path';
import { addonCrdFiles } from './addons';

describe('the add-on CRDs the local API server installs', () => {
  it('are every CRD file of the pinned add-ons in the reference data', () => {
    const files = addonCrdFiles().map(
      (file) => path.basename(path.dirname(path.dirname(file))) + '/' + path.basename(file),
    );
    expect(files).toEqual(
      expect.arrayContaining([
        'kserve-v0.20.0/serving.kserve.io_inferenceservices.yaml',
        'strimzi-1.2.0/040-Crd-kafka.yaml',
        'istio-1.30.3/crd-all.gen.yaml',
        'keda-v2.20.2/keda.sh_scaledobjects.yaml',
        'cert-manager-v1.21.1/cert-manager.io_certificates.yaml',
        'knative-operator-v1.23.0/operator.knative.dev_knativeservings.yaml',
        'argo-cd-10.1.1/application-crd.yaml',
      ]),
    );
    expect(new Set(files).size).toBe(files.length);
  });

  it('are none where the reference data is missing (the start then fails naming the folder)', () => {
    expect(addonCrdFiles(path.join(__dirname, 'no-such-reference'))).toEqual([]);
  });
});
