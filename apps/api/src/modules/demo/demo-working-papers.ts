import type { INestApplication } from '@nestjs/common';
import type { createAbility } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { WorkflowRunner } from '../workflow/engine/workflow-runner.service';
import { WorkingPapersService } from '../working-papers/working-papers.service';

type Actor = { user: AuthenticatedUser; ability: ReturnType<typeof createAbility> };

/**
 * The fieldwork evaluation's 工作底稿, made through the services like a team makes them: an interview note the lead
 * has reviewed and signed off (已复核), and a satisfaction questionnaire with its counts, submitted and waiting for
 * the lead's review (待复核, in the lead's 我的待办).
 */
export async function writeDemoWorkingPapers(app: INestApplication, evaluationId: string, lead: Actor, evaluator: Actor, today: string): Promise<void> {
  const papers = app.get(WorkingPapersService);
  const runner = app.get(WorkflowRunner);
  const daysAgo = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
  const fire = async (actor: Actor, id: string, action: string) =>
    runner.fire('working_paper', actor.user, actor.ability, id, { action, expectedVersion: (await papers.get(actor.user, actor.ability, id)).version });

  const interview = await papers.create(evaluator.user, evaluator.ability, evaluationId, {
    kind: 'interview',
    title: '与办公厅财务科、综合科座谈',
    paperDate: daysAgo(6),
    content:
      '1. 部门预算由财务科汇总编制，各科室提出需求，年中追加预算3次，主要为临时性会务保障。\n' +
      '2. 政府采购由综合科统一办理，2025年度采购项目12个，均签订合同。\n' +
      '3. 部分会计凭证原件正在接受巡查，暂无法提供，已约定巡查结束后补交。',
    details: { participants: '刘主任、张敏（财务科）；王建国、陈静（评价组）', place: '长沙市人民政府办公厅三楼会议室' },
  });
  await fire(evaluator, interview.id, 'submit');
  await fire(lead, interview.id, 'sign_off');

  const questionnaire = await papers.create(evaluator.user, evaluator.ability, evaluationId, {
    kind: 'questionnaire',
    title: '政务服务对象满意度调查',
    paperDate: daysAgo(3),
    content: '在政务服务大厅向办事群众发放问卷120份，收回有效问卷112份。',
    details: {
      respondents: '政务服务大厅办事群众',
      validResponses: 112,
      questions: [
        { text: '办事效率', counts: { verySatisfied: 46, satisfied: 48, fairlySatisfied: 14, dissatisfied: 4 } },
        { text: '服务态度', counts: { verySatisfied: 58, satisfied: 40, fairlySatisfied: 10, dissatisfied: 4 } },
        { text: '办事指南清晰程度', counts: { verySatisfied: 30, satisfied: 44, fairlySatisfied: 26, dissatisfied: 10 } },
      ],
    },
  });
  await fire(evaluator, questionnaire.id, 'submit');
}
