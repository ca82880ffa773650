/**
 * The replay report for people: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched),
 * with the summary, decisions over time by outcome, the list versions in force over time, and every failure.
 * And the plain-text summary the command prints.
 */
import type { ReplayReport } from './run.js';
import { REPLAY_STATUSES } from './verify.js';

const OUTCOME_COLOURS: Record<string, string> = { ALLOW: '#3a7d44', HOLD: '#d89614', BLOCK: '#b3261e' };

function escape(text: unknown): string {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function iso(millis: number): string {
  return Number.isFinite(millis) && millis > 0 ? new Date(millis).toISOString() : '-';
}

function table(head: string[], rows: unknown[][]): string {
  if (rows.length === 0) return '<p class="none">none</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** Stacked bars of decisions per time bucket, one colour per outcome. */
function outcomeChart(report: ReplayReport): string {
  const buckets = report.outcomesOverTime;
  if (buckets.length === 0) return '<p class="none">no decisions</p>';
  const width = 900;
  const height = 220;
  const pad = 30;
  const max = Math.max(...buckets.map((b) => Object.values(b.counts).reduce((s, n) => s + n, 0)));
  const barWidth = Math.max(2, (width - 2 * pad) / buckets.length - 2);
  const bars = buckets
    .map((b, i) => {
      let y = height - pad;
      const x = pad + i * ((width - 2 * pad) / buckets.length);
      return Object.entries(b.counts)
        .sort(([a], [c]) => a.localeCompare(c))
        .map(([outcome, n]) => {
          const h = (n / max) * (height - 2 * pad);
          y -= h;
          return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${OUTCOME_COLOURS[outcome] ?? '#777'}"><title>${escape(`${iso(b.startMillis)} ${outcome}: ${n}`)}</title></rect>`;
        })
        .join('');
    })
    .join('');
  const first = buckets[0]!.startMillis;
  const last = buckets[buckets.length - 1]!.startMillis + report.bucketMillis;
  const legend = Object.entries(OUTCOME_COLOURS)
    .map(
      ([o, c], i) =>
        `<rect x="${pad + i * 90}" y="4" width="12" height="12" fill="${c}"/><text x="${pad + i * 90 + 16}" y="15">${o}</text>`,
    )
    .join('');
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="decisions over time by outcome">${legend}${bars}
<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#333"/>
<text x="${pad}" y="${height - 8}">${escape(iso(first))}</text><text x="${width - pad}" y="${height - 8}" text-anchor="end">${escape(iso(last))}</text>
<text x="4" y="${pad + 4}">${max}</text></svg>
<p class="note">bucket: ${Math.round(report.bucketMillis / 60_000)} min; hover a bar for its count</p>`;
}

/** Each source's versions as segments along time: when each came in force until the next. */
function versionChart(report: ReplayReport): string {
  const versions = report.versions;
  if (versions.length === 0) return '';
  const sources = [...new Set(versions.map((v) => v.source))];
  const times = versions.map((v) => v.fetchedAtMillis).filter((t) => t > 0);
  const decided = report.outcomesOverTime.map((b) => b.startMillis);
  const start = Math.min(...times, ...decided);
  const end = Math.max(...times, ...decided.map((d) => d + report.bucketMillis)) + 1;
  const width = 900;
  const row = 28;
  const pad = 110;
  const x = (t: number) => pad + ((t - start) / (end - start)) * (width - pad - 10);
  const shapes = sources
    .map((source, r) => {
      const own = versions.filter((v) => v.source === source);
      return (
        `<text x="4" y="${r * row + 20}">${escape(source)}</text>` +
        own
          .map((v, i) => {
            const from = x(v.fetchedAtMillis || start);
            const to = x(own[i + 1]?.fetchedAtMillis || end);
            return `<rect x="${from.toFixed(1)}" y="${r * row + 6}" width="${Math.max(2, to - from).toFixed(1)}" height="18" fill="${i % 2 ? '#6b8fb3' : '#2f5d8a'}"><title>${escape(`${source} ${v.versionId} ${v.contentHash} (${v.entityCount} entities) from ${iso(v.fetchedAtMillis)}`)}</title></rect>`;
          })
          .join('')
      );
    })
    .join('');
  return `<svg viewBox="0 0 ${width} ${sources.length * row + 10}" width="100%" role="img" aria-label="list versions over time">${shapes}</svg>`;
}

/** The report as one HTML document. */
export function renderHtml(report: ReplayReport, title = 'Cordon replay report'): string {
  const counts = REPLAY_STATUSES.map((s) => [s, report.counts[s]]);
  const failures = report.failures.map((f) => [
    f.status,
    f.withdrawalId,
    `${f.decision.partition}/${f.decision.offset}`,
    iso(f.screenedAtMillis),
    f.field ?? '',
    f.reason ?? '',
  ]);
  const ranges = report.range.map((r) => `${r.partition}:[${r.from}, ${r.to})`).join(' ') || '(none)';
  const whatIf = report.whatIf;
  const outcomes = ['ALLOW', 'HOLD', 'BLOCK'];
  const matrix = whatIf
    ? table(
        ['was \\ would be', ...outcomes],
        outcomes.map((from) => [from, ...outcomes.map((to) => whatIf.transitions[from]?.[to] ?? 0)]),
      ) +
      `<h3>Changed withdrawals (${whatIf.changes.length + whatIf.changesNotListed})</h3>` +
      table(
        ['withdrawal', 'screened at', 'was', 'would be', 'new hits', 'hits gone'],
        whatIf.changes.map((c) => [
          c.withdrawalId,
          iso(c.screenedAtMillis),
          c.from,
          c.to,
          c.newHits.map((h) => `${h.source} ${h.entityId} (${h.queryField}, ${h.scoreBp / 100}%)`).join('; '),
          c.goneHits.map((h) => `${h.source} ${h.entityId}`).join('; '),
        ]),
      )
    : '';
  const lookback = report.lookback
    ? `<h2>Look back: ${escape(report.lookback.label)}</h2><p>${report.lookback.screened} past withdrawals screened against ${report.lookback.entities} entities; ${report.lookback.hits.length + report.lookback.hitsNotListed} hit.</p>` +
      table(
        ['withdrawal', 'customer', 'screened at', 'decision then', 'hits'],
        report.lookback.hits.map((h) => [
          h.withdrawalId,
          h.customerRef,
          iso(h.screenedAtMillis),
          h.outcome,
          h.hits.map((x) => `${x.source} ${x.entityId} (${x.queryField})`).join('; '),
        ]),
      )
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f2f2f2}.ok{color:#3a7d44}.bad{color:#b3261e}.none,.note{color:#777}svg text{font-size:11px}
</style></head><body>
<h1>${escape(title)}</h1>
<p class="${report.exitCode === 0 ? 'ok' : 'bad'}"><strong>${report.counts.verified} of ${report.total} decisions verified</strong>
${report.exitCode === 0 ? '' : ' — see the failures below'}</p>
<p>Decisions topic <code>${escape(report.topics.decisions)}</code>, partitions and offsets
${escape(ranges)}; replayed ${escape(iso(report.startedAtMillis))} in ${(report.elapsedMillis / 1000).toFixed(1)} s; ${report.snapshotsBuilt} list-version sets indexed.</p>
<h2>Summary</h2>${table(['status', 'decisions'], counts)}
<h2>Decisions over time by outcome</h2>${outcomeChart(report)}
<h2>List versions over time</h2>${versionChart(report)}
${table(
  ['source', 'version', 'content hash', 'fetched at', 'entities', 'decisions pinning it'],
  report.versions.map((v) => [
    v.source,
    v.versionId,
    v.contentHash,
    iso(v.fetchedAtMillis),
    v.entityCount,
    report.versionUse[`${v.source}:${v.contentHash}`] ?? 0,
  ]),
)}
${whatIf ? `<h2>What if: ${escape(whatIf.label)}</h2>${matrix}` : ''}
${lookback}
<h2>Failures (${report.failures.length + report.failuresNotListed})</h2>
${table(['status', 'withdrawal', 'partition/offset', 'screened at', 'field', 'reason'], failures)}
${report.failuresNotListed > 0 ? `<p class="note">${report.failuresNotListed} more not listed</p>` : ''}
${report.catalogueIgnored.length > 0 ? `<h2>Records the catalogue ignored</h2><ul>${report.catalogueIgnored.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}

/** The summary lines the command prints. */
export function textSummary(report: ReplayReport): string {
  const lines = [
    `replayed ${report.total} decisions in ${(report.elapsedMillis / 1000).toFixed(1)} s, catalogue read included ` +
      `(${Math.round(report.total / Math.max(report.elapsedMillis / 1000, 0.001))}/s; ` +
      `${report.snapshotsBuilt} list-version sets indexed)`,
    ...REPLAY_STATUSES.map((s) => `  ${s.padEnd(22)} ${report.counts[s]}`),
  ];
  for (const f of report.failures) {
    lines.push(
      `${f.status} ${f.withdrawalId} (decisions ${f.decision.partition}/${f.decision.offset}): ${f.reason ?? ''}`,
    );
  }
  if (report.failuresNotListed > 0) lines.push(`... and ${report.failuresNotListed} more`);
  if (report.whatIf) {
    const w = report.whatIf;
    lines.push(`what if ${w.label}:`);
    for (const [from, tos] of Object.entries(w.transitions)) {
      for (const [to, n] of Object.entries(tos)) lines.push(`  ${from} -> ${to}: ${n}`);
    }
    for (const c of w.changes) {
      lines.push(
        `  ${c.withdrawalId}: ${c.from} -> ${c.to}` +
          (c.newHits.length
            ? `; new hits ${c.newHits.map((h) => `${h.source} ${h.entityId} (${h.queryField})`).join(', ')}`
            : '') +
          (c.goneHits.length ? `; gone ${c.goneHits.map((h) => `${h.source} ${h.entityId}`).join(', ')}` : ''),
      );
    }
    if (w.unavailable > 0) lines.push(`  ${w.unavailable} decisions could not be re-screened (input or pins missing)`);
  }
  if (report.lookback) {
    const l = report.lookback;
    lines.push(`lookback ${l.label}: ${l.hits.length + l.hitsNotListed} of ${l.screened} past withdrawals hit`);
    for (const h of l.hits) {
      lines.push(
        `  ${h.withdrawalId} ${h.customerRef} ${iso(h.screenedAtMillis)} was ${h.outcome}: ` +
          h.hits.map((x) => `${x.source} ${x.entityId} (${x.queryField})`).join(', '),
      );
    }
  }
  return lines.join('\n');
}
