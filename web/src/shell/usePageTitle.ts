import { useEffect } from 'react';

const PRODUCT = 'Slipway';

/** Names the page in the browser tab and history; `null` while there is nothing to name yet. */
export function usePageTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · ${PRODUCT}` : PRODUCT;
    return () => {
      document.title = PRODUCT;
    };
  }, [title]);
}
