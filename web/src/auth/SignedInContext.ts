import { createContext } from 'react';
import type { Viewer } from './useConsoleSession';

/** Who is signed in, for the pages that speak to them, and how they sign out. */
export interface SignedIn {
  viewer: Viewer;
  signOut: () => void;
}

export const SignedInContext = createContext<SignedIn | null>(null);
