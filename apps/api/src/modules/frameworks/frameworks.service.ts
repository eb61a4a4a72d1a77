import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Workbook } from 'exceljs';
import {
  DomainError,
  asSubject,
  frameworkProblems,
  type AppAbility,
  type CreateFrameworkDraftInput,
  type FieldIssue,
  type FrameworkVersionDto,
  type PublishFrameworkInput,
  type SaveFrameworkDraftInput,
} from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { assertCan } from '../../authz/record-access';
import { versionConflict } from '../../common/version-conflict';
import { parseUploadedWorkbook, type UploadedExcelFile } from '../../infrastructure/excel';
import { FRAMEWORK_WORKBOOK_READER, frameworkToWorkbook } from './framework-workbook';
import { FrameworksRepository, type DraftContent, type FrameworkVersionRecord } from './frameworks.repository';

/** The subject the permission rules see (permissions.ts FrameworkSubject). */
const subjectOf = (record: Pick<FrameworkVersionRecord, 'id' | 'organisationId' | 'builtIn'>) => ({ id: record.id, organisationId: record.organisationId, builtIn: record.builtIn });

/** The problems as field issues: a message naming a node points at that node's index; header ones at the declaration. */
export function problemIssues(problems: readonly string[], nodes: DraftContent['nodes']): FieldIssue[] {
  return problems.map((message) => {
    if (message.startsWith('表头')) return { path: 'declaredLevel1Weights', message };
    const code = /^指标(?:编码)?\s*“?([^\s（”]+)/.exec(message)?.[1];
    const index = code === undefined ? -1 : nodes.findIndex((n) => n.code === code);
    return { path: index >= 0 ? `nodes.${index}` : 'nodes', message };
  });
}

/**
 * Indicator frameworks (指标体系): published versions for everyone to use, drafts for the finance admins of the owning
 * bureau. A draft is saved whole (the editor holds the tree), validated by the domain's `frameworkProblems`, and
 * published as the next version of its family only when it has no problems. Published versions never change.
 */
@Injectable()
export class FrameworksService {
  constructor(private readonly frameworks: FrameworksRepository) {}

  async list(user: AuthenticatedUser, ability: AppAbility) {
    const editable = ability.can('update', asSubject('Framework', { id: '', organisationId: user.organisationId, builtIn: false }));
    const records = await this.frameworks.list(editable ? [user.organisationId] : []);
    return records.map(({ nodes, ...summary }) => ({
      ...summary,
      status: summary.publishedAt ? ('published' as const) : ('draft' as const),
      indicatorCount: nodes.filter((n) => n.level === 3).length,
      editable: ability.can('update', asSubject('Framework', subjectOf(summary))),
    }));
  }

  async get(ability: AppAbility, id: string): Promise<FrameworkVersionDto> {
    return this.toDto(await this.loadVisible(ability, id));
  }

  async problems(ability: AppAbility, id: string): Promise<{ problems: string[]; issues: FieldIssue[] }> {
    const record = await this.loadVisible(ability, id);
    const problems = frameworkProblems(record);
    return { problems, issues: problemIssues(problems, record.nodes) };
  }

  /** A new draft: a copy of a published version (of any bureau, or a built-in), or blank. */
  async createDraft(user: AuthenticatedUser, ability: AppAbility, input: CreateFrameworkDraftInput): Promise<FrameworkVersionDto> {
    this.assertMayCreate(user, ability);
    if (!input.fromVersionId) {
      const record = await this.frameworks.createDraft({
        code: `custom-${randomUUID().slice(0, 8)}`,
        name: input.name!,
        scope: input.scope!,
        declaredLevel1Weights: null,
        nodes: [],
        organisationId: user.organisationId,
        basedOnId: null,
        userId: user.id,
      });
      return this.toDto(record);
    }
    const source = await this.loadVisible(ability, input.fromVersionId);
    if (!source.publishedAt) throw new DomainError('RULE_VIOLATION', '只能从已发布的版本创建草稿', [{ path: 'fromVersionId', message: 'not a published version' }]);
    const record = await this.frameworks.createDraft({
      code: familyCodeFor(source, user.organisationId),
      name: input.name ?? source.name,
      scope: source.scope,
      declaredLevel1Weights: source.declaredLevel1Weights,
      nodes: source.nodes,
      organisationId: user.organisationId,
      basedOnId: source.id,
      userId: user.id,
    });
    return this.toDto(record);
  }

  async saveDraft(user: AuthenticatedUser, ability: AppAbility, id: string, input: SaveFrameworkDraftInput): Promise<FrameworkVersionDto> {
    const current = await this.loadEditableDraft(ability, id);
    const content: DraftContent = { name: input.name, scope: input.scope, declaredLevel1Weights: emptyToNull(input.declaredLevel1Weights), nodes: input.nodes };
    const saved = await this.frameworks.updateDraft(id, input.expectedRevision, content, user.id);
    if (!saved) {
      const now = await this.frameworks.findById(id);
      if (now?.publishedAt) throw publishedIsImmutable();
      throw versionConflict(now?.revision ?? current.revision);
    }
    return this.toDto(saved);
  }

