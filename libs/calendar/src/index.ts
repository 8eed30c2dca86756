export * from './clock';
export * from './clock.module';
export * from './iso-date';
export * from './vietnamese-holidays';
export * from './working-day-calendar';
export * from './served-dates';
