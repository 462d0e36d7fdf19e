import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { cronProblem } from './cron';

/** The file every application keeps at the root of its repository. */
export const PIPELINE_SPEC_FILE = '.slipway.yml';

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

const durationSchema = z
  .union([z.number().int().positive(), z.string().regex(DURATION, 'a duration such as 30s, 5m, 1h or 2d')])
  .transform((value) => {
    if (typeof value === 'number') return value * 1000;
    const [, amount, unit] = DURATION.exec(value) ?? [];
    return Number(amount) * DURATION_UNITS_MS[unit as keyof typeof DURATION_UNITS_MS];
  });

const stepName = z
  .string()
  .regex(NAME, 'a lowercase name of letters, digits and dashes')
  .describe('Unique within the environment.');
const httpUrl = z.string().refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), {
  message: 'an http:// or https:// URL',
});
const statusCodes = z
  .array(z.number().int().min(100).max(599))
  .min(1, 'at least one status code')
  .describe('Statuses that count as success.');

const secretName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a secret name of letters, digits and underscores');

const shellStepSchema = z.strictObject({
  name: stepName,
  type: z.literal('shell').describe('Commands run with bash on the runner host (the default type).'),
  run: z.string().min(1, 'a command to run').describe('Commands run in a clean export of the commit.'),
  rollback: z
    .string()
    .min(1, 'a command that undoes the step')
    .optional()
    .describe('Undoes the step; run newest first when a later step fails or the deployment is cancelled.'),
  timeout: durationSchema
    .default(600_000)
    .describe('Seconds, or a duration such as 30s, 5m, 1h (default 10m).'),
  retries: z.number().int().min(0).max(10).default(0).describe('Extra attempts when the command fails.'),
});

/** One call to a URL: the `http` step's own, and the one that undoes it. */
const httpCallFields = {
  url: httpUrl,
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  expectStatus: statusCodes.default([200, 201, 202, 204]),
};

const httpStepSchema = z.strictObject({
  name: stepName,
  type: z.literal('http').describe('Calls a URL, such as a PaaS deploy hook.'),
  ...httpCallFields,
  rollback: z
    .strictObject(httpCallFields)
    .optional()
    .describe('A call that undoes this one (such as the PaaS rollback hook), made when a later step fails.'),
  timeout: durationSchema.default(30_000).describe('How long one call may take (default 30s).'),
  retries: z.number().int().min(0).max(10).default(0).describe('Extra attempts when the call fails.'),
});

const healthStepSchema = z.strictObject({
  name: stepName,
  type: z.literal('health').describe('Probes a URL until it answers well several times in a row.'),
  url: httpUrl,
  expectStatus: statusCodes.default([200]),
  successes: z.number().int().min(1).max(100).default(3).describe('Consecutive good answers needed.'),
  interval: durationSchema.default(1000).describe('Time between probes (default 1s).'),
  timeout: durationSchema.default(60_000).describe('Give up, and roll back, after this long (default 60s).'),
});

const relativePath = z
  .string()
  .min(1)
  .refine((value) => !value.startsWith('/') && !value.split('/').includes('..'), {
    message: 'expected a path inside the repository (relative, without ..)',
  });
const absolutePath = z
  .string()
  .refine((value) => value.startsWith('/'), { message: 'expected an absolute path' });

const releaseStepSchema = z.strictObject({
  name: stepName,
  type: z
    .literal('release')
    .describe(
      'Unpacks the build artifact into <path>/releases/<id>, switches <path>/current to it and runs `start`; ' +
        'undone by switching back to the previous release and starting it again.',
    ),
  path: absolutePath
    .optional()
    .describe('Directory on the runner host that holds releases/ and current (default $SLIPWAY_TARGET_DIR).'),
  start: z
    .string()
    .min(1, 'a command that (re)starts the application')
    .describe('Run in the release directory once current points at it.'),
  keep: z
    .number()
    .int()
    .min(2)
    .max(100)
    .default(5)
    .describe('Releases kept on disk, the current one included.'),
  timeout: durationSchema.default(300_000).describe('How long unpacking and starting may take (default 5m).'),
});

const sshHost = z
  .string()
  .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'a host name or address, optionally with :port');

const sshStepSchema = z.strictObject({
  name: stepName,
  type: z.literal('ssh').describe('Commands run on remote hosts over SSH, a batch of hosts at a time.'),
  hosts: z.array(sshHost).min(1, 'at least one host'),
  user: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]*$/, 'a user name')
    .describe('The remote user.'),
  identity: secretName
    .optional()
    .describe("The secret holding the private key (default: the runner user's own keys)."),
  batch: z
    .number()
    .int()
    .min(1)
    .default(1)
    .describe('Hosts deployed at once; the next batch starts when it succeeds.'),
  run: z.string().min(1, 'a command to run'),
  rollback: z.string().min(1, 'a command that undoes the step').optional(),
  timeout: durationSchema.default(600_000).describe('How long one host may take (default 10m).'),
});