  /** 发布: 422 with every problem when the draft is not a valid framework; the draft becomes version N+1 of its family. */
  async publish(user: AuthenticatedUser, ability: AppAbility, id: string, input: PublishFrameworkInput): Promise<FrameworkVersionDto> {
    return this.frameworks.db.transaction(async (manager) => {
      const draft = await this.frameworks.findById(id, manager, true);
      if (!draft || !this.visible(ability, draft)) throw new DomainError('NOT_FOUND', 'Framework not found');
      assertCan(ability, 'update', 'Framework', subjectOf(draft));
      if (draft.publishedAt) throw publishedIsImmutable();
      if (draft.revision !== input.expectedRevision) throw versionConflict(draft.revision);
      const problems = frameworkProblems(draft);
      if (problems.length) throw new DomainError('RULE_VIOLATION', `指标体系有 ${problems.length} 个问题，不能发布`, problemIssues(problems, draft.nodes));
      const owners = await this.frameworks.familyOwners(manager, draft.code);
      if (owners.some((owner) => owner !== draft.organisationId)) {
        throw new DomainError('CONFLICT', `编码 ${draft.code} 的指标体系属于其他单位`, [{ path: 'code', message: 'the family belongs to another organisation' }]);
      }
      return this.toDto(await this.frameworks.publish(manager, draft.id, draft.code, user.id));
    });
  }

  /** Excel → a new draft of the caller's bureau; row errors come back together as a 422 ("第N行: …"). */
  async importWorkbook(user: AuthenticatedUser, ability: AppAbility, file: UploadedExcelFile | undefined): Promise<FrameworkVersionDto> {
    this.assertMayCreate(user, ability);
    const fallbackName = (file?.originalname ?? '导入的指标体系').replace(/\.xlsx$/i, '').slice(0, 200);
    // Read in a bounded worker: over a limit (unpacked size, rows, time, memory) is a 422 and nothing is written.
    const { content, issues } = await parseUploadedWorkbook(file, FRAMEWORK_WORKBOOK_READER, fallbackName.length >= 2 ? fallbackName : '导入的指标体系');
    if (issues.length) throw new DomainError('RULE_VIOLATION', `Excel 中有 ${issues.length} 处错误，未导入`, issues);
    const record = await this.frameworks.createDraft({ ...content, code: `custom-${randomUUID().slice(0, 8)}`, organisationId: user.organisationId, basedOnId: null, userId: user.id });
    return this.toDto(record);
  }

  async exportWorkbook(ability: AppAbility, id: string): Promise<{ workbook: Workbook; filename: string }> {
    const record = await this.loadVisible(ability, id);
    const workbook = frameworkToWorkbook(record);
    const suffix = record.version === null ? '草稿' : `第${record.version}版`;
    return { workbook, filename: `${record.name}（${suffix}）.xlsx` };
  }

  /** Published versions are for everyone; a draft only for those who may edit it (others get 404, not 403). */
  private visible(ability: AppAbility, record: FrameworkVersionRecord): boolean {
    return record.publishedAt !== null || ability.can('update', asSubject('Framework', subjectOf(record)));
  }

  private async loadVisible(ability: AppAbility, id: string): Promise<FrameworkVersionRecord> {
    const record = await this.frameworks.findById(id);
    if (!record || !this.visible(ability, record)) throw new DomainError('NOT_FOUND', 'Framework not found');
    assertCan(ability, 'read', 'Framework', subjectOf(record));
    return record;
  }

  private async loadEditableDraft(ability: AppAbility, id: string): Promise<FrameworkVersionRecord> {
    const record = await this.loadVisible(ability, id);
    assertCan(ability, 'update', 'Framework', subjectOf(record));
    if (record.publishedAt) throw publishedIsImmutable();
    return record;
  }

  private assertMayCreate(user: AuthenticatedUser, ability: AppAbility): void {
    const target = asSubject('Framework', { id: '', organisationId: user.organisationId, builtIn: false });
    if (!ability.can('create', target)) {
      const rule = ability.relevantRuleFor('create', target);
      throw new DomainError('FORBIDDEN', rule?.inverted && rule.reason ? rule.reason : 'only finance admins edit indicator frameworks');
    }
  }

  private toDto(record: FrameworkVersionRecord): FrameworkVersionDto {
    const { publishedAt } = record;
    return { ...record, status: publishedAt ? 'published' : 'draft', problems: frameworkProblems(record) };
  }
}

function publishedIsImmutable(): DomainError {
  return new DomainError('CONFLICT', '已发布的指标体系版本不能修改；请从该版本创建新草稿', [{ path: 'id', message: 'published versions are immutable' }]);
}

function emptyToNull(declared: Record<string, number> | null | undefined): Record<string, number> | null {
  return declared && Object.keys(declared).length ? declared : null;
}

/**
 * The family a copy belongs to: a bureau's own versions continue their family; a copy of a built-in or of another
 * bureau's framework starts the bureau's own family (`<source family>-<bureau id prefix>`), so one bureau can never
 * publish into another's numbering or into the built-ins'.
 */
export function familyCodeFor(source: Pick<FrameworkVersionRecord, 'code' | 'organisationId'>, organisationId: string): string {
  if (source.organisationId === organisationId) return source.code;
  const base = source.code.replace(/-[0-9a-f]{8}$/, '').slice(0, 50);
  return `${base}-${organisationId.replace(/-/g, '').slice(0, 8)}`;
}
