import type { Simulation } from './types.js';

/**
 * Seeded teardowns for `mcp-doctor teardown`: one deployment made with the common recipe (a
 * runtime with a JWT authorizer on the simulation's user pool, an ECR repository, a CodeBuild
 * project, an execution role, a pre-token Lambda with its role and trigger, log groups, a stack),
 * then torn down to a chosen point. The project files that name it are returned as text, so a test
 * or `demo` can lay them in a folder.
 */

/** The seeded states. */
export type TeardownScenarioName = 'not-started' | 'clean' | 'half-finished' | 'dangling-trigger' | 'stack-delete-failed';

/** The scenarios with one line each, for `demo --list` and the docs. */
export const TEARDOWN_SCENARIOS: Readonly<Record<TeardownScenarioName, string>> = {
  'not-started': 'Nothing removed yet: the runtime, its stack (drifted) and everything it created are live',
  clean: 'Everything removed: nothing is left',
  'half-finished': 'The runtime was deleted in the console; the repository, roles, build project, log groups, Lambda and trigger remain',
  'dangling-trigger': 'The pre-token Lambda was deleted before its trigger: every sign-in fails',
  'stack-delete-failed': 'The stack is stuck in DELETE_FAILED on a non-empty ECR repository',
};

/** The names of the seeded deployment, and the project files that record it. */
export interface SeededDeployment {
  agent: string;
  runtimeArn: string;
  runtimeId: string;
  repository: string;
  executionRole: string;
  codeBuildProject: string;
  codeBuildRole: string;
  lambdaFunction: string;
  lambdaRole: string;
  stackName: string;
  userPoolId: string;
  /** `.bedrock_agentcore.yaml` (starter toolkit) naming this deployment. */
  starterToolkitYaml: string;
}

