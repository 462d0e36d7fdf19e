import { Alert, Code, DataList, Group, Text, Title } from '@mantine/core';
import type { DeploymentFieldsFragment } from '../gql/graphql';
import { elapsed } from '../time/elapsed';
import { Timestamp } from '../time/Timestamp';
import { useNow } from '../time/useNow';
import { isFinished } from './isFinished';
import { StatusBadge } from './StatusBadge';
import { StepList } from './StepList';
import type { StepLogs } from './useStepLogs';

interface DeploymentDetailsProps {
  deployment: DeploymentFieldsFragment;
  logs: StepLogs;
}

export function DeploymentDetails({ deployment, logs }: DeploymentDetailsProps) {
  const now = useNow(!isFinished(deployment.status));
  const duration = elapsed(deployment.startedAt, deployment.finishedAt, now);
  const commitTitle = deployment.commitMessage?.split('\n', 1)[0];

  return (
    <>
      <Group component="header" gap="sm" align="baseline">
        <Title order={1}>
          {deployment.project} → {deployment.environment}
        </Title>
        <span aria-live="polite">
          <StatusBadge status={deployment.status} />
        </span>
      </Group>

      {deployment.reason && (
        <Alert color="orange" variant="light">
          <strong>Reason:</strong> {deployment.reason}
        </Alert>
      )}

      <DataList labelWidth="7rem">
        <DataList.Item>
          <DataList.ItemLabel>Ref</DataList.ItemLabel>
          <DataList.ItemValue>
            <Code>{deployment.ref}</Code>
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Commit</DataList.ItemLabel>
          <DataList.ItemValue>
            {deployment.commitSha ? (
              <>
                <Code title={deployment.commitSha}>{deployment.commitSha.slice(0, 7)}</Code>
                {commitTitle && <span title={deployment.commitMessage ?? undefined}> {commitTitle}</span>}
              </>
            ) : (
              <Text span c="dimmed" inherit>
                not resolved yet
              </Text>
            )}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Actor</DataList.ItemLabel>
          <DataList.ItemValue>{deployment.actor}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Queued</DataList.ItemLabel>
          <DataList.ItemValue>
            <Timestamp value={deployment.queuedAt} />
          </DataList.ItemValue>
        </DataList.Item>
        {duration && (
          <DataList.Item>
            <DataList.ItemLabel>Duration</DataList.ItemLabel>
            <DataList.ItemValue>{duration}</DataList.ItemValue>
          </DataList.Item>
        )}
      </DataList>

      <Title order={2}>Steps</Title>
      <StepList steps={deployment.steps} logs={logs} now={now} />
    </>
  );
}
