// Safe for workflow code: plain functions over dates, no I/O.

/** minute hour day-of-month month day-of-week, each a set of allowed values. */
interface CronFields {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Cron's rule: when both day fields are restricted, either may match. */
  dayOrWeekday: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59, names: [] as string[] },
  { name: 'hour', min: 0, max: 23, names: [] as string[] },
  { name: 'day of month', min: 1, max: 31, names: [] as string[] },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
] as const;

class CronError extends Error {}

/** Why a cron expression is not valid, or null when it is. */
export function cronProblem(expression: string): string | null {
  try {
    parseCron(expression);
    return null;
  } catch (error) {
    if (error instanceof CronError) return error.message;
    throw error;
  }
}

export function parseCron(expression: string): CronFields {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new CronError(`expected 5 fields, got ${parts.length}`);
  const [minutes, hours, days, months, weekdays] = parts.map((part, index) =>
    parseField(part, FIELDS[index]!),
  ) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (weekdays.has(7)) weekdays.add(0);
  return {
    minutes,
    hours,
    days,
    months,
    weekdays,
    dayOrWeekday: parts[2] !== '*' && parts[4] !== '*',
  };
}

function parseField(text: string, field: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  const value = (token: string): number => {
    const named = (field.names as readonly string[]).indexOf(token.toUpperCase());
    const number = named >= 0 ? named + (field.name === 'month' ? 1 : 0) : Number(token);
    if (!/^\d+$/.test(token) && named < 0) throw new CronError(`"${token}" is not a valid ${field.name}`);
    if (number < field.min || number > field.max) {
      throw new CronError(`${field.name} ${token} is outside ${field.min}-${field.max}`);
    }
    return number;
  };
  for (const item of text.split(',')) {
    const [range = '', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`"${item}" has an invalid step`);
    let from: number;
    let to: number;
    if (range === '*') {
      from = field.min;
      to = field.max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      from = value(a);
      to = value(b);
      if (from > to) throw new CronError(`"${range}" runs backwards`);
    } else {
      from = value(range);
      to = stepText === undefined ? from : field.max;
    }
    for (let current = from; current <= to; current += step) values.add(current);
  }
  return values;
}

export function cronMatches(fields: CronFields, at: Date): boolean {
  if (!fields.minutes.has(at.getUTCMinutes()) || !fields.hours.has(at.getUTCHours())) return false;
  if (!fields.months.has(at.getUTCMonth() + 1)) return false;
  const day = fields.days.has(at.getUTCDate());
  const weekday = fields.weekdays.has(at.getUTCDay());
  return fields.dayOrWeekday ? day || weekday : day && weekday;
}

export interface FreezeWindow {
  name: string;
  cron: string;
  /** Milliseconds. */
  duration: number;
}

export interface ActiveFreeze {
  name: string;
  startedAt: Date;
  endsAt: Date;
}

const MINUTE = 60_000;

/**
 * The freeze window `at` falls in (the one ending last, when several overlap), or null. A window starts
 * at each minute its cron matches and lasts its duration.
 */
export function activeFreeze(windows: readonly FreezeWindow[], at: Date): ActiveFreeze | null {
  let found: ActiveFreeze | null = null;
  const thisMinute = Math.floor(at.getTime() / MINUTE) * MINUTE;
  for (const window of windows) {
    const fields = parseCron(window.cron);
    // The latest start that still covers `at` is the one that ends last.
    for (let start = thisMinute; start > at.getTime() - window.duration; start -= MINUTE) {
      if (cronMatches(fields, new Date(start))) {
        const endsAt = new Date(start + window.duration);
        if (found === null || endsAt > found.endsAt) {
          found = { name: window.name, startedAt: new Date(start), endsAt };
        }
        break;
      }
    }
  }
  return found;
}
