export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

export function formatRow(label: string, summary: Summary, unit = 'ms'): string {
  const cell = (value: number): string => `${value.toFixed(1)} ${unit}`.padStart(11);
  return `${label.padEnd(52)} n=${String(summary.n).padEnd(4)} p50 ${cell(summary.p50)}  p95 ${cell(summary.p95)}  p99 ${cell(summary.p99)}  max ${cell(summary.max)}`;
}
