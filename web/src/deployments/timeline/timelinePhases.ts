/** An event of the deployment, as the subscription gives it. */
export interface TimelineEvent {
  type: string;
  occurredAt: string;
  detail: string | null;
}

export type PhaseKey =
  'queued' | 'build' | 'ci' | 'approval' | 'environment' | 'freeze' | 'superseded' | 'rollback';

export type PhaseState = 'done' | 'active' | 'failed' | 'stopped';

/** A stretch of a deployment outside its steps, or a moment (startedAt = finishedAt). */
export interface Phase {
  key: PhaseKey;
  label: string;
  state: PhaseState;
  startedAt: string;
  /** null while it lasts. */
  finishedAt: string | null;
  detail: string | null;
  /** When a wait gives up by itself (an approval's expiry); null when it does not. */
  until: string | null;
}

export interface Timeline {
  /** Before the first step, in order: queued, build, CI, approval, the environment's turn, freezes. */
  beforeSteps: Phase[];
  /** After the steps: the rollback, when one ran. */
  afterSteps: Phase[];
}

/** Events that end a deployment, and how they leave a phase still open. */
const ENDINGS: Readonly<Record<string, PhaseState>> = {
  DEPLOYMENT_SUCCEEDED: 'done',
  DEPLOYMENT_FAILED: 'failed',
  DEPLOYMENT_ROLLED_BACK: 'done',
  DEPLOYMENT_ROLLBACK_FAILED: 'failed',
  DEPLOYMENT_CANCELLED: 'stopped',
};

/**
 * The phases of a deployment around its steps, from its events in order: what it waited for, how long,
 * and how each wait ended. A phase still open when the deployment ends is marked as the ending was.
 */
export function timelinePhases(events: readonly TimelineEvent[]): Timeline {
  const timeline: Timeline = { beforeSteps: [], afterSteps: [] };
  const open = new Map<PhaseKey, Phase>();
  const approvers: string[] = [];

  const closeOpen = (at: string, state: PhaseState) => {
    for (const phase of open.values()) Object.assign(phase, { state, finishedAt: at });
    open.clear();
  };
  const start = (
    key: PhaseKey,
    label: string,
    at: string,
    detail: string | null,
    list = timeline.beforeSteps,
  ) => {
    // A new wait begins once the previous one is over.
    closeOpen(at, 'done');
    const phase: Phase = {
      key,
      label,
      state: 'active',
      startedAt: at,
      finishedAt: null,
      detail,
      until: null,
    };
    list.push(phase);
    open.set(key, phase);
  };
  const finish = (key: PhaseKey, at: string, state: PhaseState, detail?: string | null) => {
    const phase = open.get(key);
    if (!phase) return;
    Object.assign(phase, { state, finishedAt: at }, detail === undefined ? {} : { detail });
    open.delete(key);
  };
  const moment = (key: PhaseKey, label: string, at: string, state: PhaseState, detail: string | null) => {
    timeline.beforeSteps.push({ key, label, state, startedAt: at, finishedAt: at, detail, until: null });
  };

  for (const { type, occurredAt: at, detail } of events) {
    switch (type) {
      case 'DEPLOYMENT_QUEUED':
        moment('queued', 'Queued', at, 'done', null);
        start('build', 'Build', at, null);
        break;
      case 'ARTIFACT_READY':
        finish(
          'build',
          at,
          'done',
          detail?.startsWith('reused') ? 'Reused the artifact built before' : 'Built the artifact',
        );
        break;
      case 'CI_WAITING':
        start('ci', 'CI', at, detail && sentence(detail));
        break;
      case 'CI_PASSED':
        finish('ci', at, 'done', 'Passed');
        break;
      case 'CI_FAILED':
        finish('ci', at, 'failed', detail && sentence(detail));
        break;
      case 'APPROVAL_REQUESTED': {
        approvers.length = 0;
        const request = approvalRequest(detail);
        start('approval', 'Approval', at, request.detail);
        open.get('approval')!.until = request.until;
        break;
      }
      case 'APPROVAL_GIVEN': {
        const phase = open.get('approval');
        if (detail) approvers.push(detail);
        if (phase) phase.detail = `Approved by ${approvers.join('; ')}`;
        break;
      }
      case 'APPROVAL_REJECTED':
        finish('approval', at, 'failed', detail && `Rejected by ${detail}`);
        break;
      case 'APPROVAL_EXPIRED':
        finish('approval', at, 'failed', detail && sentence(detail));
        break;
      case 'QUEUED_BEHIND':
        start('environment', 'Waiting for the environment', at, detail && sentence(detail));
        break;
      case 'FREEZE_OVERRIDDEN':
        closeOpen(at, 'done');
        moment('freeze', 'Freeze overridden', at, 'done', detail);
        break;
      case 'DEPLOYMENT_BLOCKED':
        closeOpen(at, 'stopped');
        moment('freeze', 'Blocked by a freeze', at, 'failed', detail);
        break;
      case 'DEPLOYMENT_SUPERSEDED':
        closeOpen(at, 'stopped');
        moment('superseded', 'Superseded', at, 'stopped', detail);
        break;
      case 'DEPLOYMENT_STARTED':
        closeOpen(at, 'done');
        break;
      case 'ROLLBACK_STARTED':
        start('rollback', 'Rollback', at, detail && sentence(detail), timeline.afterSteps);
        break;
      default: {
        const ending = ENDINGS[type];
        if (ending === undefined) break;
        // A rollback that ran to its end is done, whatever it was undoing.
        finish('rollback', at, type === 'DEPLOYMENT_ROLLBACK_FAILED' ? 'failed' : 'done', undefined);
        closeOpen(at, ending);
      }
    }
  }
  return timeline;
}

/** The gateway's "2 of admin, deployer until <ISO time>" as words, and the expiry on its own. */
function approvalRequest(detail: string | null): { detail: string | null; until: string | null } {
  const parts = detail === null ? null : /^(\d+) of (.*) until (\S+)$/.exec(detail);
  if (!parts) return { detail, until: null };
  const [, count, roles, until] = parts;
  const approvals = count === '1' ? 'one approval' : `${count} approvals`;
  return { detail: `Needs ${approvals} (${roles ?? ''})`, until: until ?? null };
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