/** Seeds `scenario` into a running simulation. */
export function seedTeardownScenario(sim: Simulation, scenario: TeardownScenarioName): SeededDeployment {
  const agent = 'mcp_teardown';
  const repository = `bedrock_agentcore-${agent}`;
  const executionRole = `AmazonBedrockAgentCoreSDKRuntime-${sim.region}-teardown`;
  const codeBuildProject = `bedrock-agentcore-${agent}-builder`;
  const codeBuildRole = `AmazonBedrockAgentCoreSDKCodeBuild-${sim.region}-teardown`;
  const lambdaFunction = 'mcp-pre-token-generation';
  const lambdaRole = 'mcp-pre-token-generation-role';
  const stackName = 'mcp-teardown-auth';
  const lambdaArn = `arn:aws:lambda:${sim.region}:${sim.accountId}:function:${lambdaFunction}`;
  const registered = sim.addRuntime({
    name: agent,
    roleArn: `arn:aws:iam::${sim.accountId}:role/${executionRole}`,
    containerUri: `${sim.accountId}.dkr.ecr.${sim.region}.amazonaws.com/${repository}:latest`,
    customJWTAuthorizer: { discoveryUrl: sim.issuer.discoveryUrl, allowedClients: [sim.issuer.client.clientId] },
  });
  const r = sim.resources;
  const images = [1, 2, 3].map((n) => ({ digest: `sha256:${String(n).repeat(64)}`, tags: [`v${n}`], sizeBytes: 180 * 1024 * 1024 }));
  const runtimeLogGroup = { name: `/aws/bedrock-agentcore/runtimes/${registered.runtimeId}-DEFAULT`, storedBytes: 52 * 1024 * 1024 };
  const lambdaLogGroup = { name: `/aws/lambda/${lambdaFunction}`, storedBytes: 2 * 1024 * 1024, retentionInDays: 14 };
  const lambdaRecord = { name: lambdaFunction, roleArn: `arn:aws:iam::${sim.accountId}:role/${lambdaRole}` };
  const hook = { version: 'V2_0' as const, claimsToAddOrOverride: { tenant: 'acme' }, lambdaArn };

  // Every scenario starts from an account holding only this deployment.
  r.ecrRepositories.length = 0;
  r.iamRoles.length = 0;
  r.codeBuildProjects.length = 0;
  r.lambdaFunctions.length = 0;
  r.logGroups.length = 0;
  r.stacks.length = 0;
  sim.issuer.setPreTokenHook(undefined);

  const leftovers = (): void => {
    r.ecrRepositories.push({ name: repository, images });
    r.iamRoles.push(
      { name: executionRole, trustedServices: ['bedrock-agentcore.amazonaws.com'], attachedPolicyArns: [`arn:aws:iam::${sim.accountId}:policy/BedrockAgentCoreRuntimeExecution-teardown`], inlinePolicyNames: ['ecr-pull'] },
      { name: codeBuildRole, trustedServices: ['codebuild.amazonaws.com'], inlinePolicyNames: ['build'] },
      { name: lambdaRole, trustedServices: ['lambda.amazonaws.com'], attachedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'] },
    );
    r.codeBuildProjects.push({ name: codeBuildProject, serviceRoleArn: `arn:aws:iam::${sim.accountId}:role/${codeBuildRole}` });
    r.lambdaFunctions.push(lambdaRecord);
    r.logGroups.push(runtimeLogGroup, lambdaLogGroup);
    sim.issuer.setPreTokenHook(hook);
  };

  if (scenario === 'clean') {
    sim.removeRuntime(registered.arn);
  } else if (scenario === 'not-started') {
    leftovers();
    r.stacks.push({
      name: stackName,
      status: 'UPDATE_COMPLETE',
      driftStatus: 'DRIFTED',
      resources: [
        { logicalId: 'PreTokenFunction', physicalId: lambdaFunction, type: 'AWS::Lambda::Function', status: 'UPDATE_COMPLETE' },
        { logicalId: 'PreTokenRole', physicalId: lambdaRole, type: 'AWS::IAM::Role', status: 'CREATE_COMPLETE' },
      ],
    });
  } else if (scenario === 'half-finished') {
    sim.removeRuntime(registered.arn);
    leftovers();
  } else if (scenario === 'dangling-trigger') {
    sim.removeRuntime(registered.arn);
    // The function and its role went first; the trigger still names the function.
    sim.issuer.setPreTokenHook(hook);
  } else {
    sim.removeRuntime(registered.arn);
    r.ecrRepositories.push({ name: repository, images });
    r.stacks.push({
      name: stackName,
      status: 'DELETE_FAILED',
      statusReason: 'The following resource(s) failed to delete: [Repository]. ',
      resources: [
        { logicalId: 'Repository', physicalId: repository, type: 'AWS::ECR::Repository', status: 'DELETE_FAILED' },
        { logicalId: 'PreTokenFunction', physicalId: lambdaFunction, type: 'AWS::Lambda::Function', status: 'DELETE_COMPLETE' },
      ],
    });
  }

  const starterToolkitYaml = [
    `default_agent: ${agent}`,
    'agents:',
    `  ${agent}:`,
    `    name: ${agent}`,
    '    entrypoint: main.py',
    '    platform: linux/arm64',
    '    aws:',
    `      execution_role: arn:aws:iam::${sim.accountId}:role/${executionRole}`,
    `      account: '${sim.accountId}'`,
    `      region: ${sim.region}`,
    `      ecr_repository: ${sim.accountId}.dkr.ecr.${sim.region}.amazonaws.com/${repository}`,
    '      protocol_configuration:',
    '        server_protocol: MCP',
    // The starter toolkit's destroy clears the deployed ARN: a clean teardown leaves none.
    ...(scenario === 'clean' ? [] : ['    bedrock_agentcore:', `      agent_id: ${registered.runtimeId}`, `      agent_arn: ${registered.arn}`]),
    '    codebuild:',
    `      project_name: ${codeBuildProject}`,
    `      execution_role: arn:aws:iam::${sim.accountId}:role/${codeBuildRole}`,
    '    authorizer_configuration:',
    '      customJWTAuthorizer:',
    `        discoveryUrl: ${sim.issuer.discoveryUrl}`,
    '        allowedClients:',
    `          - ${sim.issuer.client.clientId}`,
    '',
  ].join('\n');
  return {
    agent,
    runtimeArn: registered.arn,
    runtimeId: registered.runtimeId,
    repository,
    executionRole,
    codeBuildProject,
    codeBuildRole,
    lambdaFunction,
    lambdaRole,
    stackName,
    userPoolId: sim.issuer.userPoolId,
    starterToolkitYaml,
  };
}