const waitStepSchema = z.strictObject({
  name: stepName,
  type: z.literal('wait').describe('Soak time: the deployment waits (durably) before the next step.'),
  duration: durationSchema,
});

/** A step without `type` is a shell step. */
const stepSchema = z.preprocess(
  (value) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) && !('type' in value)
      ? { ...value, type: 'shell' }
      : value,
  z.discriminatedUnion('type', [
    shellStepSchema,
    releaseStepSchema,
    sshStepSchema,
    httpStepSchema,
    healthStepSchema,
    waitStepSchema,
  ]),
);

const VARIABLE_NAME = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an UPPER_CASE variable name');
const variablesSchema = z.record(
  VARIABLE_NAME,
  z.union([z.string(), z.number(), z.boolean()]).transform(String),
);

const environmentName = z.string().regex(NAME, 'a lowercase name of letters, digits and dashes');
/** Glob over branch or tag names: `*` matches within a path segment, `**` across segments. */
const refPattern = z
  .string()
  .min(1)
  .regex(/^[^\s]+$/, 'a branch or tag pattern such as main or release/*');

const approvalSchema = z.strictObject({
  roles: z
    .array(z.string().regex(NAME, 'a role name'))
    .min(1, 'at least one role')
    .default(['admin'])
    .describe('Any of these roles may approve (default admin).'),
  approvers: z.number().int().min(1).max(10).default(1).describe('Distinct people who must approve.'),
  timeout: durationSchema
    .default(86_400_000)
    .describe('Unapproved deployments expire after this (default 24h).'),
  allowSelfApproval: z
    .boolean()
    .default(false)
    .describe('Whether the person who asked for the deployment may approve it.'),
});

const ciSchema = z.strictObject({
  required: z.boolean().describe("Whether the commit's CI must be green before anything deploys here."),
  timeout: durationSchema
    .default(3_600_000)
    .describe('The deployment fails when CI has not finished after this (default 1h).'),
  checks: z
    .array(z.string().min(1, 'a check name'))
    .min(1, 'at least one check name')
    .optional()
    .describe(
      'Only these check runs, statuses or jobs must pass (default: every one reported for the commit).',
    ),
});

const freezeSchema = z.strictObject({
  name: z.string().min(1).describe('Shown to people whose deployment it blocks.'),
  cron: z
    .string()
    .superRefine((value, ctx) => {
      const problem = cronProblem(value);
      if (problem !== null) {
        ctx.addIssue({
          code: 'custom',
          message: `not a cron expression (minute hour day month weekday): ${problem}`,
        });
      }
    })
    .describe('When the freeze starts (UTC), as minute hour day-of-month month day-of-week.'),
  duration: durationSchema.describe('How long each freeze lasts, such as 2d or 64h.'),
});

const environmentSchema = z.strictObject({
  name: environmentName.describe('Such as production.'),
  auto: z
    .strictObject({
      branches: z.array(refPattern).default([]),
      tags: z.array(refPattern).default([]),
    })
    .optional()
    .describe('A push to a matching branch or tag deploys here by itself.'),
  after: environmentName
    .optional()
    .describe('Promote here automatically once the named (earlier) environment succeeded.'),
  approval: approvalSchema.optional().describe('People who must approve before the steps run.'),
  ci: ciSchema
    .optional()
    .describe("The commit's CI (GitHub checks and statuses, or the GitLab pipeline) that must pass first."),
  freeze: z.array(freezeSchema).default([]).describe('Windows in which nothing deploys without an override.'),
  concurrency: z
    .enum(['queue', 'supersede'])
    .default('queue')
    .describe('queue: deployments wait their turn; supersede: a newer one replaces those still waiting.'),
  url: httpUrl
    .optional()
    .describe('Where the environment can be visited; shown on GitHub and GitLab beside each deployment.'),
  variables: variablesSchema.default({}).describe('Passed to every step as environment variables.'),
  secrets: z
    .record(VARIABLE_NAME, secretName)
    .default({})
    .describe("Variable name → secret name; values come from the runner's secret store, never from git."),
  steps: z.array(stepSchema).min(1, 'at least one step').describe('Run in order.'),
});

const buildSchema = z.strictObject({
  steps: z
    .array(
      z.strictObject({
        name: stepName,
        run: z.string().min(1, 'a command to run'),
        timeout: durationSchema.default(1_800_000).describe('Default 30m.'),
      }),
    )
    .default([])
    .describe('Run once per commit, in order, in a clean checkout.'),
  artifact: z
    .array(relativePath)
    .min(1, 'at least one path')
    .optional()
    .describe('Paths packed into the artifact (default: the whole checkout).'),
});

