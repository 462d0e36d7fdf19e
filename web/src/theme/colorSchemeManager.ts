import { localStorageColorSchemeManager } from '@mantine/core';

/** The theme a person picked with the header toggle, remembered for this browser; none means follow the OS. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'slipway.color-scheme' });
