import { Button } from '@mantine/core';
import { Link } from '../routing/Link';
import { PAGE_PATHS } from '../routing/route';
import { useRoute } from '../routing/useRoute';
import { NAVIGATION, sectionOf } from './navigation';

interface MainNavigationProps {
  /** Laid out in a row (the header) or a column (the burger menu). */
  orientation: 'row' | 'column';
  /** Called after a link is followed, so the burger menu can close. */
  onNavigate?: () => void;
}

/** The console's sections; the current one is marked for sight and for screen readers. */
export function MainNavigation({ orientation, onNavigate }: MainNavigationProps) {
  const current = sectionOf(useRoute());
  return (
    <nav aria-label="Main">
      <ul className={`main-navigation main-navigation-${orientation}`}>
        {NAVIGATION.map(({ label, page }) => (
          <li key={page}>
            <Button
              component={Link}
              href={PAGE_PATHS[page]}
              onClick={onNavigate}
              aria-current={page === current ? 'page' : undefined}
              variant={page === current ? 'light' : 'subtle'}
              color={page === current ? undefined : 'gray'}
              fullWidth={orientation === 'column'}
              justify={orientation === 'column' ? 'flex-start' : 'center'}
            >
              {label}
            </Button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
