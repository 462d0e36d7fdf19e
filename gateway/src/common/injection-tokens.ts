export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const EVENT_LISTENER = Symbol('EVENT_LISTENER');
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
