/**
 * Delivery subscribes to the editors' approvals of model narrative (NARRATIVE_REQUIRE_APPROVAL):
 * an approved Premium text goes through the pipeline as the signal's narrative update, the same
 * follow-up a late model text becomes (once per signal; the approval's time is the update's).
 * Without a narrative store in the app there is nothing to bind.
 */
import { Inject, Injectable, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import type { NarrativeApprovals } from '../narrative/approval/narrative-approvals.js';
import { NARRATIVE_APPROVALS } from '../narrative/narrative.tokens.js';
import { DistributionService } from './distribution.service.js';

@Injectable()
export class NarrativeApprovalBinding implements OnApplicationBootstrap {
  constructor(
    @Inject(DistributionService) private readonly distribution: DistributionService,
    @Optional() @Inject(NARRATIVE_APPROVALS) private readonly approvals: NarrativeApprovals | null,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.approvals) return;
    this.approvals.onRelease(async (n) => {
      if (n.tier !== 'premium') return; // Basic and Free hear one message per signal
      await this.distribution.engine.receive({
        kind: 'update',
        update: {
          signalId: n.signalId,
          kind: 'narrative',
          at: n.at,
          reason: 'an editor approved the model narrative',
          narrative: n.text,
        },
      });
    });
    this.approvals.start();
  }
}
