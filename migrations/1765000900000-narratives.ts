import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every narrative written, kept: one row per composition (a model call, or the template writer
 * alone) per (signal, tier) or other key — the writer and model, the prompt's facts and their
 * hash, the model's raw text, the fact-check verdict with its reasons, the text finally used,
 * tokens, cost and latency — with its approval state when NARRATIVE_REQUIRE_APPROVAL holds a
 * model's text for an editor, and every transition of that approval (narrative_event).
 * No personal data: narratives are written from signals and market facts only.
 */
export class Narratives1765000900000 implements MigrationInterface {
  name = 'Narratives1765000900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE narrative (
        id text PRIMARY KEY,
        kind text NOT NULL,
        cache_key text,
        signal_id text,
        tier text CHECK (tier IN ('premium', 'basic', 'free')),
        writer text NOT NULL CHECK (writer IN ('template', 'anthropic', 'openai')),
        model text NOT NULL,
        facts_hash text NOT NULL,
        facts jsonb NOT NULL,
        raw_text text,
        verdict text NOT NULL
          CHECK (verdict IN ('passed', 'rejected', 'timed_out', 'error', 'not_called')),
        verdict_detail jsonb,
        used_text text NOT NULL,
        used_source text NOT NULL CHECK (used_source IN ('model', 'template')),
        late boolean NOT NULL DEFAULT false,
        attempts integer NOT NULL DEFAULT 0,
        input_tokens integer NOT NULL DEFAULT 0,
        output_tokens integer NOT NULL DEFAULT 0,
        cost_usd numeric(14, 6) NOT NULL DEFAULT 0,
        latency_ms integer,
        approval text NOT NULL DEFAULT 'none'
          CHECK (approval IN ('none', 'pending', 'approved', 'held')),
        decided_at timestamptz,
        decided_by text,
        note text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX narrative_signal ON narrative (signal_id, tier, created_at)`);
    await q.query(`CREATE INDEX narrative_key ON narrative (cache_key, created_at)`);
    await q.query(`CREATE INDEX narrative_created ON narrative (created_at)`);
    await q.query(
      `CREATE INDEX narrative_approval ON narrative (approval, created_at) WHERE approval <> 'none'`,
    );
    // One model text per signal and tier may follow as an update: a second approval is refused.
    await q.query(
      `CREATE UNIQUE INDEX narrative_one_approved ON narrative (signal_id, tier)
        WHERE approval = 'approved'`,
    );
    await q.query(`
      CREATE TABLE narrative_event (
        id bigserial PRIMARY KEY,
        narrative_id text NOT NULL REFERENCES narrative (id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        action text NOT NULL,
        by text NOT NULL,
        note text
      )`);
    await q.query(`CREATE INDEX narrative_event_narrative ON narrative_event (narrative_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE narrative_event`);
    await q.query(`DROP TABLE narrative`);
  }
}
