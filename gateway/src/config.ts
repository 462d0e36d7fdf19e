import { configVars, loadConfig } from '@slipway/config';
import { z } from 'zod';

export function loadGatewayConfig(environment: Record<string, string | undefined> = process.env) {
  return loadConfig(
    {
      DATABASE_URL: configVars.databaseUrl,
      TEMPORAL_ADDRESS: configVars.temporalAddress,
      TEMPORAL_NAMESPACE: configVars.temporalNamespace,
      HOST: z.string().default('127.0.0.1'),
      PORT: configVars.port(4000),
      SLIPWAY_WEB_DIR: configVars.directory.optional(),
      SLIPWAY_MODE: z.enum(['development', 'production']).default('production'),
      LOG_LEVEL: configVars.logLevel,
    },
    environment,
  );
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
