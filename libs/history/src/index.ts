export * from './history';
export * from './metrics';
export * from './csv';
export * from './export';
export * from './chain';
