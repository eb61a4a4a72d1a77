import { z } from 'zod';
import { deadlineSettingSchema } from '../schemas/evaluation.schema';

/**
 * Moving a running (or not yet running) deadline, or changing its owner: the new setting and the deadline version
 * read. A changed due date or owner bumps the version and reschedules the reminders.
 */
export const moveDeadlineSchema = z.object({ setting: deadlineSettingSchema, expectedVersion: z.number().int().min(1) }).strict();
export type MoveDeadlineInput = z.infer<typeof moveDeadlineSchema>;
