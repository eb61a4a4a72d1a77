import { TreeSelect } from 'antd';
import type { RegionDto } from '@evalflow/domain';
import { buildRegionTree } from './region-tree';
import { useRegions } from './regions-api';

interface RegionTreeSelectProps {
  value?: string;
  onChange?: (value: string) => void;
  disabled?: boolean;
  isSelectable?: (region: RegionDto) => boolean;
  placeholder?: string;
  allowClear?: boolean;
}

/** Region picker over GET /api/regions, shown as the administrative hierarchy. */
export function RegionTreeSelect({ value, onChange, disabled, isSelectable = () => true, placeholder = '请选择所属区划', allowClear }: RegionTreeSelectProps) {
  const { data: regions = [], isPending } = useRegions();
  return (
    <TreeSelect
      value={value}
      onChange={onChange}
      disabled={disabled}
      loading={isPending}
      allowClear={allowClear}
      placeholder={placeholder}
      treeData={buildRegionTree(regions, isSelectable)}
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'title' }}
      style={{ width: '100%' }}
      data-testid="region-select"
    />
  );
}
