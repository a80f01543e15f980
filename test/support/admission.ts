// A ValidatingAdmissionPolicy that refuses chosen writes, for tests of how the operator reports a refusal.
import type { KubeHttp } from '../../src/kube/http.js';
import { eventually } from './kube.js';

const ADMISSION = '/apis/admissionregistration.k8s.io/v1';

export interface Refusal {
  /** Policy and binding name (cluster-scoped: make it unique per test). */
  name: string;
  resourceRules: { apiGroups: string[]; apiVersions: string[]; operations: string[]; resources: string[] }[];
  /** CEL on `object`: the write is refused when this is true. */
  refuseWhen: string;
  message: string;
  /** How the apiserver answers: `Invalid` (422, the default) or `Forbidden` (403). */
  reason?: 'Invalid' | 'Forbidden';
}

/**
 * Installs the policy and waits until `probe` (a dry-run write it should refuse) is refused: policies load
 * asynchronously. Returns the function that removes it.
 */
export async function refuseWrites(
  http: KubeHttp,
  refusal: Refusal,
  probe: () => Promise<unknown>,
): Promise<() => Promise<void>> {
  const { name } = refusal;
  await http.request({
    method: 'POST',
    path: `${ADMISSION}/validatingadmissionpolicies`,
    body: {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: refusal.resourceRules },
        validations: [
          { expression: `!(${refusal.refuseWhen})`, message: refusal.message, reason: refusal.reason ?? 'Invalid' },
        ],
      },
    },
  });
  await http.request({
    method: 'POST',
    path: `${ADMISSION}/validatingadmissionpolicybindings`,
    body: {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name },
      spec: { policyName: name, validationActions: ['Deny'] },
    },
  });
  await eventually(
    async () =>
      (
        await probe().then(
          () => 'allowed',
          (err: unknown) => String(err),
        )
      ).includes(refusal.message)
        ? true
        : undefined,
    30_000,
    `admission policy ${name} in force`,
  );
  return async () => {
    await http.request({ method: 'DELETE', path: `${ADMISSION}/validatingadmissionpolicybindings/${name}` });
    await http.request({ method: 'DELETE', path: `${ADMISSION}/validatingadmissionpolicies/${name}` });
  };
}
