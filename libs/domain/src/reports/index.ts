export * from './report-model';
export * from './report-diff';
export * from './report-model-assemble';
export * from './report-template-data';
export * from './report-number';
