export * from './agency-producer';
export * from './test-environment';
export * from './tokens';
