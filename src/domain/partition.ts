// AWS partition of a region: decides the `arn:<partition>:` prefix.

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** The partition a region belongs to (cn-* → aws-cn, us-gov-* → aws-us-gov, else aws). */
export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
