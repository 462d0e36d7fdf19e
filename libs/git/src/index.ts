export * from './checkout';
export * from './git-mirror';
export * from './repository-source';
