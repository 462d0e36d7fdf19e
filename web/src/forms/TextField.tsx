import { TextInput } from '@mantine/core';

interface TextFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
}

/** A required one-line field for names and refs: no autocomplete, no spell check. */
export function TextField({ label, name, value, onChange }: TextFieldProps) {
  return (
    <TextInput
      label={label}
      name={name}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      autoComplete="off"
      spellCheck={false}
      required
    />
  );
}
