export * from './bootstrap';
export * from './domain.exception';
export * from './http-exception.filter';
