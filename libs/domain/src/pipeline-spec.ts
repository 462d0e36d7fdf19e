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

const shellStepSchema = z.strictObject({
  name: z
    .string()
    .regex(NAME, 'a lowercase name of letters, digits and dashes')
    .describe('Unique within the environment.'),
  type: z.literal('shell').default('shell').describe('shell: commands run with bash on the runner host.'),
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
  steps: z.array(shellStepSchema).min(1, 'at least one step').describe('Run in order.'),
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

/** The same rules as JSON Schema, so editors can check a .slipway.yml as it is typed. */
export function pipelineSpecJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(pipelineSpecSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://slipway.dev/schemas/slipway.yml/v1.json',
    title: 'Slipway pipeline spec (.slipway.yml), version 1',
  };
}
export type EnvironmentSpec = PipelineSpec['environments'][number];
export type StepSpec = EnvironmentSpec['steps'][number];

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
