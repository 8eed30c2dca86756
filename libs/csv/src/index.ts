export * from './spreadsheet-safe-csv';
