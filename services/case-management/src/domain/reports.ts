/**
 * The content OFAC asks for in reports of blocked property and of rejected transactions (31 CFR 501.603 and
 * 501.604), and in the annual report of blocked property held as of June 30, built from case-management's
 * ledger without I/O. The filer's own details and the submission itself stay with the exchange's compliance
 * officer; this is what they copy from.
 */

/** One blocked or rejected withdrawal, as the store reads it. */
export interface ReportedTransfer {
  withdrawalId: string;
  caseId: string;
  customerRef: string;
  customerName: string;
  chain: string;
  asset: string;
  amount: string;
  destination: string;
  /** When the funds were blocked, or the transfer rejected. */
  at: string;
  /** The listed person (blocked property) or the sanctioned jurisdiction (rejection). */
  party: { source: string; id: string; name: string };
  programs: string[];
  decisionHash: string;
  listVersions: Array<{ source: string; contentHash: string; versionId: string }>;
  approvedBy: string;
  proposedBy: string;
  reason: string;
}

/** A report, ready for JSON or HTML. */
export interface Report {
  kind: 'blocked-property' | 'rejected-transactions' | 'annual-blocked-property';
  title: string;
  filer: string;
  period: { from: string; to: string } | { asOf: string };
  generatedAt: string;
  transfers: Array<ReportedTransfer & { legalAuthority: string[] }>;
  totals: Array<{ asset: string; amount: string; count: number }>;
}

/** The legal authority of common OFAC programme tags; others name the programme for the filer to complete. */
const AUTHORITIES: Record<string, string> = {
  SDGT: 'Executive Order 13224; 31 CFR part 594',
  CYBER: 'Executive Order 13694, as amended; 31 CFR part 578',
  CYBER2: 'Executive Order 13694, as amended by Executive Order 13757; 31 CFR part 578',
  DPRK: 'Executive Order 13382; 31 CFR part 510',
  DPRK3: 'Executive Order 13722; 31 CFR part 510',
  IRAN: 'Iranian Transactions and Sanctions Regulations, 31 CFR part 560',
  RUSSIA: 'Executive Order 14024; 31 CFR part 587',
  'RUSSIA-EO14024': 'Executive Order 14024; 31 CFR part 587',
  SDNTK: 'Foreign Narcotics Kingpin Designation Act; 31 CFR part 598',
  TCO: 'Executive Order 13581, as amended; 31 CFR part 590',
  ILLICIT: 'Executive Order 14059; 31 CFR part 599',
  'ILLICIT-DRUGS-EO14059': 'Executive Order 14059; 31 CFR part 599',
  CUBA: 'Cuban Assets Control Regulations, 31 CFR part 515',
  SYRIA: 'Syrian Sanctions Regulations, 31 CFR part 542',
  VENEZUELA: 'Executive Order 13850 / 13884; 31 CFR part 591',
};

export function legalAuthority(programs: readonly string[]): string[] {
  return programs.map(
    (program) =>
      AUTHORITIES[program.replace(/^\[|\]$/g, '')] ??
      `OFAC programme ${program} (authority to be completed by the filer)`,
  );
}

/** Sums amounts per asset exactly (decimal strings, no floating point). */
export function totals(transfers: readonly ReportedTransfer[]): Report['totals'] {
  const byAsset = new Map<string, { units: bigint; scale: number; count: number }>();
  for (const t of transfers) {
    const [whole = '0', fraction = ''] = t.amount.split('.');
    const entry = byAsset.get(t.asset) ?? { units: 0n, scale: 0, count: 0 };
    const scale = Math.max(entry.scale, fraction.length);
    const rescale = (units: bigint, from: number) => units * 10n ** BigInt(scale - from);
    entry.units = rescale(entry.units, entry.scale) + rescale(BigInt(`${whole}${fraction}` || '0'), fraction.length);
    entry.scale = scale;
    entry.count += 1;
    byAsset.set(t.asset, entry);
  }
  return [...byAsset]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([asset, { units, scale, count }]) => {
      const digits = units.toString().padStart(scale + 1, '0');
      const amount = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
      return { asset, amount, count };
    });
}

export function buildReport(
  kind: Report['kind'],
  filer: string,
  period: Report['period'],
  transfers: ReportedTransfer[],
  generatedAt: string,
): Report {
  const titles: Record<Report['kind'], string> = {
    'blocked-property': 'Report of blocked property (31 CFR 501.603)',
    'rejected-transactions': 'Report of rejected transactions (31 CFR 501.604)',
    'annual-blocked-property': 'Annual report of blocked property held as of June 30 (31 CFR 501.603(b)(2))',
  };
  return {
    kind,
    title: titles[kind],
    filer,
    period,
    generatedAt,
    transfers: transfers.map((t) => ({ ...t, legalAuthority: legalAuthority(t.programs) })),
    totals: totals(transfers),
  };
}

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A printable, self-contained HTML page of one or more reports (no scripts, no external resources); every string escaped. */
export function renderHtml(reports: Report | Report[]): string {
  const list = Array.isArray(reports) ? reports : [reports];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escape(list.map((r) => r.title).join('; '))}</title>
<style>body{font:13px/1.4 system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:4px 6px;vertical-align:top;text-align:left}th{background:#eee}small{color:#444}section+section{page-break-before:always;margin-top:3em}@media print{body{margin:0}}</style>
</head><body>
${list.map(section).join('\n')}
</body></html>
`;
}

function section(report: Report): string {
  const period =
    'asOf' in report.period ? `held as of ${report.period.asOf}` : `${report.period.from} to ${report.period.to}`;
  const rows = report.transfers
    .map(
      (t) => `<tr><td>${escape(t.at)}</td><td>${escape(t.withdrawalId)}<br><small>case ${escape(t.caseId)}</small></td>
<td>${escape(t.customerName)}<br><small>${escape(t.customerRef)}</small></td><td>${escape(t.amount)} ${escape(t.asset)}<br><small>${escape(t.chain)} to ${escape(t.destination)}</small></td>
<td>${escape(t.party.name || t.party.id)}<br><small>${escape(t.party.source)} ${escape(t.party.id)}</small></td><td>${t.programs.map(escape).join(', ')}</td>
<td>${t.legalAuthority.map(escape).join('<br>')}</td><td>${t.listVersions.map((v) => `${escape(v.source)} ${escape(v.versionId)}<br><small>${escape(v.contentHash.slice(0, 16))}</small>`).join('<br>')}</td>
<td><small>${escape(t.decisionHash.slice(0, 16))}</small><br>proposed ${escape(t.proposedBy)}, approved ${escape(t.approvedBy)}</td></tr>`,
    )
    .join('\n');
  const totalRows = report.totals
    .map((t) => `<li>${escape(t.amount)} ${escape(t.asset)} in ${t.count} transfer(s)</li>`)
    .join('');
  return `<section>
<h1>${escape(report.title)}</h1>
<p>Filer: <strong>${escape(report.filer)}</strong> &middot; ${escape(period)} &middot; generated ${escape(report.generatedAt)} by Cordon</p>
<h2>Totals</h2><ul>${totalRows || '<li>none</li>'}</ul>
<h2>Transfers (${report.transfers.length})</h2>
<table><thead><tr><th>Date</th><th>Withdrawal</th><th>Customer</th><th>Amount and destination</th><th>Listed person / jurisdiction</th><th>Programmes</th><th>Legal authority</th><th>List version pinned</th><th>Decision and approval</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="9">No transfers in this period.</td></tr>'}
</tbody></table>
</section>`;
}
