import { howToLook } from '../../../devenv/sandbox/howToLook.js';

describe('what the sandbox prints once the operator runs', () => {
  const text = howToLook({ kubeconfigPath: '/work/.run/x/kubeconfig', awsEndpoint: 'http://127.0.0.1:41234' }, 20);

  it('points kubectl at the local apiserver', () => {
    expect(text).toContain('export KUBECONFIG=/work/.run/x/kubeconfig');
  });

  it('gives the AWS endpoint with its static test credentials, region and no instance metadata', () => {
    expect(text).toContain(
      'export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true',
    );
    expect(text).toContain(
      'aws --endpoint-url http://127.0.0.1:41234 ssm get-parameters-by-path --path /gmsa --recursive',
    );
    expect(text).toContain('account 123456789012');
  });

  it('says how to roll the example service onto a new revision and how long a rollout takes', () => {
    expect(text).toContain('kubectl apply -f examples/09-windows-service-rollout.yaml');
    expect(text).toContain('Progressing for about 20 s');
  });
});
