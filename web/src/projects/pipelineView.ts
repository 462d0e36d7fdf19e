import type { ProjectPipelineQuery } from '../gql/graphql';

export type PipelineEnvironment = ProjectPipelineQuery['pipeline']['environments'][number];

const UNITS: ReadonlyArray<[number, string]> = [
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

/** A duration as a spec states it: in the largest unit that divides it evenly ("24 h", "90 min", "30 s"). */
export function specDuration(milliseconds: number): string {
  for (const [size, unit] of UNITS) {
    if (milliseconds >= size && milliseconds % size === 0) return `${milliseconds / size} ${unit}`;
  }
  return `${milliseconds} ms`;
}

/** How a release reaches an environment: the arrow drawn into its box. */
export interface Arrival {
  /** Promoted by itself once the environment it comes after succeeded. */
  automatic: boolean;
  text: string;
}

export function arrivalOf(environment: PipelineEnvironment): Arrival {
  if (environment.after !== null) {
    return { automatic: true, text: `Promoted automatically once ${environment.after} succeeds` };
  }
  return { automatic: false, text: 'Deployed or promoted by hand' };
}

/** The pushes that deploy to the environment by themselves, in words; null when none do. */
export function pushesOf(environment: PipelineEnvironment): string | null {
  const { auto } = environment;
  if (auto === null) return null;
  const refs = [
    ...auto.branches.map((branch) => `branch ${branch}`),
    ...auto.tags.map((tag) => `tag ${tag}`),
  ];
  return refs.length === 0 ? null : `A push to ${joinWords(refs, 'or')} deploys here`;
}

export interface Gate {
  kind: 'approval' | 'ci' | 'freeze';
  text: string;
}

/** What a deployment must pass here before its steps run, each in a few words, in the order it meets them. */
export function gatesOf(environment: PipelineEnvironment): Gate[] {
  const gates: Gate[] = [];
  const { ci, approval } = environment;
  if (ci?.required) {
    const which = ci.checks === null ? 'every check' : joinWords(ci.checks, 'and');
    gates.push({ kind: 'ci', text: `CI must pass (${which}) within ${specDuration(ci.timeoutMs)}` });
  }
  if (approval !== null) {
    const who = `${approval.approvers} × ${joinWords(approval.roles, 'or')}`;
    const self = approval.allowSelfApproval ? ', the requester may approve' : '';
    gates.push({
      kind: 'approval',
      text: `Approval by ${who}${self}; expires after ${specDuration(approval.timeoutMs)}`,
    });
  }
  for (const freeze of environment.freeze) {
    gates.push({
      kind: 'freeze',
      text: `Freeze “${freeze.name}”: from ${freeze.cron} (UTC) for ${specDuration(freeze.durationMs)}`,
    });
  }
  return gates;
}

function joinWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}
