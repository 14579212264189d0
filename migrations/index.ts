import type { MigrationInterface } from 'typeorm';
import { Foundation1763800000000 } from './1763800000000-foundation.js';
import { Analytics1763800200000 } from './1763800200000-analytics.js';
import { BillingSubscribers1763800400000 } from './1763800400000-billing-subscribers.js';
import { Distribution1763800500000 } from './1763800500000-distribution.js';
import { DistributionPublications1763800600000 } from './1763800600000-distribution-publications.js';
import { Engine1763800300000 } from './1763800300000-engine.js';
import { SubscriberAccess1764903600000 } from './1764903600000-subscriber-access.js';
import { AdminSessions1764950000000 } from './1764950000000-admin-sessions.js';
import { RecordChain1764980000000 } from './1764980000000-record-chain.js';
import { DistributionDigests1764990500000 } from './1764990500000-distribution-digests.js';
import { StrategySwitches1765000700000 } from './1765000700000-strategy-switches.js';
import { Reports1765000200000 } from './1765000200000-reports.js';
import { SubscriberHandles1765000400000 } from './1765000400000-subscriber-handles.js';
import { AdminAccess1765000300000 } from './1765000300000-admin-access.js';
import { ComplianceArchive1765000800000 } from './1765000800000-compliance-archive.js';
import { AccountSessions1765000500000 } from './1765000500000-account-sessions.js';
import { DistributionNarrativeUpdates1765000100000 } from './1765000100000-distribution-narrative-updates.js';
import { TelegramGroupMembers1765000600000 } from './1765000600000-telegram-group-members.js';
import { ArchiveMoveIndexes1765000810000 } from './1765000810000-archive-move-indexes.js';
import { Narratives1765000900000 } from './1765000900000-narratives.js';
import { OperatorAlertsManualQueue1765001000000 } from './1765001000000-operator-alerts-manual-queue.js';
import { ArchiveReportsStopMoves1765001100000 } from './1765001100000-archive-reports-stop-moves.js';

/**
 * Every migration, in order. Add new ones at the end (ESM: TypeORM takes classes, not globs).
 * Migrations must not name a schema: tests run each suite in a schema of its own.
 */
export const migrations: (new () => MigrationInterface)[] = [
  Foundation1763800000000,
  Analytics1763800200000,
  Engine1763800300000,
  BillingSubscribers1763800400000,
  Distribution1763800500000,
  DistributionPublications1763800600000,
  SubscriberAccess1764903600000,
  AdminSessions1764950000000,
  RecordChain1764980000000,
  DistributionDigests1764990500000,
  DistributionNarrativeUpdates1765000100000,
  Reports1765000200000,
  AdminAccess1765000300000,
  SubscriberHandles1765000400000,
  AccountSessions1765000500000,
  TelegramGroupMembers1765000600000,
  StrategySwitches1765000700000,
  ComplianceArchive1765000800000,
  ArchiveMoveIndexes1765000810000,
  Narratives1765000900000,
  OperatorAlertsManualQueue1765001000000,
  ArchiveReportsStopMoves1765001100000,
];
