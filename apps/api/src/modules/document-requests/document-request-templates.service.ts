import { Injectable } from '@nestjs/common';
import {
  BUILT_IN_DOCUMENT_REQUEST_ITEMS,
  BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID,
  BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_NAME,
  DomainError,
  asSubject,
  templateItemProblems,
  type AppAbility,
  type CreateDocumentRequestTemplateInput,
  type DocumentRequestTemplateDto,
  type DocumentRequestTemplateItem,
  type UpdateDocumentRequestTemplateInput,
} from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { assertCan } from '../../authz/record-access';
import { versionConflict } from '../../common/version-conflict';
import { evaluationSubject } from '../evaluations/evaluation-lifecycle';
import { EvaluationRepository } from '../evaluations/evaluation.repository';
import { DocumentRequestTemplateRepository, type DocumentRequestTemplateRow } from './document-request-template.repository';

const NOT_FOUND = '资料清单模板不存在';

/** The built-in template as the API answers it (version 1: it changes with releases, not by editing). */
export const BUILT_IN_TEMPLATE: DocumentRequestTemplateDto = {
  id: BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID,
  name: BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_NAME,
  builtIn: true,
  organisation: null,
  items: BUILT_IN_DOCUMENT_REQUEST_ITEMS.map((item) => ({ ...item, indicatorCodes: [...item.indicatorCodes] })),
  version: 1,
  updatedAt: null,
};

/**
 * 资料清单模板: the built-in one and each finance bureau's own. They are reference data like the indicator
 * frameworks and are edited by the same people — the 绩效科负责人 (finance_admin) of the bureau, through the same
 * CASL rule (`update Framework` of their own organisation); a system administrator may not.
 */
@Injectable()
export class DocumentRequestTemplatesService {
  constructor(
    private readonly templates: DocumentRequestTemplateRepository,
    private readonly evaluations: EvaluationRepository,
  ) {}

  /**
   * The templates the caller may use: the built-in one and their own bureau's; with an evaluation, the built-in one
   * and the evaluation's commissioning bureau's (what its team issues the list from). 404 for an evaluation the
   * caller cannot read.
   */
  async list(user: AuthenticatedUser, ability: AppAbility, evaluationId?: string): Promise<DocumentRequestTemplateDto[]> {
    let organisationId = user.organisationId;
    if (evaluationId) {
      const evaluation = await this.evaluations.findById(evaluationId);
      if (!evaluation) throw new DomainError('NOT_FOUND', 'Evaluation not found');
      assertCan(ability, 'read', 'Evaluation', evaluationSubject(evaluation));
      organisationId = evaluation.commissioningOrganisationId;
    }
    const own = await this.templates.findByOrganisation(organisationId);
    return own ? [BUILT_IN_TEMPLATE, toDto(own)] : [BUILT_IN_TEMPLATE];
  }

  /** The built-in one for anyone; a bureau's own for the bureau's users (the team sees it through `list` of its evaluation). */
  async get(user: AuthenticatedUser, id: string): Promise<DocumentRequestTemplateDto> {
    if (id === BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID) return BUILT_IN_TEMPLATE;
    const row = await this.templates.findById(id);
    if (!row || row.organisationId !== user.organisationId) throw new DomainError('NOT_FOUND', NOT_FOUND);
    return toDto(row);
  }

  /** The template an evaluation's list may be issued from: the built-in one or its commissioning bureau's (else 422 on templateId). */
  async forEvaluation(templateId: string, commissioningOrganisationId: string): Promise<DocumentRequestTemplateDto> {
    if (templateId === BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID) return BUILT_IN_TEMPLATE;
    const row = await this.templates.findById(templateId);
    if (!row || row.organisationId !== commissioningOrganisationId) {
      throw new DomainError('RULE_VIOLATION', '资料清单模板不可用', [{ path: 'templateId', message: '只能使用内置模板或委托财政部门的模板' }]);
    }
    return toDto(row);
  }

  /** The finance admin copies the built-in template into the bureau's own (one per bureau: 409 when it has one). */
  async create(user: AuthenticatedUser, ability: AppAbility, input: CreateDocumentRequestTemplateInput): Promise<DocumentRequestTemplateDto> {
    this.assertEditor(user, ability, user.organisationId);
    const id = await this.templates.create(this.templates.db, user.organisationId, input.name ?? `${user.organisationName}资料清单模板`, BUILT_IN_TEMPLATE.items, user.id);
    if (!id) throw new DomainError('CONFLICT', '本单位已有资料清单模板，请直接编辑');
    return toDto((await this.templates.findById(id))!);
  }

  /** The whole item list in its new order; items without a key are new and get one. Optimistic (expectedVersion). */
  async update(user: AuthenticatedUser, ability: AppAbility, id: string, input: UpdateDocumentRequestTemplateInput): Promise<DocumentRequestTemplateDto> {
    if (id === BUILT_IN_DOCUMENT_REQUEST_TEMPLATE_ID) {
      if (!ability.can('update', asSubject('Framework', { organisationId: user.organisationId }))) throw new DomainError('FORBIDDEN', '只有财政部门绩效科负责人可以编辑资料清单模板');
      throw new DomainError('RULE_VIOLATION', '内置模板不能修改，请先复制为本单位模板');
    }
    await this.templates.db.transaction(async (runner) => {
      const row = await this.templates.findById(id, runner, true);
      if (!row || row.organisationId !== user.organisationId) {
        // Another bureau's template is not disclosed to a finance admin, nor to anyone else.
        throw new DomainError('NOT_FOUND', NOT_FOUND);
      }
      this.assertEditor(user, ability, row.organisationId);
      if (row.version !== input.expectedVersion) throw versionConflict(row.version);
      const items = withKeys(input.items);
      const problems = templateItemProblems(items);
      if (problems.length) throw new DomainError('VALIDATION_FAILED', '资料清单模板的内容不符合要求', problems);
      if (!(await this.templates.update(runner, id, input.expectedVersion, input.name, items, user.id))) throw versionConflict(undefined);
    });
    return toDto((await this.templates.findById(id))!);
  }

  private assertEditor(user: AuthenticatedUser, ability: AppAbility, organisationId: string): void {
    if (user.organisationKind !== 'finance_bureau' || !ability.can('update', asSubject('Framework', { organisationId }))) {
      throw new DomainError('FORBIDDEN', '只有财政部门绩效科负责人可以编辑本单位的资料清单模板');
    }
  }
}

/** New items get a key from their position and time, unique within the template (kept on later edits). */
function withKeys(items: UpdateDocumentRequestTemplateInput['items']): DocumentRequestTemplateItem[] {
  const taken = new Set(items.map((item) => item.key).filter(Boolean));
  const stamp = Date.now().toString(36);
  return items.map((item, index) => {
    if (item.key) return { ...item, key: item.key };
    let key = `item_${stamp}_${index}`;
    while (taken.has(key)) key = `${key}_`;
    taken.add(key);
    return { ...item, key };
  });
}

function toDto(row: DocumentRequestTemplateRow): DocumentRequestTemplateDto {
  return {
    id: row.id,
    name: row.name,
    builtIn: false,
    organisation: { id: row.organisationId, name: row.organisationName },
    items: row.items,
    version: row.version,
    updatedAt: row.updatedAt,
  };
}
