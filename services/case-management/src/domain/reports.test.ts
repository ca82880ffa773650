import { describe, expect, it } from 'vitest';
import { buildReport, legalAuthority, renderHtml, totals, type ReportedTransfer } from './reports.js';

const transfer = (amount: string, asset = 'BTC', name = 'LAZARUS GROUP'): ReportedTransfer => ({
  withdrawalId: 'w-1',
  caseId: 'case-1',
  customerRef: 'cust-1',
  customerName: 'Ann <script>alert(1)</script>',
  chain: 'bitcoin',
  asset,
  amount,
  destination: 'bc1q...',
  at: '2026-12-01T10:00:00.000Z',
  party: { source: 'ofac-sdn', id: '23036', name },
  programs: ['DPRK3', 'NEWPROG'],
  decisionHash: 'd'.repeat(64),
  listVersions: [{ source: 'ofac-sdn', contentHash: 'c'.repeat(64), versionId: '2023-12-28' }],
  approvedBy: 'bob',
  proposedBy: 'alice',
  reason: 'listed address',
});

describe('reports', () => {
  it('sums amounts per asset exactly, whatever their scales', () => {
    expect(totals([transfer('0.1'), transfer('0.2'), transfer('12'), transfer('5.000000000000000001', 'ETH')])).toEqual(
      [
        { asset: 'BTC', amount: '12.3', count: 3 },
        { asset: 'ETH', amount: '5.000000000000000001', count: 1 },
      ],
    );
  });

  it('names the authority of known programmes and asks the filer for the others', () => {
    expect(legalAuthority(['DPRK3', 'NEWPROG'])).toEqual([
      'Executive Order 13722; 31 CFR part 510',
      'OFAC programme NEWPROG (authority to be completed by the filer)',
    ]);
  });

  it('shows list and customer strings as text in the HTML', () => {
    const html = renderHtml(
      buildReport(
        'blocked-property',
        'Ex & Co',
        { from: '2026-12-01', to: '2026-12-01' },
        [transfer('1')],
        '2026-12-02T00:00:00Z',
      ),
    );
    expect(html).toContain('Ann &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Ex &amp; Co');
    expect(html).toContain("default-src 'none'");
  });
});
