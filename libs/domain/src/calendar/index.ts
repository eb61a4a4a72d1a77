export * from './working-days';
export { CALENDAR_OVERRIDES, EXTRA_COVERED_YEARS, PACKAGE_COVERED_YEARS } from './chinese-holidays';
export * from './calendar-note';
