export * from './database';
export * from './environment';
export * from './git';
export * from './service-process';
export * from './browser';
export * from './sshd';
export * from './github-oauth';
export * from './saml-idp';
