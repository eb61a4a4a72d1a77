export * from './roles';
export * from './organisations';
export * from './credit-code';
export * from './errors';
export * from './evaluations';
export * from './permissions';
export * from './frameworks/framework-templates';
export * from './schemas';
