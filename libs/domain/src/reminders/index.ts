export * from './reminder-policy';
export * from './deadline-owners';
