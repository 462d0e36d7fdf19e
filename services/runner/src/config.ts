import { configVars, loadConfig } from '@slipway/config';

export function loadRunnerConfig(environment: Record<string, string | undefined> = process.env) {
  const raw = loadConfig(
    {
      TEMPORAL_ADDRESS: configVars.temporalAddress,
      TEMPORAL_NAMESPACE: configVars.temporalNamespace,
      SLIPWAY_HOME: configVars.directory,
      HEALTH_PORT: configVars.port(0),
      LOG_LEVEL: configVars.logLevel,
    },
    environment,
  );
  return {
    temporalAddress: raw.TEMPORAL_ADDRESS,
    temporalNamespace: raw.TEMPORAL_NAMESPACE,
    home: raw.SLIPWAY_HOME,
    healthPort: raw.HEALTH_PORT,
    logLevel: raw.LOG_LEVEL,
  };
}
