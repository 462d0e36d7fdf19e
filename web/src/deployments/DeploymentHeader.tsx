import {
  Alert,
  Anchor,
  Button,
  Code,
  CopyButton,
  DataList,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import type { DeploymentFieldsFragment, DeploymentStatus } from '../gql/graphql';
import { Link } from '../routing/Link';
import { deploymentPath } from '../routing/route';
import { elapsed } from '../time/elapsed';
import { Timestamp } from '../time/Timestamp';
import { DeploymentActions } from './actions/DeploymentActions';
import type { RepositoryLinks } from './diff/repositoryLinks';
import { isFinished } from './isFinished';
import { StatusBadge } from './StatusBadge';

/** Endings that went wrong, as opposed to ones that were asked for or simply did not happen. */
const FAILURES: ReadonlySet<DeploymentStatus> = new Set(['FAILED', 'ROLLBACK_FAILED', 'REJECTED']);

interface DeploymentHeaderProps {
  deployment: DeploymentFieldsFragment;
  now: number;
  links: RepositoryLinks | null;
}

/** Where it goes and how it stands; what it deploys, who started it and how; its times; what may be done. */
export function DeploymentHeader({ deployment, now, links }: DeploymentHeaderProps) {
  const { status, reason, approvalsRemaining } = deployment;
  return (
    <Stack gap="md" component="header">
      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={6}>
          <Title order={1} style={{ overflowWrap: 'anywhere' }}>
            {deployment.project} → {deployment.environment}
          </Title>
          <Group gap="xs">
            <span aria-live="polite" className="deployment-status">
              <StatusBadge status={status} />
            </span>
            {status === 'WAITING_APPROVAL' && approvalsRemaining !== null && (
              <Text size="sm" className="approvals-remaining">
                {approvalsRemaining === 1
                  ? 'One more approval needed'
                  : `${approvalsRemaining} more approvals needed`}
              </Text>
            )}
          </Group>
        </Stack>
        <DeploymentActions deployment={deployment} />
      </Group>

      {reason && (
        <Alert color={FAILURES.has(status) ? 'red' : 'orange'} variant="light" className="deployment-reason">
          <strong>Reason:</strong> {reason}
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <DataList labelWidth="7rem">
          <Fact label="Commit">
            <CommitFact deployment={deployment} links={links} />
          </Fact>
          <Fact label="Ref">
            <Code>{deployment.ref}</Code>
          </Fact>
          <Fact label="Started by">
            <TriggerFact deployment={deployment} />
          </Fact>
          <Fact label="Artifact">
            <ArtifactFact digest={deployment.artifactDigest} />
          </Fact>
        </DataList>
        <DataList labelWidth="7rem">
          <Fact label="Queued">
            <Timestamp value={deployment.queuedAt} />
          </Fact>
          <Fact label="Started">
            {deployment.startedAt ? <Timestamp value={deployment.startedAt} /> : <Dimmed>not yet</Dimmed>}
          </Fact>
          <Fact label="Finished">
            {deployment.finishedAt ? <Timestamp value={deployment.finishedAt} /> : <Dimmed>not yet</Dimmed>}
          </Fact>
          <Fact label="Duration">
            <DurationFact deployment={deployment} now={now} />
          </Fact>
        </DataList>
      </SimpleGrid>
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Dimmed({ children }: { children: ReactNode }) {
  return (
    <Text span c="dimmed" inherit>
      {children}
    </Text>
  );
}

function CommitFact({
  deployment,
  links,
}: {
  deployment: DeploymentFieldsFragment;
  links: RepositoryLinks | null;
}) {
  const { commitSha, commitMessage } = deployment;
  if (!commitSha) return <Dimmed>not resolved yet</Dimmed>;
  const sha = <Code title={commitSha}>{commitSha.slice(0, 7)}</Code>;
  return (
    <>
      {links ? (
        <Anchor href={links.commit(commitSha)} target="_blank" rel="noreferrer">
          {sha}
        </Anchor>
      ) : (
        sha
      )}
      {commitMessage && (
        <span title={commitMessage} className="commit-message">
          {' '}
          {commitMessage.split('\n', 1)[0]}
        </span>
      )}
    </>
  );
}

function TriggerFact({ deployment }: { deployment: DeploymentFieldsFragment }) {
  const { actor, trigger } = deployment;
  switch (trigger.type) {
    case 'manual':
      return <>{actor}, by hand</>;
    case 'push':
      return (
        <>
          {actor}, on a push to <Code>{trigger.ref ?? deployment.ref}</Code>
        </>
      );
    case 'promotion':
      return (
        <>
          {actor}, promoted after{' '}
          {trigger.deploymentId ? (
            <Anchor component={Link} href={deploymentPath(trigger.deploymentId)}>
              {trigger.after ?? 'an earlier environment'}
            </Anchor>
          ) : (
            (trigger.after ?? 'an earlier environment')
          )}
        </>
      );
    case 'rollback':
      return (
        <>
          {actor}, rolling back{' '}
          {trigger.replacing ? (
            <Code title={trigger.replacing}>{trigger.replacing.slice(0, 7)}</Code>
          ) : (
            'a release'
          )}
        </>
      );
  }
}

function ArtifactFact({ digest }: { digest: string | null }) {
  if (!digest) return <Dimmed>not built yet</Dimmed>;
  return (
    <Group gap="xs" wrap="wrap" component="span">
      <Code title={`sha256:${digest}`}>sha256:{digest.slice(0, 12)}…</Code>
      <CopyButton value={`sha256:${digest}`}>
        {({ copied, copy }) => (
          <Button variant="subtle" size="compact-xs" onClick={copy}>
            {copied ? 'Copied' : 'Copy digest'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

function DurationFact({ deployment, now }: { deployment: DeploymentFieldsFragment; now: number }) {
  const { startedAt, finishedAt, queuedAt, status } = deployment;
  if (startedAt) {
    const running = !finishedAt && !isFinished(status);
    return (
      <span className="duration">
        {elapsed(startedAt, finishedAt, now)}
        {running && <Dimmed> so far</Dimmed>}
      </span>
    );
  }
  if (isFinished(status)) return <Dimmed>no step ran</Dimmed>;
  return <Dimmed>waiting for {elapsed(queuedAt, null, now)}</Dimmed>;
}
