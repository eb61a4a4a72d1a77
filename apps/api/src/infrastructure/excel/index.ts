export * from './excel-download';
export * from './excel-upload';
export * from './excel-cells';
