export * from './exact';
export * from './grade';
export * from './indicator-score';
export * from './score-totals';
export * from './entry-versions';
