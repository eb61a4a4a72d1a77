import { DomainError } from '@evalflow/domain';

/** 409: someone changed the record since the caller loaded it; `details` tells the version (and state) it has now. */
export function versionConflict(currentVersion: number | undefined, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('VERSION_CONFLICT', 'The record was changed by someone else; reload it and try again', { currentVersion, ...details });
}
