export * from './row-shape';
export * from './sql-statements';
export * from './sql-fragments';
