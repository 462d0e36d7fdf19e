import { Button, Group, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { fromLocalInput, toLocalInput } from './localDateTime';

/**
 * A filter's draft: edited freely, applied on submit (each applied filter is one request and one
 * address), and shown afresh whenever the applied filter changes under the form (Back, a pasted link).
 */
export function useFilterDraft<T extends Record<keyof T, string>>(
  filter: T,
): [T, (field: keyof T, value: string) => void] {
  const [draft, setDraft] = useState(filter);
  const [shown, setShown] = useState(filter);
  if (shown !== filter) {
    setShown(filter);
    setDraft(filter);
  }
  const edit = (field: keyof T, value: string) => setDraft((current) => ({ ...current, [field]: value }));
  return [draft, edit];
}

interface FilterFormProps {
  /** What the form filters, for screen readers: "Filter the audit log". */
  label: string;
  /** Fields per row on a wide screen (one on a phone, two on a tablet). */
  columns: number;
  onApply: () => void;
  onClear: () => void;
  children: ReactNode;
}

/** The fields of a filter in a grid, with Apply filters (also on Enter) and Clear. */
export function FilterForm({ label, columns, onApply, onClear, children }: FilterFormProps) {
  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply();
  }

  return (
    <form onSubmit={submit} aria-label={label}>
      <SimpleGrid cols={{ base: 1, xs: 2, md: columns }} spacing="sm">
        {children}
      </SimpleGrid>
      <Group mt="sm" gap="xs">
        <Button type="submit">Apply filters</Button>
        <Button variant="default" onClick={onClear}>
          Clear
        </Button>
      </Group>
    </form>
  );
}

interface DateTimeFieldProps {
  label: string;
  name: string;
  /** An ISO 8601 instant, or "" for none. */
  value: string;
  onChange: (value: string) => void;
}

/** A moment picked in the browser's local time, given and taken as an ISO 8601 instant. */
export function DateTimeField({ label, name, value, onChange }: DateTimeFieldProps) {
  return (
    <TextInput
      type="datetime-local"
      label={label}
      name={name}
      value={toLocalInput(value)}
      onChange={(event) => onChange(fromLocalInput(event.currentTarget.value))}
    />
  );
}
