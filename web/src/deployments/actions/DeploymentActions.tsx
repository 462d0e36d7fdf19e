import { Button, Code, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { messageOf } from '../../errors/messageOf';
import type { DeploymentFieldsFragment } from '../../gql/graphql';
import { useGraphQLClient } from '../../graphql/useGraphQLClient';
import { useLiveQuery } from '../../graphql/useLiveQuery';
import { navigate } from '../../routing/navigate';
import { deploymentPath } from '../../routing/route';
import { Timestamp } from '../../time/Timestamp';
import {
  APPROVE_MUTATION,
  CANCEL_MUTATION,
  DEPLOY_MUTATION,
  DEPLOYMENT_PERMISSIONS_QUERY,
  REJECT_MUTATION,
  ROLLBACK_MUTATION,
} from '../deploymentOperations';
import { isFinished } from '../isFinished';
import { ConfirmActionModal, type ActionRequest } from './ConfirmActionModal';
import { isProductionLike } from './isProductionLike';
import { useRollbackTarget, type RollbackTargetState } from './useRollbackTarget';

type Action = keyof DeploymentFieldsFragment['viewerCan'];

const ORDER: readonly Action[] = ['approve', 'reject', 'cancel', 'rollback', 'redeploy'];

const BUTTONS: Record<Action, { label: string; color: string; variant: 'filled' | 'light' | 'default' }> = {
  approve: { label: 'Approve', color: 'green', variant: 'filled' },
  reject: { label: 'Reject', color: 'red', variant: 'light' },
  cancel: { label: 'Cancel deployment', color: 'red', variant: 'light' },
  rollback: { label: 'Roll back', color: 'orange', variant: 'light' },
  redeploy: { label: 'Redeploy', color: 'blue', variant: 'default' },
};

/** Destructive, or taking a comment: asked about even outside production. */
const ALWAYS_ASKED: ReadonlySet<Action> = new Set(['approve', 'reject', 'cancel', 'rollback']);

/**
 * The actions the gateway says the signed-in person may take on this deployment (viewerCan), and no
 * others. On production (or prod…) each asks for the environment's name to be typed first; elsewhere a
 * destructive one asks a plain question. What the API answers on failure shows beside the buttons.
 */
export function DeploymentActions({ deployment }: { deployment: DeploymentFieldsFragment }) {
  const client = useGraphQLClient();
  const [asking, setAsking] = useState<Action | null>(null);
  const rollback = useRollbackTarget(deployment, asking === 'rollback');
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  // While it moves, each event brings viewerCan; once it has ended, other deployments' events may change it.
  const ended = isFinished(deployment.status);
  const live = useLiveQuery(DEPLOYMENT_PERMISSIONS_QUERY, { id: deployment.id }, { skip: !ended });
  const viewerCan = (ended ? live.data?.deployment?.viewerCan : undefined) ?? deployment.viewerCan;
  const allowed = ORDER.filter((action) => viewerCan[action]);
  if (allowed.length === 0) return null;

  const guarded = isProductionLike(deployment.environment);

  function choose(action: Action) {
    setError(null);
    if (guarded || ALWAYS_ASKED.has(action)) setAsking(action);
    else void run(action, '');
  }

  async function run(action: Action, comment: string): Promise<void> {
    setBusy(action);
    setError(null);
    try {
      const next = await perform(action, comment);
      setAsking(null);
      if (next) navigate(deploymentPath(next));
    } catch (cause) {
      setAsking(null);
      setError(messageOf(cause));
    } finally {
      setBusy(null);
    }
  }

  /** Carries out the action; the id of the deployment it started, if it started one. */
  async function perform(action: Action, comment: string): Promise<string | null> {
    const { id, project, environment, commitSha } = deployment;
    switch (action) {
      case 'approve':
        await client.request(APPROVE_MUTATION, { id, comment });
        return null;
      case 'reject':
        await client.request(REJECT_MUTATION, { id, comment });
        return null;
      case 'cancel':
        await client.request(CANCEL_MUTATION, { id });
        return null;
      case 'rollback': {
        if (!rollback.target) throw new Error(rollback.problem ?? `Nothing to put back in ${environment}.`);
        const input = { project, environment, commitSha: rollback.target.commitSha };
        return (await client.request(ROLLBACK_MUTATION, { input })).rollback.id;
      }
      case 'redeploy': {
        if (!commitSha) throw new Error('This deployment has no commit to deploy again.');
        const input = { project, environment, ref: commitSha };
        return (await client.request(DEPLOY_MUTATION, { input })).deploy.id;
      }
    }
  }

  return (
    <Stack gap="xs" className="deployment-actions">
      <Group gap="xs" wrap="wrap">
        {allowed.map((action) => (
          <Button
            key={action}
            color={BUTTONS[action].color}
            variant={BUTTONS[action].variant}
            loading={busy === action}
            disabled={busy !== null && busy !== action}
            onClick={() => choose(action)}
          >
            {BUTTONS[action].label}
          </Button>
        ))}
      </Group>
      <ErrorMessage message={error} />
      <ConfirmActionModal
        request={asking && requestFor(asking, deployment, guarded, rollback)}
        busy={busy !== null}
        onConfirm={(comment) => {
          if (asking) void run(asking, comment);
        }}
        onClose={() => setAsking(null)}
      />
    </Stack>
  );
}

/** What the dialog says about an action on this deployment. */
function requestFor(
  action: Action,
  deployment: DeploymentFieldsFragment,
  guarded: boolean,
  rollback: RollbackTargetState,
): ActionRequest {
  const where = `${deployment.project} → ${deployment.environment}`;
  const sha = <Code>{deployment.commitSha?.slice(0, 7) ?? deployment.ref}</Code>;
  const common = { typedName: guarded ? deployment.environment : null, withComment: false, possible: true };
  switch (action) {
    case 'approve':
      return {
        ...common,
        withComment: true,
        title: 'Approve this deployment?',
        confirmLabel: 'Approve',
        color: 'green',
        description: (
          <Text>
            {sha} goes out to {where} once enough people have approved
            {deployment.approvalsRemaining ? ` (${deployment.approvalsRemaining} still needed)` : ''}.
          </Text>
        ),
      };
    case 'reject':
      return {
        ...common,
        withComment: true,
        title: 'Reject this deployment?',
        confirmLabel: 'Reject',
        color: 'red',
        description: (
          <Text>
            {sha} will not go out to {where}: the deployment ends rejected, and nothing there changes.
          </Text>
        ),
      };
    case 'cancel':
      return {
        ...common,
        title: 'Cancel this deployment?',
        confirmLabel: 'Cancel deployment',
        color: 'red',
        description: (
          <Text>
            The deployment of {sha} to {where} stops; the steps it has done are rolled back first, newest
            first.
          </Text>
        ),
      };
    case 'rollback': {
      const { target, problem } = rollback;
      return {
        ...common,
        possible: Boolean(target),
        title: `Roll back ${deployment.environment}?`,
        confirmLabel: 'Roll back',
        color: 'orange',
        description: target ? (
          <Text>
            <Code>{target.commitSha.slice(0, 7)}</Code> (deployed <Timestamp value={target.deployedAt} />)
            goes back into {where} from its stored artifact, without a rebuild. {sha} is marked bad there, so
            pushes skip it.
          </Text>
        ) : (
          <Text>{target === undefined ? 'Looking up the release to put back…' : problem}</Text>
        ),
      };
    }
    case 'redeploy':
      return {
        ...common,
        title: 'Deploy this commit again?',
        confirmLabel: 'Redeploy',
        color: 'blue',
        description: (
          <Text>
            {sha} deploys to {where} again, as a new deployment.
          </Text>
        ),
      };
  }
}
