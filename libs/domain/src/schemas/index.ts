export * from './common.schema';
export * from './organisation.schema';
export * from './user.schema';
export * from './evaluation.schema';
export * from './notification.schema';
export * from './budget.schema';
export * from './framework.schema';
export * from './workflow-item.schema';
