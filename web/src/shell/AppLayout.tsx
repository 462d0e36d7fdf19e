import { AppShell, Burger, Button, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link } from '../routing/Link';
import { PAGE_PATHS } from '../routing/route';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { MainNavigation } from './MainNavigation';

const MAIN_ID = 'main-content';

interface AppLayoutProps {
  /** Who is signed in (their name or the API token's); sign-out is offered only then. */
  signedInAs: string | null;
  /** The sections are offered only to someone signed in with a role. */
  navigation: boolean;
  onSignOut: () => void;
  children: ReactNode;
}

/**
 * The frame of every page: a header with the brand, the sections and the theme toggle; below the `md`
 * breakpoint the sections move into a burger menu so the console stays usable on a phone.
 */
export function AppLayout({ signedInAs, navigation, onSignOut, children }: AppLayoutProps) {
  const [menuOpen, menu] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 260, breakpoint: 'md', collapsed: { mobile: !menuOpen, desktop: true } }}
      padding="md"
    >
      <a href={`#${MAIN_ID}`} className="skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" gap="sm" wrap="nowrap">
          {navigation && (
            <Burger
              opened={menuOpen}
              onClick={menu.toggle}
              hiddenFrom="md"
              size="sm"
              aria-label={menuOpen ? 'Close navigation' : 'Open navigation'}
              aria-expanded={menuOpen}
            />
          )}
          <Link href={PAGE_PATHS.dashboard} className="brand">
            Slipway
          </Link>
          {navigation && (
            <Group visibleFrom="md" ml="md">
              <MainNavigation orientation="row" />
            </Group>
          )}
          <Group ml="auto" gap="xs" wrap="nowrap">
            <ColorSchemeToggle />
            {signedInAs !== null && (
              <>
                <Text size="sm" c="dimmed" truncate="end" maw="16rem" visibleFrom="sm" title={signedInAs}>
                  {signedInAs}
                </Text>
                <Button variant="default" onClick={onSignOut}>
                  Sign out
                </Button>
              </>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      {/* A collapsed navbar is only moved out of view: without its links it stays out of the tab order. */}
      {navigation && menuOpen && (
        <AppShell.Navbar p="md" hiddenFrom="md">
          {signedInAs !== null && (
            <Text size="sm" c="dimmed" mb="sm" hiddenFrom="sm">
              Signed in as {signedInAs}
            </Text>
          )}
          <MainNavigation orientation="column" onNavigate={menu.close} />
        </AppShell.Navbar>
      )}
      <AppShell.Main id={MAIN_ID} tabIndex={-1}>
        <div className="page">{children}</div>
      </AppShell.Main>
    </AppShell>
  );
}
