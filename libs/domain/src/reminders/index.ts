export * from './reminder-policy';
export * from './deadline-owners';
export * from './deadline.schema';
