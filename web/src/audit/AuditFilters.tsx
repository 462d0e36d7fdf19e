import { Button, Group, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { AUDIT_OUTCOMES, NO_AUDIT_FILTER, type AuditFilter } from './auditFilter';
import { fromLocalInput, toLocalInput } from './localDateTime';

interface AuditFiltersProps {
  filter: AuditFilter;
  onChange: (filter: AuditFilter) => void;
}

const OUTCOME_OPTIONS = [{ value: '', label: 'Any outcome' }, ...AUDIT_OUTCOMES];

/** Edited freely, applied on submit: each applied filter is one request and one address. */
export function AuditFilters({ filter, onChange }: AuditFiltersProps) {
  const [draft, setDraft] = useState(filter);
  const [shown, setShown] = useState(filter);
  // The address changed under the form (Back, a pasted link): show what it now says.
  if (shown !== filter) {
    setShown(filter);
    setDraft(filter);
  }

  function edit(field: keyof AuditFilter, value: string) {
    setDraft((current) => ({ ...current, [field]: value }));
  }

  function apply(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange({ ...draft, actor: draft.actor.trim(), action: draft.action.trim() });
  }

  return (
    <form onSubmit={apply} aria-label="Filter the audit log">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
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
          label="Action"
          name="action"
          placeholder="e.g. deploy"
          value={draft.action}
          onChange={(event) => edit('action', event.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
        />
        <NativeSelect
          label="Outcome"
          name="outcome"
          data={OUTCOME_OPTIONS}
          value={draft.outcome}
          onChange={(event) => edit('outcome', event.currentTarget.value)}
        />
        <TextInput
          type="datetime-local"
          label="Since"
          name="since"
          value={toLocalInput(draft.since)}
          onChange={(event) => edit('since', fromLocalInput(event.currentTarget.value))}
        />
        <TextInput
          type="datetime-local"
          label="Until"
          name="until"
          value={toLocalInput(draft.until)}
          onChange={(event) => edit('until', fromLocalInput(event.currentTarget.value))}
        />
      </SimpleGrid>
      <Group mt="sm" gap="xs">
        <Button type="submit">Apply filters</Button>
        <Button variant="default" onClick={() => onChange(NO_AUDIT_FILTER)}>
          Clear
        </Button>
      </Group>
    </form>
  );
}
