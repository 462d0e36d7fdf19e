import { Center, Loader } from '@mantine/core';
import { useEffect } from 'react';
import { redirect } from '../routing/navigate';
import { returnPathFromSearch } from './returnPath';

/** The sign-in page opened by someone signed in (e.g. after a token sign-in): on to where they were going. */
export function ReturnAfterSignIn() {
  useEffect(() => redirect(returnPathFromSearch(window.location.search)), []);
  return (
    <Center py="xl">
      <Loader aria-label="Opening the page" />
    </Center>
  );
}
