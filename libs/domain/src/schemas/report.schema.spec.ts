import { REPORT_RENDER_STAGES, REPORT_RENDER_STAGE_INFO, reportDocumentSchema, reportRenderProgress } from './report.schema';

describe('a report version’s render progress', () => {
  it.each([
    // [stored stage, status, stage read, label, percent]
    ['queued', 'rendering', 'queued', '排队中', 0],
    ['collecting', 'rendering', 'collecting', '汇总数据', 10],
    ['docx', 'rendering', 'docx', '生成 Word', 30],
    ['storing', 'rendering', 'storing', '保存文件', 60],
    ['pdf', 'ready', 'pdf', '生成 PDF', 75],
    ['done', 'ready', 'done', '完成', 100],
    // Recorded before stages were: queued while rendering, done once ready.
    [null, 'rendering', 'queued', '排队中', 0],
    [null, 'ready', 'done', '完成', 100],
    // A failure keeps the stage it failed in.
    ['docx', 'failed', 'docx', '生成 Word', 30],
    [null, 'failed', 'queued', '排队中', 0],
  ] as const)('%s while %s reads as %s (%s, %i %%)', (stage, status, read, label, percent) => {
    expect(reportRenderProgress(stage, status)).toEqual({ stage: read, label, percent });
  });

  it('the stages go forward: each later one has a larger share of the work', () => {
    const percents = REPORT_RENDER_STAGES.map((stage) => REPORT_RENDER_STAGE_INFO[stage].percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(new Set(percents).size).toBe(REPORT_RENDER_STAGES.length);
    expect([percents[0], percents.at(-1)]).toEqual([0, 100]);
  });

  it('the version schema requires the progress and refuses an unknown stage', () => {
    const progress = reportDocumentSchema.shape.progress;
    expect(progress.safeParse({ stage: 'docx', label: '生成 Word', percent: 30 }).success).toBe(true);
    expect(progress.safeParse({ stage: 'printing', label: '打印', percent: 50 }).success).toBe(false);
    expect(progress.safeParse({ stage: 'done', label: '完成', percent: 101 }).success).toBe(false);
  });
});
