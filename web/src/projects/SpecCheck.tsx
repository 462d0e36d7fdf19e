import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import { messageOf } from '../errors/messageOf';
import type { ValidateSpecQuery } from '../gql/graphql';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { VALIDATE_SPEC_QUERY } from './projectOperations';
import { SpecProblemList, SpecText } from './SpecText';

interface Checked {
  text: string;
  result: ValidateSpecQuery['validatePipelineSpec'];
}

/** Paste an edited spec and see, before committing it, whether Slipway would take it. */
export function SpecCheck({ initialText }: { initialText: string }) {
  const client = useGraphQLClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(initialText);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function check(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecking(true);
    setError(null);
    try {
      const data = await client.request(VALIDATE_SPEC_QUERY, { text: draft });
      setChecked({ text: draft, result: data.validatePipelineSpec });
    } catch (cause) {
      setError(messageOf(cause));
    } finally {
      setChecking(false);
    }
  }

  if (!open) {
    return (
      <Group>
        <Button
          variant="subtle"
          onClick={() => {
            setDraft(initialText);
            setOpen(true);
          }}
        >
          Check an edited spec
        </Button>
      </Group>
    );
  }
  return (
    <form onSubmit={(event) => void check(event)} aria-label="Check an edited pipeline spec">
      <Stack gap="sm">
        <Textarea
          label="Edited spec"
          description="Paste or edit a .slipway.yml: it is checked by the same rules as a commit, and never saved."
          value={draft}
          onChange={(event) => setDraft(event.currentTarget.value)}
          autosize
          minRows={8}
          maxRows={24}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Group gap="xs">
          <Button type="submit" loading={checking}>
            Check
          </Button>
          <Button variant="default" onClick={() => setOpen(false)}>
            Close
          </Button>
        </Group>
        <ErrorMessage message={error} />
        {checked && <CheckResult checked={checked} />}
      </Stack>
    </form>
  );
}

function CheckResult({ checked: { text, result } }: { checked: Checked }) {
  if (result.valid) {
    return (
      <Alert
        color="green"
        variant="light"
        title="The spec is valid"
        className="spec-check-result"
        role="status"
      >
        <Text size="sm">It declares {result.environments.join(' → ')}.</Text>
      </Alert>
    );
  }
  const count = result.problems.length;
  return (
    <Stack gap="sm" className="spec-check-result">
      <Alert
        role="status"
        color="red"
        variant="light"
        title={`The edited spec has ${count} problem${count === 1 ? '' : 's'}`}
      >
        <SpecProblemList problems={result.problems} idPrefix="edited-spec" />
      </Alert>
      <SpecText
        text={text}
        problems={result.problems}
        idPrefix="edited-spec"
        label="The edited spec, with its problems"
      />
    </Stack>
  );
}
