import { asSubject, type SubjectName } from '@evalflow/domain';

/** Tags a copy of `record` with its CASL subject type, leaving the (query-cached) record itself untouched. */
export function subjectOf<T extends Exclude<SubjectName, 'all'>>(type: T, record: object) {
  return asSubject(type, { ...record });
}
