import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RectificationItemDto, UpdateRectificationItemInput } from '@evalflow/domain';
import { api } from '../api/api-client';
import { evaluationKeys, evaluationPath } from '../evaluations/evaluations-api';
import { taskKeys } from '../home/tasks-api';
import type { WorkflowSubject } from '../workflow/workflow-api';

export const rectificationItemPath = (id: string) => `/rectification-items/${encodeURIComponent(id)}`;

export const rectificationKeys = {
  item: (id: string) => ['rectification-items', id] as const,
};

/** States in which the department still writes the item (the API's rule; the page only decides what to offer). */
export const EDITABLE_STATES: readonly string[] = ['open', 'plan_submitted', 'in_progress', 'returned', 'partly_rectified'];


export function useRectificationItems(evaluationId: string) {
  return useQuery({
    queryKey: evaluationKeys.rectificationItems(evaluationId),
    queryFn: ({ signal }) => api.get<{ items: RectificationItemDto[] }>(evaluationPath(evaluationId, '/rectification-items'), undefined, signal),
  });
}

export function useRectificationItem(id: string) {
  return useQuery({
    queryKey: rectificationKeys.item(id),
    queryFn: ({ signal }) => api.get<RectificationItemDto>(rectificationItemPath(id), undefined, signal),
  });
}

/** Saves the department's plan and evidence against the version shown; refreshes the item, its evaluation and the inbox. */
export function useSaveRectificationItem(item: RectificationItemDto) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateRectificationItemInput) => api.patch<RectificationItemDto>(rectificationItemPath(item.id), input),
    onSuccess: (saved) => queryClient.setQueryData(rectificationKeys.item(item.id), saved),
    onSettled: (_data, error) =>
      Promise.all([
        // A refused save keeps the typing: the page offers the reload itself.
        error ? undefined : queryClient.invalidateQueries({ queryKey: rectificationKeys.item(item.id) }),
        queryClient.invalidateQueries({ queryKey: evaluationKeys.detail(item.evaluation.id) }),
        queryClient.invalidateQueries({ queryKey: taskKeys.all }),
      ]),
  });
}

export const itemTitle = (item: Pick<RectificationItemDto, 'finding'>) => `问题${item.finding.seq}：${item.finding.title}`;

/** The item for the shared actions bar and history: a transition also changes its evaluation (its list, whether it may close). */
export function rectificationSubject(item: RectificationItemDto): WorkflowSubject {
  return {
    path: rectificationItemPath(item.id),
    queryKey: rectificationKeys.item(item.id),
    invalidates: [evaluationKeys.detail(item.evaluation.id)],
    version: item.version,
    stateLabel: item.stateLabel,
    terminal: item.terminal,
    name: `整改事项“${itemTitle(item)}”`,
    commentLabels: {
      report_progress: { label: '整改进展', placeholder: '请写明已完成的整改工作和下一步安排，将记入流转记录；本次上传的文件随进展一并记录' },
      verify: { label: '核查意见', placeholder: '如：整改措施已落实，佐证材料齐全，同意销号' },
      verify_partly: { label: '核查意见（已完成和尚需整改的内容）', placeholder: '请写明哪些已整改到位、哪些尚需继续整改，部门将据此确定新的整改时限' },
      return: { label: '退回理由', placeholder: '请写明退回的原因和需补充的材料' },
    },
  };
}
