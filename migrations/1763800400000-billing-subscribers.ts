import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Subscribers, their Stripe subscriptions, webhook idempotency, tier audit, entitlements. */
export class BillingSubscribers1763800400000 implements MigrationInterface {
  name = 'BillingSubscribers1763800400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subscriber (
        id uuid PRIMARY KEY,
        email text UNIQUE,
        email_status text NOT NULL DEFAULT 'none',
        email_verified_at timestamptz,
        soft_bounces integer NOT NULL DEFAULT 0,
        tier text NOT NULL DEFAULT 'free',
        tier_reason text NOT NULL DEFAULT 'no_subscription',
        tier_changes_at timestamptz,
        preferences jsonb NOT NULL,
        telegram_chat_id text UNIQUE,
        telegram_user_id text,
        discord_user_id text UNIQUE,
        stripe_customer_id text UNIQUE,
        comp_tier text,
        comp_until timestamptz,
        paused boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT subscriber_tier_check CHECK (tier IN ('premium', 'basic', 'free')),
        CONSTRAINT subscriber_email_status_check CHECK (email_status IN
          ('none', 'pending', 'verified', 'unsubscribed', 'bounced', 'complained'))
      )`);
    await q.query(`CREATE INDEX subscriber_tier_id ON subscriber (tier, id)`);
    await q.query(
      `CREATE INDEX subscriber_tier_changes_at ON subscriber (tier_changes_at) WHERE tier_changes_at IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE billing_subscription (
        id text PRIMARY KEY,
        subscriber_id uuid REFERENCES subscriber (id) ON DELETE SET NULL,
        customer_id text NOT NULL,
        status text NOT NULL,
        price_id text NOT NULL,
        unit_amount integer NOT NULL,
        currency text NOT NULL,
        billing_interval text NOT NULL,
        interval_count integer NOT NULL,
        quantity integer NOT NULL,
        cancel_at_period_end boolean NOT NULL,
        current_period_end timestamptz,
        trial_end timestamptz,
        canceled_at timestamptz,
        ended_at timestamptz,
        past_due_since timestamptz,
        created_at timestamptz NOT NULL,
        state_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX billing_subscription_subscriber ON billing_subscription (subscriber_id)`,
    );
    await q.query(
      `CREATE INDEX billing_subscription_customer ON billing_subscription (customer_id)`,
    );
    await q.query(`
      CREATE TABLE stripe_event (
        id text PRIMARY KEY,
        type text NOT NULL,
        created_at timestamptz NOT NULL,
        processed_at timestamptz NOT NULL,
        outcome text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE billing_invoice_event (
        id bigserial PRIMARY KEY,
        event_id text NOT NULL,
        invoice_id text NOT NULL,
        subscription_id text,
        subscriber_id uuid REFERENCES subscriber (id) ON DELETE SET NULL,
        kind text NOT NULL CHECK (kind IN ('paid', 'failed')),
        amount_cents integer NOT NULL,
        currency text NOT NULL,
        payment_intent text,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX billing_invoice_event_at ON billing_invoice_event (kind, at)`);
    await q.query(`
      CREATE TABLE billing_refund (
        id text PRIMARY KEY,
        subscriber_id uuid REFERENCES subscriber (id) ON DELETE SET NULL,
        payment_intent text NOT NULL,
        amount_cents integer NOT NULL,
        currency text NOT NULL,
        status text NOT NULL,
        actor text NOT NULL,
        reason text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE tier_event (
        id bigserial PRIMARY KEY,
        subscriber_id uuid NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        from_tier text NOT NULL,
        to_tier text NOT NULL,
        reason text NOT NULL
      )`);
    await q.query(`CREATE INDEX tier_event_subscriber ON tier_event (subscriber_id, id)`);
    await q.query(`
      CREATE TABLE telegram_invite (
        id bigserial PRIMARY KEY,
        subscriber_id uuid NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
        chat_id text NOT NULL,
        tier text NOT NULL,
        invite_link text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX telegram_invite_subscriber ON telegram_invite (subscriber_id, chat_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE telegram_invite`);
    await q.query(`DROP TABLE tier_event`);
    await q.query(`DROP TABLE billing_refund`);
    await q.query(`DROP TABLE billing_invoice_event`);
    await q.query(`DROP TABLE stripe_event`);
    await q.query(`DROP TABLE billing_subscription`);
    await q.query(`DROP TABLE subscriber`);
  }
}
