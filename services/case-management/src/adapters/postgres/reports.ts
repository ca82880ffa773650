/** Reads the transfers OFAC reports cover from case-management's ledger. */
import type pg from 'pg';
import {
  DispositionAction,
  ListSource,
  WithdrawalRequested,
  listSourceSlug,
  ScreeningDecision,
  Hit,
  HitKind,
} from '@cordon/contracts';
import type { ReportedTransfer } from '../../domain/reports.js';

const slug = (source: number) => (source === ListSource.UNSPECIFIED ? 'policy' : listSourceSlug(source as ListSource));

/** Funds blocked in [from, to), or (asOf) blocked by then and still held then. */
export async function blockedTransfers(
  db: pg.ClientBase | pg.Pool,
  range: { from: Date; to: Date } | { asOf: Date },
): Promise<ReportedTransfer[]> {
  const where =
    'asOf' in range
      ? 'b.blocked_at <= $1 and (b.released_at is null or b.released_at > $1)'
      : 'b.blocked_at >= $1 and b.blocked_at < $2';
  const params = 'asOf' in range ? [range.asOf] : [range.from, range.to];
  const { rows } = await db.query<Record<string, unknown>>(
    `select b.*, w.payload, d.proposed_by, d.approved_by, d.reason from blocked_property b
       left join withdrawals w on w.withdrawal_id = b.withdrawal_id
       left join dispositions d on d.withdrawal_id = b.withdrawal_id
     where ${where} order by b.blocked_at, b.withdrawal_id`,
    params,
  );
  return rows.map((r) => ({
    withdrawalId: String(r.withdrawal_id),
    caseId: String(r.case_id),
    customerRef: String(r.customer_ref),
    customerName: r.payload ? (WithdrawalRequested.decode(r.payload as Buffer).customer?.fullName ?? '') : '',
    chain: String(r.chain),
    asset: String(r.asset),
    amount: String(r.amount_decimal),
    destination: String(r.destination),
    at: (r.blocked_at as Date).toISOString(),
    party: { source: slug(Number(r.entity_source)), id: String(r.entity_id), name: String(r.entity_name) },
    programs: r.programs as string[],
    decisionHash: String(r.decision_hash),
    listVersions: (r.list_versions as Array<{ source: number; contentHash: string; versionId: string }>).map((v) => ({
      source: slug(v.source),
      contentHash: v.contentHash,
      versionId: v.versionId,
    })),
    approvedBy: String(r.approved_by ?? ''),
    proposedBy: String(r.proposed_by ?? ''),
    reason: String(r.reason ?? ''),
  }));
}

/** Transfers rejected in [from, to). */
export async function rejectedTransfers(
  db: pg.ClientBase | pg.Pool,
  range: { from: Date; to: Date },
): Promise<ReportedTransfer[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `select d.*, w.payload, w.chain, w.asset, w.amount_decimal, w.destination, w.customer_ref, c.hits,
       (select t.payload from case_triggers t where t.case_id = d.case_id and t.kind = 1 order by t.received_at limit 1) as decision
     from dispositions d
       left join withdrawals w on w.withdrawal_id = d.withdrawal_id
       left join cases c on c.case_id = d.case_id
     where d.action = ${DispositionAction.REJECT} and d.decided_at >= $1 and d.decided_at < $2 order by d.decided_at, d.withdrawal_id`,
    [range.from, range.to],
  );
  return rows.map((r) => {
    const hits = ((r.hits as unknown[]) ?? []).map((h) => Hit.fromJSON(h));
    const party = hits.find((h) => h.kind === HitKind.JURISDICTION) ?? hits[0];
    const pinned = r.decision ? ScreeningDecision.decode(r.decision as Buffer).pinnedVersions : [];
    return {
      withdrawalId: String(r.withdrawal_id),
      caseId: String(r.case_id),
      customerRef: String(r.customer_ref ?? ''),
      customerName: r.payload ? (WithdrawalRequested.decode(r.payload as Buffer).customer?.fullName ?? '') : '',
      chain: String(r.chain ?? ''),
      asset: String(r.asset ?? ''),
      amount: String(r.amount_decimal ?? ''),
      destination: String(r.destination ?? ''),
      at: (r.decided_at as Date).toISOString(),
      party: party
        ? { source: slug(party.source), id: party.entityId, name: party.matchedValue }
        : { source: '', id: '', name: '' },
      programs: r.programs as string[],
      decisionHash: String(r.decision_hash),
      listVersions: pinned.map((v) => ({ source: slug(v.source), contentHash: v.contentHash, versionId: v.versionId })),
      approvedBy: String(r.approved_by),
      proposedBy: String(r.proposed_by),
      reason: String(r.reason),
    };
  });
}
