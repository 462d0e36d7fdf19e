import { Button, Group, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { fromLocalInput, toLocalInput } from '../audit/localDateTime';
import { statusLabel } from '../deployments/statusLabel';
import { DEPLOYMENT_STATUSES, NO_HISTORY_FILTER, type HistoryFilter } from './historyFilter';

interface HistoryFiltersProps {
  filter: HistoryFilter;
  /** The environments to pick from, in the page's order. */
  environments: readonly string[];
  onChange: (filter: HistoryFilter) => void;
}

const STATUS_OPTIONS = [
  { value: '', label: 'Any status' },
  ...DEPLOYMENT_STATUSES.map((status) => ({ value: status, label: statusLabel(status) })),
];

/** Edited freely, applied on submit: each applied filter is one request and one address. */
export function HistoryFilters({ filter, environments, onChange }: HistoryFiltersProps) {
  const [draft, setDraft] = useState(filter);
  const [shown, setShown] = useState(filter);
  // The address changed under the form (Back, a pasted link): show what it now says.
  if (shown !== filter) {
    setShown(filter);
    setDraft(filter);
  }
  // An environment in the address that the page does not list (yet) stays choosable.
  const names =
    draft.environment && !environments.includes(draft.environment)
      ? [...environments, draft.environment]
      : environments;

  function edit(field: keyof HistoryFilter, value: string) {
    setDraft((current) => ({ ...current, [field]: value }));
  }

  function apply(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange({
      ...draft,
      actor: draft.actor.trim(),
      commit: draft.commit.trim(),
      search: draft.search.trim(),
    });
  }

  return (
    <form onSubmit={apply} aria-label="Filter the history">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <NativeSelect
          label="Environment"
          name="environment"
          data={[{ value: '', label: 'Any environment' }, ...names]}
          value={draft.environment}
          onChange={(event) => edit('environment', event.currentTarget.value)}
        />
        <NativeSelect
          label="Status"
          name="status"
          data={STATUS_OPTIONS}
          value={draft.status}
          onChange={(event) => edit('status', event.currentTarget.value)}
        />
        <TextInput
          label="Commit"
          name="commit"
          placeholder="start of its sha"
          value={draft.commit}
          onChange={(event) => edit('commit', event.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
        />
        <TextInput
          label="Actor"
          name="actor"
          placeholder="user or token name"
          value={draft.actor}
          onChange={(event) => edit('actor', event.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
        />
        <TextInput
          label="Words"
          name="search"
          placeholder='in the commit message or failure, "a phrase", -not'
          value={draft.search}
          onChange={(event) => edit('search', event.currentTarget.value)}
          autoComplete="off"
        />
        <TextInput
          type="datetime-local"
          label="Queued since"
          name="since"
          value={toLocalInput(draft.since)}
          onChange={(event) => edit('since', fromLocalInput(event.currentTarget.value))}
        />
        <TextInput
          type="datetime-local"
          label="Queued before"
          name="until"
          value={toLocalInput(draft.until)}
          onChange={(event) => edit('until', fromLocalInput(event.currentTarget.value))}
        />
      </SimpleGrid>
      <Group mt="sm" gap="xs">
        <Button type="submit">Apply filters</Button>
        <Button variant="default" onClick={() => onChange(NO_HISTORY_FILTER)}>
          Clear
        </Button>
      </Group>
    </form>
  );
}
