export * from './agency-producer';
export * from './test-environment';
export * from './own-broker';
export * from './sasl-broker';
export * from './tokens';
export * from './otlp-receiver';
export * from './spreadsheet-csv';
export * from './zip-bomb';
