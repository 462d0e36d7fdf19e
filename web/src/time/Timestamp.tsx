import type { DateTime } from '../graphql/schema';

const FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function Timestamp({ value }: { value: DateTime }) {
  const date = new Date(value);
  return <time dateTime={value}>{Number.isNaN(date.getTime()) ? value : FORMAT.format(date)}</time>;
}
