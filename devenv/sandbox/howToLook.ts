// What the sandbox prints once the operator runs: how to look with kubectl and with the AWS CLI.
import { awsClientConfig, MOTO_ACCOUNT_ID, TEST_REGION } from '../awsClients.js';

/** How to look at what the operator did: kubectl for the cluster, the AWS CLI for the endpoint. */
export function howToLook(env: { kubeconfigPath: string; awsEndpoint: string }, rolloutSeconds: number): string {
  const aws = awsClientConfig({ awsEndpoint: env.awsEndpoint, region: TEST_REGION }).credentials;
  return [
    '[sandbox] point kubectl at it:',
    `  export KUBECONFIG=${env.kubeconfigPath}`,
    '  kubectl get gmsa -A',
    `[sandbox] the AWS endpoint (moto, account ${MOTO_ACCOUNT_ID}) with its static test credentials:`,
    `  export AWS_ACCESS_KEY_ID=${aws.accessKeyId} AWS_SECRET_ACCESS_KEY=${aws.secretAccessKey} AWS_DEFAULT_REGION=${TEST_REGION} AWS_EC2_METADATA_DISABLED=true`,
    `  aws --endpoint-url ${env.awsEndpoint} ssm get-parameters-by-path --path /gmsa --recursive`,
    `  aws --endpoint-url ${env.awsEndpoint} ecs list-task-definitions`,
    `  aws --endpoint-url ${env.awsEndpoint} ecs describe-services --cluster gmsa-examples --services gmsa-examples_orders`,
    '[sandbox] roll a service onto a new revision: edit the image of examples/09-windows-service-rollout.yaml, then',
    '  kubectl apply -f examples/09-windows-service-rollout.yaml',
    `  (one UpdateService; the task is Progressing for about ${rolloutSeconds} s while ECS "rolls out", then Ready)`,
    '[sandbox] Active Directory (Samba AD DC, domain corp.example.com) for the spec.directory examples:',
    '  kubectl -n gmsa-examples get gcs -o custom-columns=NAME:.metadata.name,VERIFIED:\'.status.conditions[?(@.type=="DirectoryVerified")].reason\',SID:.status.domain.sid',
    '[sandbox] Ctrl-C stops everything',
  ].join('\n');
}
