import { moneyColumn } from '@jowi/server-kit';
import { EntitySchema } from 'typeorm';

export type LoyaltyEntryKind = 'ACCRUAL' | 'REDEMPTION' | 'REVERSAL' | 'ADJUSTMENT' | 'MERGE';
export type LoyaltySourceKind = 'SALE' | 'REFUND' | 'STAFF' | 'MERGE';

/** One ledger entry. Points and spend are integer tiyin (1 point = 1 tiyin of discount). */
export interface LoyaltyEntryRow {
  tenantId: string;
  id: string;
  customerId: string;
  kind: LoyaltyEntryKind;
  points: bigint;
  spend: bigint;
  /** The receipt amount the entry was computed from: sale total (ACCRUAL, REDEMPTION), refunded amount (REVERSAL). */
  basis: bigint;
  sourceKind: LoyaltySourceKind;
  sourceId: string;
  reverses: 'ACCRUAL' | 'REDEMPTION' | null;
  saleId: string | null;
  eventId: string | null;
  movedFrom: string | null;
  reason: string | null;
  actor: string | null;
  createdAt: Date;
}

export const LoyaltyEntryEntity = new EntitySchema<LoyaltyEntryRow>({
  name: 'LoyaltyEntry',
  tableName: 'loyalty_entry',
  schema: 'customers',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    customerId: { name: 'customer_id', type: 'uuid' },
    kind: { type: 'text' },
    points: { type: 'bigint', transformer: moneyColumn },
    spend: { type: 'bigint', transformer: moneyColumn },
    basis: { type: 'bigint', transformer: moneyColumn },
    sourceKind: { name: 'source_kind', type: 'text' },
    sourceId: { name: 'source_id', type: 'text' },
    reverses: { type: 'text', nullable: true },
    saleId: { name: 'sale_id', type: 'uuid', nullable: true },
    eventId: { name: 'event_id', type: 'bigint', nullable: true },
    movedFrom: { name: 'moved_from', type: 'uuid', nullable: true },
    reason: { type: 'text', nullable: true },
    actor: { type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});

/** Balance and lifetime spend of one customer: always the sums of their ledger entries. */
export interface LoyaltyAccountRow {
  tenantId: string;
  customerId: string;
  balance: bigint;
  lifetimeSpend: bigint;
  overdrafts: number;
  lastOverdraftAt: Date | null;
  updatedAt: Date;
}

export const LoyaltyAccountEntity = new EntitySchema<LoyaltyAccountRow>({
  name: 'LoyaltyAccount',
  tableName: 'loyalty_account',
  schema: 'customers',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    customerId: { name: 'customer_id', type: 'uuid', primary: true },
    balance: { type: 'bigint', transformer: moneyColumn },
    lifetimeSpend: { name: 'lifetime_spend', type: 'bigint', transformer: moneyColumn },
    overdrafts: { type: 'integer' },
    lastOverdraftAt: { name: 'last_overdraft_at', type: 'timestamptz', nullable: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz' },
  },
});

/** A customer's loyalty account as the API shows it (zeros for a customer without one). */
export interface LoyaltyView {
  customerId: string;
  balance: bigint;
  overdrawn: boolean;
  overdrafts: number;
  lastOverdraftAt: Date | null;
  lifetimeSpend: bigint;
}

/** A tier as stored in `loyalty_program.tiers` (amounts as decimal strings of tiyin). */
export interface LoyaltyTier {
  name: string;
  minSpend: bigint;
  accrualBps: number;
}

/** One version of a tenant's loyalty program. */
export interface LoyaltyProgramRow {
  tenantId: string;
  version: number;
  enabled: boolean;
  accrualBps: number;
  maxRedeemPercent: number;
  /** Lowest threshold first. */
  tiers: LoyaltyTier[];
  effectiveFrom: Date;
  createdBy: string | null;
}

export const LoyaltyProgramEntity = new EntitySchema<LoyaltyProgramRow>({
  name: 'LoyaltyProgram',
  tableName: 'loyalty_program',
  schema: 'customers',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    version: { type: 'integer', primary: true },
    enabled: { type: 'boolean' },
    accrualBps: { name: 'accrual_bps', type: 'integer' },
    maxRedeemPercent: { name: 'max_redeem_percent', type: 'integer' },
    tiers: { type: 'jsonb' },
    effectiveFrom: { name: 'effective_from', type: 'timestamptz' },
    createdBy: { name: 'created_by', type: 'text', nullable: true },
  },
});
