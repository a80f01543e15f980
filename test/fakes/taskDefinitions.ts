// In-memory ECS task definitions with the semantics the EcsTaskDefinitions adapter shows against moto
// (test/integration/aws/ecs.spec.ts): a revision per registration, ACTIVE → INACTIVE on deregister,
// tags kept beside the definition, listings ascending by revision, and DescribeTaskDefinition's
// read-only fields and container defaults filled in. A bare family describes its newest ACTIVE
// revision, as ECS documents (moto returns the newest of any status).
import type {
  AwsTags,
  DescribedTaskDefinition,
  RegisterTaskDefinitionInput,
  TaskDefinitions,
} from '../../src/aws/ports.js';
import { fromLowerKeyValueList } from '../../src/aws/tags.js';
import { awsRefusal, CallLog } from './callLog.js';

/** One registered revision. */
interface Revision {
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  /** The input as registered, without tags. */
  definition: Record<string, unknown>;
  tags: AwsTags;
}

/** Fields DescribeTaskDefinition fills in for a container the input left them out of (as moto does). */
const CONTAINER_DEFAULTS = {
  cpu: 0,
  essential: true,
  portMappings: [],
  environment: [],
  mountPoints: [],
  volumesFrom: [],
};

function clientException(operation: string, message: string): Error {
  return awsRefusal({ service: 'ecs', operation }, 'ClientException', message);
}

/** TaskDefinitions in memory, for one region. */
export class FakeTaskDefinitions implements TaskDefinitions {
  private readonly families = new Map<string, Revision[]>();

  constructor(
    private readonly scope: { region: string; accountId: string },
    readonly log: CallLog = new CallLog(),
  ) {}

  /** Every revision of `family` with its status and tags, oldest first, for assertions. Not recorded. */
  peek(family: string): readonly Readonly<Omit<Revision, 'definition'>>[] {
    return (this.families.get(family) ?? []).map(({ definition: _d, ...r }) => r);
  }

  async register(input: RegisterTaskDefinitionInput): Promise<{ arn: string; family: string; revision: number }> {
    await this.enter('RegisterTaskDefinition', input.family);
    checkInput(input);
    const { tags, ...definition } = input;
    const revisions = this.families.get(input.family) ?? [];
    const revision = (revisions.at(-1)?.revision ?? 0) + 1;
    revisions.push({
      family: input.family,
      revision,
      status: 'ACTIVE',
      definition: structuredClone(definition),
      tags: fromLowerKeyValueList(tags),
    });
    this.families.set(input.family, revisions);
    return { arn: this.arn(input.family, revision), family: input.family, revision };
  }

  async describe(taskDefinition: string): Promise<DescribedTaskDefinition | undefined> {
    await this.enter('DescribeTaskDefinition', taskDefinition);
    const r = this.lookup(taskDefinition);
    if (!r) return undefined;
    const arn = this.arn(r.family, r.revision);
    const containers = (r.definition.containerDefinitions as object[]).map((c) => ({ ...CONTAINER_DEFAULTS, ...c }));
    return {
      taskDefinition: {
        ...structuredClone(r.definition),
        containerDefinitions: structuredClone(containers),
        taskDefinitionArn: arn,
        revision: r.revision,
        status: r.status,
        compatibilities: ['EC2'],
        requiresAttributes: [],
      },
      arn,
      family: r.family,
      revision: r.revision,
      status: r.status,
      tags: { ...r.tags },
    };
  }

  async listArns(options: { familyPrefix: string; status: 'ACTIVE' | 'INACTIVE' }): Promise<string[]> {
    await this.enter('ListTaskDefinitions', options.familyPrefix);
    return (this.families.get(options.familyPrefix) ?? [])
      .filter((r) => r.status === options.status)
      .map((r) => this.arn(r.family, r.revision));
  }

  async deregister(taskDefinition: string): Promise<'deregistered' | 'not-found'> {
    await this.enter('DeregisterTaskDefinition', taskDefinition);
    if (!/:\d+$/.test(taskDefinition))
      throw clientException('DeregisterTaskDefinition', 'Revision is required: family:revision or a full ARN.');
    const r = this.lookup(taskDefinition);
    if (!r) return 'not-found';
    r.status = 'INACTIVE';
    return 'deregistered';
  }

  /** `family:revision`, a full ARN, or a bare family (its newest ACTIVE revision). */
  private lookup(taskDefinition: string): Revision | undefined {
    const name = taskDefinition.split('/').pop() ?? '';
    const [family = '', revision] = name.split(':');
    const revisions = this.families.get(family) ?? [];
    if (revision === undefined) return revisions.filter((r) => r.status === 'ACTIVE').at(-1);
    return revisions.find((r) => r.revision === Number(revision));
  }

  private arn(family: string, revision: number): string {
    return `arn:aws:ecs:${this.scope.region}:${this.scope.accountId}:task-definition/${family}:${revision}`;
  }

  private async enter(operation: string, subject: string): Promise<void> {
    await this.log.enter({ service: 'ecs', operation, subject, region: this.scope.region });
  }
}

/** What ECS (and moto) refuse as ClientException: a bad family, a container without name, image or memory. */
function checkInput(input: RegisterTaskDefinitionInput): void {
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(input.family))
    throw clientException('RegisterTaskDefinition', `Family name ${input.family} is not valid.`);
  const taskMemory = input.memory !== undefined;
  for (const c of input.containerDefinitions as Record<string, unknown>[]) {
    if (typeof c.name !== 'string' || typeof c.image !== 'string')
      throw clientException(
        'RegisterTaskDefinition',
        'Container.name and Container.image should not be null or empty.',
      );
    if (!taskMemory && c.memory === undefined && c.memoryReservation === undefined)
      throw clientException(
        'RegisterTaskDefinition',
        `Invalid setting for container '${c.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
      );
  }
}
