import { useComputedColorScheme, useMantineTheme } from '@mantine/core';

export interface ChartColors {
  succeeded: string;
  failed: string;
  rolledBack: string;
  duration: string;
  leadTime: string;
  grid: string;
  axis: string;
}

/**
 * Colours for recharts, which draws SVG attributes rather than CSS: picked from the Mantine palette for
 * the scheme shown, lighter shades on the dark background so both themes keep their contrast.
 */
export function useChartColors(): ChartColors {
  const { colors } = useMantineTheme();
  const dark = useComputedColorScheme('light') === 'dark';
  const shade = dark ? 4 : 7;
  return {
    succeeded: colors.teal[shade],
    failed: colors.red[shade],
    rolledBack: colors.orange[shade],
    duration: colors.blue[shade],
    leadTime: colors.grape[shade],
    grid: dark ? colors.dark[4] : colors.gray[3],
    axis: dark ? colors.dark[1] : colors.gray[7],
  };
}
