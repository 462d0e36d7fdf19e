import { NativeSelect, TextInput } from '@mantine/core';
import { DateTimeField, FilterForm, useFilterDraft } from '../forms/FilterForm';
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
  const [draft, edit] = useFilterDraft(filter);
  // An environment in the address that the page does not list (yet) stays choosable.
  const names =
    draft.environment && !environments.includes(draft.environment)
      ? [...environments, draft.environment]
      : environments;

  return (
    <FilterForm
      label="Filter the history"
      columns={4}
      onApply={() =>
        onChange({
          ...draft,
          actor: draft.actor.trim(),
          commit: draft.commit.trim(),
          search: draft.search.trim(),
        })
      }
      onClear={() => onChange(NO_HISTORY_FILTER)}
    >
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
      <DateTimeField
        label="Queued since"
        name="since"
        value={draft.since}
        onChange={(value) => edit('since', value)}
      />
      <DateTimeField
        label="Queued before"
        name="until"
        value={draft.until}
        onChange={(value) => edit('until', value)}
      />
    </FilterForm>
  );
}
