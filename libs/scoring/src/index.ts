export * from './achievement';
export * from './decimal';
export * from './framework-scores';
export * from './target-path';
