/** Which reader handles which format name, and what each reader needs to start. */
import { basename } from 'node:path';
import type { ParseIssue } from '../errors.js';
import { fileSize, type ProgressTracker } from '../io/files.js';
import { readXmlRecords, type XmlRoot } from '../io/xml.js';
import type { SanctionedEntity, SourceKind } from '../model.js';
import { ofacCsvSetSize, readOfacCsvSet, resolveOfacCsvSet } from './ofac-csv.js';
import { OFAC_XML_NAMESPACES, isOfacEntry, ofacPublishInfo, ofacXmlEntity } from './ofac-xml.js';
import { UN_RECORDS, unEntity } from './un-xml.js';
import { UK_RECORDS, ukEntity } from './uk-xml.js';
import { readOfsiCsv } from './uk-ofsi-csv.js';
import { readEuCsv } from './eu-csv.js';
import { EU_RECORDS, euXmlEntity } from './eu-xml.js';

/** The list formats this package reads. */
export type ListFormat = 'ofac-csv' | 'ofac-xml' | 'un-xml' | 'uk-xml' | 'uk-ofsi-csv' | 'eu-xml' | 'eu-csv';

/** Facts about the version that a reader finds in the file as it goes. */
export interface ListMeta {
  published?: string;
}

/** A format reader, ready to stream one list. */
export interface OpenedList {
  source: SourceKind;
  totalBytes: number;
  read(progress: ProgressTracker, report: (issue: ParseIssue) => void, meta: ListMeta): AsyncIterable<SanctionedEntity>;
}

type Opener = (path: string, wanted?: SourceKind) => Promise<OpenedList>;

async function openOfacCsv(path: string, wanted?: SourceKind): Promise<OpenedList> {
  const set = await resolveOfacCsvSet(path, wanted);
  return {
    source: set.source,
    totalBytes: await ofacCsvSetSize(set),
    read: (progress, report) => readOfacCsvSet(set, progress, report),
  };
}

async function openOfacXml(path: string, wanted?: SourceKind): Promise<OpenedList> {
  const source = wanted ?? (/cons/iu.test(basename(path)) ? 'ofac-consolidated' : 'ofac-sdn');
  return {
    source,
    totalBytes: await fileSize(path),
    async *read(progress, report, meta) {
      let announced: number | undefined;
      let count = 0;
      const records = readXmlRecords(
        path,
        {
          roots: ['sdnList'],
          records: new Set(['publshInformation', 'sdnEntry']),
          onRoot: (root) => {
            if (!OFAC_XML_NAMESPACES.includes(root.namespace)) {
              report({
                severity: 'warning',
                code: 'unknown-namespace',
                message: `sdnList namespace "${root.namespace}" not seen before`,
                file: path,
              });
            }
          },
        },
        progress,
      );
      for await (const record of records) {
        if (!isOfacEntry(record)) {
          const info = ofacPublishInfo(record);
          meta.published = info.published;
          announced = info.recordCount;
          continue;
        }
        count += 1;
        yield ofacXmlEntity(source, record);
      }
      if (announced !== undefined && announced !== count) {
        report({
          severity: 'error',
          code: 'record-count-mismatch',
          message: `Record_Count says ${announced}, file has ${count} entries`,
          file: path,
          // Weighed by what is missing: a file cut 2,000 entries short is 2,000 errors, not one.
          records: Math.abs(announced - count),
        });
      }
    },
  };
}

async function openUnXml(path: string): Promise<OpenedList> {
  return {
    source: 'un',
    totalBytes: await fileSize(path),
    async *read(progress, _report, meta) {
      const spec = {
        roots: ['CONSOLIDATED_LIST'],
        records: UN_RECORDS,
        onRoot: (root: XmlRoot) => {
          meta.published = root.attributes.dateGenerated;
        },
      };
      for await (const record of readXmlRecords(path, spec, progress)) yield unEntity(record);
    },
  };
}

async function openUkXml(path: string): Promise<OpenedList> {
  return {
    source: 'uk',
    totalBytes: await fileSize(path),
    async *read(progress, _report, meta) {
      for await (const record of readXmlRecords(path, { roots: ['Designations'], records: UK_RECORDS }, progress)) {
        if (record.name === 'DateGenerated') meta.published = record.text.trim();
        else yield ukEntity(record);
      }
    },
  };
}

async function openEuXml(path: string): Promise<OpenedList> {
  return {
    source: 'eu',
    totalBytes: await fileSize(path),
    async *read(progress, _report, meta) {
      const spec = {
        roots: ['export'],
        records: EU_RECORDS,
        onRoot: (root: XmlRoot) => {
          meta.published = root.attributes.generationDate;
        },
      };
      for await (const record of readXmlRecords(path, spec, progress)) yield euXmlEntity(record);
    },
  };
}

function fallbackIssue(path: string, report: (issue: ParseIssue) => void): () => void {
  return () =>
    report({ severity: 'warning', code: 'not-utf8', message: 'file is not UTF-8; read as Windows-1252', file: path });
}

async function openOfsiCsv(path: string): Promise<OpenedList> {
  return {
    source: 'uk-ofsi',
    totalBytes: await fileSize(path),
    read: (progress, report, meta) =>
      readOfsiCsv(path, progress, fallbackIssue(path, report), (date) => {
        meta.published = date;
      }),
  };
}

async function openEuCsv(path: string): Promise<OpenedList> {
  return {
    source: 'eu',
    totalBytes: await fileSize(path),
    read: (progress, report) => readEuCsv(path, progress, fallbackIssue(path, report)),
  };
}

/** Format name -> reader. */
export const FORMAT_OPENERS: Record<ListFormat, Opener> = {
  'ofac-csv': openOfacCsv,
  'ofac-xml': openOfacXml,
  'un-xml': openUnXml,
  'uk-xml': openUkXml,
  'uk-ofsi-csv': openOfsiCsv,
  'eu-xml': openEuXml,
  'eu-csv': openEuCsv,
};
