/**
 * Port: erasing a subscriber's personal data from rows other modules keep (deliveries, the
 * compliance archive). The privacy delete calls it in the transaction that deletes the
 * subscriber row; the archive module provides it (PERSONAL_DATA_ERASER).
 */
import type { Sql } from '../database/sql.js';

export const PERSONAL_DATA_ERASER = Symbol('PersonalDataEraser');

export interface PersonalDataEraser {
  erase(sql: Sql, subscriberId: string): Promise<void>;
}
