import { createContext } from 'react';
import type { GraphQLClient } from './client';

export const GraphQLClientContext = createContext<GraphQLClient | null>(null);