export const pipelineSpecSchema = z
  .strictObject({
    version: z.literal(1),
    build: buildSchema.default({ steps: [] }).describe('How the artifact every environment deploys is made.'),
    environments: z.array(environmentSchema).min(1, 'at least one environment'),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.environments.forEach((environment, index) => {
      if (seen.has(environment.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['environments', index, 'name'],
          message: `environment "${environment.name}" is declared twice`,
        });
      }
      if (environment.after !== undefined && !seen.has(environment.after)) {
        ctx.addIssue({
          code: 'custom',
          path: ['environments', index, 'after'],
          message: `"${environment.after}" must be an environment declared before ${environment.name}`,
        });
      }
      seen.add(environment.name);
      const steps = new Set<string>();
      environment.steps.forEach((step, stepIndex) => {
        if (steps.has(step.name)) {
          ctx.addIssue({
            code: 'custom',
            path: ['environments', index, 'steps', stepIndex, 'name'],
            message: `step "${step.name}" is declared twice in ${environment.name}`,
          });
        }
        steps.add(step.name);
      });
    });
  });

export type PipelineSpec = z.output<typeof pipelineSpecSchema>;

type JsonObject = Record<string, unknown>;

/** The same rules as JSON Schema, so editors can check a .slipway.yml as it is typed. */
export function pipelineSpecJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(pipelineSpecSchema, { io: 'input', unrepresentable: 'any' });
  // The parser treats a step without `type` as a shell step; say the same to editors.
  const steps = (schema.properties?.environments as JsonObject | undefined)?.items as JsonObject | undefined;
  const variants = ((steps?.properties as JsonObject | undefined)?.steps as JsonObject | undefined)?.items as
    { oneOf?: Array<{ properties?: { type?: { const?: unknown } }; required?: string[] }> } | undefined;
  for (const variant of variants?.oneOf ?? []) {
    if (variant.properties?.type?.const === 'shell') {
      variant.required = variant.required?.filter((key) => key !== 'type');
    }
  }
  return {
    ...schema,
    $id: 'https://slipway.dev/schemas/slipway.yml/v1.json',
    title: 'Slipway pipeline spec (.slipway.yml), version 1',
  };
}
export type EnvironmentSpec = PipelineSpec['environments'][number];
export type StepSpec = EnvironmentSpec['steps'][number];
export type ShellStepSpec = Extract<StepSpec, { type: 'shell' }>;
export type ReleaseStepSpec = Extract<StepSpec, { type: 'release' }>;
export type SshStepSpec = Extract<StepSpec, { type: 'ssh' }>;
export type BuildSpec = PipelineSpec['build'];
export type ApprovalSpec = NonNullable<EnvironmentSpec['approval']>;
export type CiSpec = NonNullable<EnvironmentSpec['ci']>;
export type FreezeSpec = EnvironmentSpec['freeze'][number];

export interface SpecProblem {
  file: string;
  line: number;
  column: number;
  /** Where in the document, as a dotted path: environments.0.steps.1.run */
  path: string;
  message: string;
}

export type SpecParseResult = { ok: true; spec: PipelineSpec } | { ok: false; problems: SpecProblem[] };

export class InvalidPipelineSpecError extends Error {
  constructor(readonly problems: SpecProblem[]) {
    super(problems.map(formatSpecProblem).join('\n'));
    this.name = 'InvalidPipelineSpecError';
  }
}

export function formatSpecProblem(problem: SpecProblem): string {
  const where = problem.path ? ` (${problem.path})` : '';
  return `${problem.file}:${problem.line}:${problem.column}${where}: ${problem.message}`;
}

/** Parses and validates a pipeline spec; every problem names its line and column. */
export function parsePipelineSpec(text: string, file = PIPELINE_SPEC_FILE): SpecParseResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        file,
        ...at(error.pos[0]),
        path: '',
        message: `not valid YAML: ${firstLine(error.message)}`,
      })),
    };
  }
  const parsed = pipelineSpecSchema.safeParse(document.toJS());
  if (parsed.success) return { ok: true, spec: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.map(String);
      return { file, ...at(offsetOf(document, path)), path: path.join('.'), message: describeIssue(issue) };
    }),
  };
}

export function parsePipelineSpecOrThrow(text: string, file = PIPELINE_SPEC_FILE): PipelineSpec {
  const result = parsePipelineSpec(text, file);
  if (!result.ok) throw new InvalidPipelineSpecError(result.problems);
  return result.spec;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
    case 'invalid_format':
      return `expected ${issue.message}`;
    case 'too_small':
    case 'too_big':
    case 'custom':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'not_multiple_of':
      return issue.message;
  }
}

/** The offset of the deepest node that exists along the path, so a missing key points at its parent. */
function offsetOf(document: Document, path: string[]): number {
  let node: unknown = document.contents;
  let offset = rangeStart(node) ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String((item.key as { value?: unknown } | null)?.value) === key);
      if (!pair) break;
      node = pair.value;
      offset = rangeStart(pair.value) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node)) {
      node = node.items[Number(key)];
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null)?.range?.[0];
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
