import type { TablePaginationConfig } from 'antd';

/** Pagination for a table whose rows are paged by the API ({items, total, page, pageSize}). */
export function serverPagination(page: number, pageSize: number, total: number, onChange: (page: number, pageSize: number) => void): TablePaginationConfig {
  return { current: page, pageSize, total, showSizeChanger: true, showTotal: (count) => `共 ${count} 条`, onChange };
}
