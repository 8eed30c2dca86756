export * from './row-shape';
export * from './sql-statements';
