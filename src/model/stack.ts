/** The server stacks the fingerprint can name (`server.stack.name` in the JSON report). */
export type StackName = 'python-sdk' | 'fastmcp' | 'typescript-sdk' | 'python' | 'node';

/** How projects deploy to AgentCore. */
export type Toolchain = 'agentcore-cli' | 'starter-toolkit' | 'cloudformation' | 'aws-cli';

/** The server's stack as far as the evidence shows (`server.stack` in the JSON report). */
export interface StackFingerprint {
  name: StackName;
  /** Version range of the library when the evidence narrows it, e.g. `>=1.26 <2`. */
  versionRange?: string;
  /** What showed it, one line per clue (a header, a wording, an import, a pin). */
  evidence: string[];
}
