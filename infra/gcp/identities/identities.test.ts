import { workloadIdentityAnnotation, workloadIdentityMember } from './identities';

describe('Workload Identity', () => {
  it('names the Kubernetes service account by project pool, namespace and name', () => {
    expect(workloadIdentityMember('my-project', 'category-match', 'model-predictor')).toBe(
      'serviceAccount:my-project.svc.id.goog[category-match/model-predictor]',
    );
  });

  it('annotates the Kubernetes service account with the GCP service account it acts as', () => {
    expect(workloadIdentityAnnotation('p@x.iam.gserviceaccount.com')).toEqual({
      'iam.gke.io/gcp-service-account': 'p@x.iam.gserviceaccount.com',
    });
  });
});
