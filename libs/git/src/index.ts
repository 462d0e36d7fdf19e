export * from './git-mirror';
