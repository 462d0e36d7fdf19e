import { NativeSelect, TextInput } from '@mantine/core';
import { DateTimeField, FilterForm, useFilterDraft } from '../forms/FilterForm';
import { AUDIT_OUTCOMES, NO_AUDIT_FILTER, type AuditFilter } from './auditFilter';

interface AuditFiltersProps {
  filter: AuditFilter;
  onChange: (filter: AuditFilter) => void;
}

const OUTCOME_OPTIONS = [{ value: '', label: 'Any outcome' }, ...AUDIT_OUTCOMES];

/** Edited freely, applied on submit: each applied filter is one request and one address. */
export function AuditFilters({ filter, onChange }: AuditFiltersProps) {
  const [draft, edit] = useFilterDraft(filter);

  return (
    <FilterForm
      label="Filter the audit log"
      columns={5}
      onApply={() => onChange({ ...draft, actor: draft.actor.trim(), action: draft.action.trim() })}
      onClear={() => onChange(NO_AUDIT_FILTER)}
    >
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
      <DateTimeField
        label="Since"
        name="since"
        value={draft.since}
        onChange={(value) => edit('since', value)}
      />
      <DateTimeField
        label="Until"
        name="until"
        value={draft.until}
        onChange={(value) => edit('until', value)}
      />
    </FilterForm>
  );
}
