const FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** `value` is an ISO 8601 timestamp, as the gateway serialises `DateTime`. */
export function Timestamp({ value }: { value: string }) {
  const date = new Date(value);
  return <time dateTime={value}>{Number.isNaN(date.getTime()) ? value : FORMAT.format(date)}</time>;
}
