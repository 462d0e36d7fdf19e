import { configVars, loadConfig } from '@slipway/config';
import { z } from 'zod';

export function loadGatewayConfig(environment: Record<string, string | undefined> = process.env) {
  const raw = loadConfig(
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
  return {
    databaseUrl: raw.DATABASE_URL,
    temporalAddress: raw.TEMPORAL_ADDRESS,
    temporalNamespace: raw.TEMPORAL_NAMESPACE,
    host: raw.HOST,
    port: raw.PORT,
    webDir: raw.SLIPWAY_WEB_DIR,
    production: raw.SLIPWAY_MODE === 'production',
    logLevel: raw.LOG_LEVEL,
  };
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
