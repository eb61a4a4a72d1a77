import type { GuardDefinition, Label, Permit, StateDefinition, WorkflowDefinition } from './definition.types';
import { factIsTrue } from './guards';
import { ASSIGNED_TEAM, DEPARTMENT_HEAD, ITEM_OWNER, TO_DEPARTMENT_HEAD, TO_ITEM_OWNER, TO_TEAM } from './parties';

/*
 * One item of the document request list (资料清单), DOMAIN §2.3. The team creates it in `requested` with a due date
 * (the API schedules the `document_request` deadline then). The department answers: provided, partly provided, or
 * not provided with the reason ("由于正在接受巡查，未提供凭证") — an item not provided is evidence too, so the team
 * accepts that answer like any other. The team may send an answer back; a returned item takes the same three
 * answers as a requested one, so "back to requested" needs no extra step and the return stays visible in the state.
 *
 * Who answers: the item's owner (责任人, a user of the department named when the item is issued) and the department
 * head, who may act for an absent owner — as on a rectification item. An item issued without an owner is answered
 * by the department head only: nobody else of the department has been made responsible for it, and the head is the
 * one who would name somebody. The same rule covers the department's uploads and its 登记提供情况 note (the API).
 */

export type DocumentRequestFacts = {
  /** Files are attached, or a handover of paper originals is recorded (vouchers are often inspected on site). */
  materialsRecorded: boolean;
};

export const DOCUMENT_REQUEST_GUARDS = [
  {
    id: 'materials_recorded',
    zh: '已上传资料或登记纸质资料移交',
    en: 'files attached or paper handover recorded',
    reads: ['materialsRecorded'],
    test: (f) => factIsTrue(f.materialsRecorded),
  },
] as const satisfies readonly GuardDefinition<string, DocumentRequestFacts>[];
export type DocumentRequestGuardId = (typeof DOCUMENT_REQUEST_GUARDS)[number]['id'];

export const DOCUMENT_REQUEST_STATES = [
  { id: 'requested', label: { zh: '待提供', en: 'Requested' } },
  { id: 'provided', label: { zh: '已提供', en: 'Provided' } },
  { id: 'partly_provided', label: { zh: '部分提供', en: 'Partly provided' } },
  { id: 'not_provided', label: { zh: '未提供', en: 'Not provided' } },
  { id: 'accepted', label: { zh: '已确认', en: 'Accepted' } },
  { id: 'returned', label: { zh: '退回补充', en: 'Returned' } },
] as const satisfies readonly StateDefinition[];
export type DocumentRequestState = (typeof DOCUMENT_REQUEST_STATES)[number]['id'];

export const DOCUMENT_REQUEST_ACTIONS = ['provide', 'provide_partly', 'decline', 'accept', 'return'] as const;
export type DocumentRequestAction = (typeof DOCUMENT_REQUEST_ACTIONS)[number];

/** Who answers an item: its owner, or the department head (the only one for an item without an owner). */
export const DOCUMENT_REQUEST_ANSWERERS: readonly Permit[] = [ITEM_OWNER, DEPARTMENT_HEAD];
/** The refusal a department user who is neither hears, for a transition, an upload or the materials note alike. */
export const DOCUMENT_REQUEST_NOT_ANSWERER: Label = {
  zh: '只有该资料的负责人或部门负责人可以办理',
  en: "only the item's owner or the department head may answer it",
};

const ANSWERABLE: readonly DocumentRequestState[] = ['requested', 'returned'];
const ANSWERED: readonly DocumentRequestState[] = ['provided', 'partly_provided', 'not_provided'];
const ANSWER_EFFECTS = [
  { type: 'cancel_deadline', deadline: 'document_request' },
  { type: 'notify', to: [TO_TEAM], template: 'document_request.answered' },
] as const;
/** Materials handed over after all make an open 资料未提供 proposal obsolete. */
const PROVIDED_EFFECTS = [...ANSWER_EFFECTS, { type: 'obsolete_document_finding' }] as const;

export const DOCUMENT_REQUEST: WorkflowDefinition<
  DocumentRequestState,
  DocumentRequestAction,
  DocumentRequestGuardId,
  DocumentRequestFacts
> = {
  id: 'document_request',
  label: { zh: '资料清单事项', en: 'Document request' },
  states: DOCUMENT_REQUEST_STATES,
  initial: 'requested',
  terminal: ['accepted'],
  actions: DOCUMENT_REQUEST_ACTIONS,
  guards: DOCUMENT_REQUEST_GUARDS,
  // A department user who is not the owner: the plain rule rather than 须为事项责任人.
  notAssignedMessages: { item_owner: DOCUMENT_REQUEST_NOT_ANSWERER },
  transitions: [
    {
      action: 'provide',
      from: ANSWERABLE,
      to: 'provided',
      label: { zh: '提供资料', en: 'Provide' },
      permits: DOCUMENT_REQUEST_ANSWERERS,
      guards: ['materials_recorded'],
      effects: PROVIDED_EFFECTS,
    },
    {
      action: 'provide_partly',
      from: ANSWERABLE,
      to: 'partly_provided',
      label: { zh: '部分提供（说明缺少部分）', en: 'Provide partly' },
      permits: DOCUMENT_REQUEST_ANSWERERS,
      guards: ['materials_recorded'],
      requiresComment: true,
      effects: PROVIDED_EFFECTS,
    },
    {
      action: 'decline',
      from: ANSWERABLE,
      to: 'not_provided',
      label: { zh: '说明未提供原因', en: 'State why not provided' },
      permits: DOCUMENT_REQUEST_ANSWERERS,
      requiresComment: true,
      // 资料未提供 is evidence: it is proposed as a finding against the indicators that need the material.
      effects: [...ANSWER_EFFECTS, { type: 'propose_document_finding' }],
    },
    {
      action: 'accept',
      from: ANSWERED,
      to: 'accepted',
      label: { zh: '确认', en: 'Accept' },
      permits: [ASSIGNED_TEAM],
      effects: [],
    },
    {
      action: 'return',
      from: ANSWERED,
      to: 'returned',
      label: { zh: '退回补充', en: 'Return' },
      permits: [ASSIGNED_TEAM],
      requiresComment: true,
      effects: [
        { type: 'schedule_deadline', deadline: 'document_request' },
        // The owner answers again (the head as well: it may act for the owner, and is the one who answers an unowned item).
        { type: 'notify', to: [TO_ITEM_OWNER, TO_DEPARTMENT_HEAD], template: 'document_request.returned' },
      ],
    },
  ],
};
