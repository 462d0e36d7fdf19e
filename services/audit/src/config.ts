import { configVars, loadConfig } from '@slipway/config';

export function loadAuditConfig(environment: Record<string, string | undefined> = process.env) {
  const raw = loadConfig(
    {
      DATABASE_URL: configVars.databaseUrl,
      TEMPORAL_ADDRESS: configVars.temporalAddress,
      TEMPORAL_NAMESPACE: configVars.temporalNamespace,
      HEALTH_PORT: configVars.port(0),
      LOG_LEVEL: configVars.logLevel,
    },
    environment,
  );
  return {
    databaseUrl: raw.DATABASE_URL,
    temporalAddress: raw.TEMPORAL_ADDRESS,
    temporalNamespace: raw.TEMPORAL_NAMESPACE,
    healthPort: raw.HEALTH_PORT,
    logLevel: raw.LOG_LEVEL,
  };
}
