import {
  Alert,
  Button,
  Code,
  EmptyState,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import type { ProjectPipelineQuery } from '../gql/graphql';
import { PipelineDiagram } from './PipelineDiagram';
import { SpecCheck } from './SpecCheck';
import { SpecProblemList, SpecText } from './SpecText';

type Pipeline = ProjectPipelineQuery['pipeline'];

interface PipelineSectionProps {
  /** null while it is being read. */
  pipeline: Pipeline | null;
  error: string | null;
  /** The ref asked for; null: the repository's default branch. */
  askedRef: string | null;
  onReadRef: (ref: string | null) => void;
}

/** The pipeline the repository declares, drawn; or the spec with each problem at its line. */
export function PipelineSection({ pipeline, error, askedRef, onReadRef }: PipelineSectionProps) {
  return (
    <Paper component="section" withBorder p="lg" aria-labelledby="pipeline-heading">
      <Stack>
        <Group justify="space-between" align="flex-end" gap="sm">
          <Stack gap={4}>
            <Title order={2} id="pipeline-heading">
              Pipeline
            </Title>
            {pipeline && <ReadFrom pipeline={pipeline} />}
          </Stack>
          <RefForm askedRef={askedRef} onReadRef={onReadRef} />
        </Group>
        <ErrorMessage message={error} />
        {pipeline === null ? (
          !error && (
            <Group gap="xs">
              <Loader size="sm" aria-hidden="true" />
              <Text c="dimmed">Reading the pipeline spec from the repository…</Text>
            </Group>
          )
        ) : pipeline.text === null ? (
          <NoSpec pipeline={pipeline} />
        ) : pipeline.valid ? (
          <PipelineDiagram environments={pipeline.environments} />
        ) : (
          <InvalidSpec pipeline={pipeline} text={pipeline.text} />
        )}
        <SpecCheck initialText={pipeline?.text ?? ''} />
      </Stack>
    </Paper>
  );
}

function ReadFrom({ pipeline }: { pipeline: Pipeline }) {
  const ref = pipeline.ref === 'HEAD' ? 'the default branch' : pipeline.ref;
  return (
    <Text size="sm" c="dimmed" className="pipeline-read-from">
      <Code>{pipeline.path}</Code> on {ref} at <Code>{pipeline.commitSha.slice(0, 7)}</Code>
      {pipeline.commitMessage && ` · ${pipeline.commitMessage}`}
    </Text>
  );
}

function RefForm({ askedRef, onReadRef }: Pick<PipelineSectionProps, 'askedRef' | 'onReadRef'>) {
  const [draft, setDraft] = useState(askedRef ?? '');
  function read(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    onReadRef(draft.trim() || null);
  }
  return (
    <form onSubmit={read} aria-label="Read the pipeline at a ref">
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          label="Branch, tag or commit"
          name="ref"
          placeholder="default branch"
          value={draft}
          onChange={(event) => setDraft(event.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
          w="12rem"
        />
        <Button type="submit" variant="default">
          Read
        </Button>
      </Group>
    </form>
  );
}

function NoSpec({ pipeline }: { pipeline: Pipeline }) {
  return (
    <EmptyState icon={<span aria-hidden="true">📄</span>} withIndicatorBackground>
      <EmptyState.Title order={3}>
        No {pipeline.path} at {pipeline.commitSha.slice(0, 7)}
      </EmptyState.Title>
      <EmptyState.Description>
        Slipway deploys what the pipeline spec declares. Commit a <Code>{pipeline.path}</Code> with{' '}
        <Code>version: 1</Code> and its <Code>environments</Code> (each with its steps; see the README, “The
        pipeline spec”); you can check it below before you commit it. Its environments then show here.
      </EmptyState.Description>
    </EmptyState>
  );
}

function InvalidSpec({ pipeline, text }: { pipeline: Pipeline; text: string }) {
  const count = pipeline.problems.length;
  return (
    <Stack gap="sm">
      <Alert
        color="red"
        variant="light"
        title={`${pipeline.path} has ${count} problem${count === 1 ? '' : 's'}`}
      >
        <Stack gap="xs">
          <Text size="sm">
            Deployments of {pipeline.commitSha.slice(0, 7)} stop before anything runs. Fix the spec and commit
            it again.
          </Text>
          <SpecProblemList problems={pipeline.problems} idPrefix="committed-spec" />
        </Stack>
      </Alert>
      <SpecText
        text={text}
        problems={pipeline.problems}
        idPrefix="committed-spec"
        label={`${pipeline.path} at ${pipeline.commitSha.slice(0, 7)}, with its problems`}
      />
    </Stack>
  );
}
