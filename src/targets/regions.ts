/**
 * AWS partitions and their regions, for validating the region inside a runtime ARN before any
 * request is made (a typo otherwise surfaces as a DNS failure or a misleading 404).
 */

/** A partition's DNS suffix and regions. */
export interface PartitionInfo {
  dnsSuffix: string;
  regions: readonly string[];
}

export const PARTITIONS: Readonly<Record<string, PartitionInfo>> = {
  aws: {
    dnsSuffix: 'amazonaws.com',
    regions: [
      'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
      'af-south-1',
      'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
      'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
      'ca-central-1', 'ca-west-1',
      'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1',
      'il-central-1', 'me-south-1', 'me-central-1', 'mx-central-1', 'sa-east-1',
    ],
  },
  'aws-cn': { dnsSuffix: 'amazonaws.com.cn', regions: ['cn-north-1', 'cn-northwest-1'] },
  'aws-us-gov': { dnsSuffix: 'amazonaws.com', regions: ['us-gov-west-1', 'us-gov-east-1'] },
};

/** The partition whose regions include `region`, if any. */
export function partitionOfRegion(region: string): string | undefined {
  return Object.entries(PARTITIONS).find(([, info]) => info.regions.includes(region))?.[0];
}
