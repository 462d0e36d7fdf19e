import { use } from 'react';
import type { GraphQLClient } from './client';
import { GraphQLClientContext } from './GraphQLClientContext';

export function useGraphQLClient(): GraphQLClient {
  const client = use(GraphQLClientContext);
  if (!client) throw new Error('useGraphQLClient must be used below a GraphQLClientContext provider.');
  return client;
}
