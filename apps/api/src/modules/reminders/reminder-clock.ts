import { Injectable } from '@nestjs/common';

/**
 * "Now" for the reminders: when a point is due, which points are already past, what day a run belongs to. Tests
 * place it (`set`) instead of sleeping for days; in production it is the system clock.
 */
@Injectable()
export class ReminderClock {
  private fixed: number | null = null;

  now(): Date {
    return new Date(this.fixed ?? Date.now());
  }

  /** Fixes "now" at `instant` (null: back to the system clock). */
  set(instant: Date | null): void {
    this.fixed = instant ? instant.getTime() : null;
  }

  /** The Beijing day of an instant (China has one time zone and no daylight saving). */
  static beijingDay(instant: Date): string {
    return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  }

  today(): string {
    return ReminderClock.beijingDay(this.now());
  }
}

/** Reminders go out at 09:00 Beijing time on their day (DOMAIN: office hours; one run per recipient per day). */
export const REMINDER_HOUR = 9;
export function reminderTimeOf(date: string): Date {
  return new Date(`${date}T${String(REMINDER_HOUR).padStart(2, '0')}:00:00+08:00`);
}
