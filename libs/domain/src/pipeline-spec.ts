import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';

/** The file every application keeps at the root of its repository. */
export const PIPELINE_SPEC_FILE = '.slipway.yml';

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const DURATION = /^(\d+)(ms|s|m|h)$/;
const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

const durationSchema = z
  .union([z.number().int().positive(), z.string().regex(DURATION, 'a duration such as 30s, 5m or 1h')])
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

const httpStepSchema = z.strictObject({
  name: stepName,
  type: z.literal('http').describe('Calls a URL, such as a PaaS deploy hook.'),
  url: httpUrl,
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  expectStatus: statusCodes.default([200, 201, 202, 204]),
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
  z.discriminatedUnion('type', [shellStepSchema, httpStepSchema, healthStepSchema, waitStepSchema]),
);

const variablesSchema = z.record(
  z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an UPPER_CASE variable name'),
  z.union([z.string(), z.number(), z.boolean()]).transform(String),
);

const environmentSchema = z.strictObject({
  name: z
    .string()
    .regex(NAME, 'a lowercase name of letters, digits and dashes')
    .describe('Such as production.'),
  variables: variablesSchema.default({}).describe('Passed to every step as environment variables.'),
  steps: z.array(stepSchema).min(1, 'at least one step').describe('Run in order.'),
});

export const pipelineSpecSchema = z
  .strictObject({
    version: z.literal(1),
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
