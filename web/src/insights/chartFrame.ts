import type { CSSProperties } from 'react';

/** The tooltip box of every chart, in Mantine's colours so it follows the theme. */
export const TOOLTIP_STYLE: CSSProperties = {
  background: 'var(--mantine-color-body)',
  border: '1px solid var(--mantine-color-default-border)',
  borderRadius: 'var(--mantine-radius-md)',
  color: 'var(--mantine-color-text)',
};

export const CHART_HEIGHT = 260;
