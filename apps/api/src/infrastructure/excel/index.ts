export * from './excel-download';
export * from './excel-upload';
export * from './excel-cells';
export * from './sheet-rows';
export * from './workbook-reader';
export * from './workbook-parser';
