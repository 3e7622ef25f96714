import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addonCrdFiles } from './addons';

const relative = (file: string) => path.basename(path.dirname(path.dirname(file))) + '/' + path.basename(file);

/** A toolchain piece folder holding one CRD file, as the toolchain copies them out of a controller's module. */
function pieceWithCrd(name: string, file: string): string {
  const piece = path.join(mkdtempSync(path.join(os.tmpdir(), 'crd-piece-')), name);
  mkdirSync(path.join(piece, 'crds'), { recursive: true });
  writeFileSync(path.join(piece, 'crds', file), 'kind: CustomResourceDefinition\n');
  return piece;
}

describe('the add-on CRDs the local API server installs', () => {
  const pieces = [
    pieceWithCrd('kserve-v0.20.0-r1', 'serving.kserve.io_inferenceservices.yaml'),
    pieceWithCrd('keda-v2.20.2-r1', 'keda.sh_scaledobjects.yaml'),
  ];

  it("take the controllers' CRDs from their modules and the other add-ons' from the reference data", () => {
    const files = addonCrdFiles(pieces).map(relative);
    expect(files).toEqual(
      expect.arrayContaining([
        'kserve-v0.20.0-r1/serving.kserve.io_inferenceservices.yaml',
        'keda-v2.20.2-r1/keda.sh_scaledobjects.yaml',
        'strimzi-1.2.0/040-Crd-kafka.yaml',
        'istio-1.30.3/crd-all.gen.yaml',
        'knative-operator-v1.23.0/operator.knative.dev_knativeservings.yaml',
        'argo-cd-10.1.1/application-crd.yaml',
      ]),
    );
    expect(new Set(files).size).toBe(files.length);
  });

  it('never take a hand copy of a controller add-on CRD from the reference data', () => {
    const fromReference = addonCrdFiles([]).map(relative);
    expect(fromReference.filter((file) => /^(kserve|knative-serving|keda|cert-manager)-v/.test(file))).toEqual([]);
    expect(fromReference.length).toBeGreaterThan(0);
  });

  it("are only the modules' CRDs where the reference data is missing", () => {
    expect(addonCrdFiles(pieces, path.join(__dirname, 'no-such-reference')).map(relative)).toHaveLength(2);
  });
});
