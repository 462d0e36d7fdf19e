import type { ComponentProps, MouseEvent } from 'react';
import { navigate } from './navigate';

type LinkProps = ComponentProps<'a'> & { href: string };

/** An ordinary link that navigates in place, leaving modified clicks (new tab, …) to the browser. */
export function Link({ href, onClick, ...props }: LinkProps) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    const modified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (event.defaultPrevented || event.button !== 0 || modified || props.target) return;
    event.preventDefault();
    navigate(href);
  }

  return <a {...props} href={href} onClick={handleClick} />;
}
