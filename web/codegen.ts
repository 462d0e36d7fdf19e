import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations: every `graphql(...)` document in src/ gets its data and variables types from the
 * gateway's published schema. `npm run build` regenerates src/gql first, so the types are never stale.
 */
const config: CodegenConfig = {
  schema: '../gateway/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      // Documents are plain strings at runtime: what goes on the wire, with no GraphQL parser in the bundle.
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        onlyOperationTypes: true,
        scalars: { DateTime: 'string' },
        strictScalars: true,
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
