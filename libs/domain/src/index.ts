export * from './roles';
export * from './organisations';
export * from './credit-code';
export * from './errors';
export * from './permissions';
export * from './schemas';
