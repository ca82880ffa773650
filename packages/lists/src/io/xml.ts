/**
 * Streaming XML: saxes reads the file chunk by chunk and only the record elements (an OFAC sdnEntry, a UN
 * INDIVIDUAL, ...) are built into small trees, one at a time, so memory stays flat however large the file.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ListParseError } from '../errors.js';
import { decodeText } from './decode.js';
import { readChunks, type ProgressTracker } from './files.js';

/** One XML element of a record, namespace prefixes stripped. */
export interface XmlElement {
  /** Local name (no prefix). */
  name: string;
  /** Attributes by local name. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text content (text and CDATA directly inside it), untrimmed. */
  text: string;
}

/** The document's root element as opened. */
export interface XmlRoot {
  name: string;
  namespace: string;
  attributes: Record<string, string>;
}

/** What to read from one XML file. */
export interface XmlReadSpec {
  /** Acceptable local names of the root element; any other root means this is not the expected list. */
  roots: readonly string[];
  /** Local names of the elements to hand over whole (never nested in one another). */
  records: ReadonlySet<string>;
  /** Called once with the root element, before any record. */
  onRoot?: (root: XmlRoot) => void;
}

/** The first child element called `name`, if any. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** All child elements called `name`. */
export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

/** Trimmed text of the first child called `name`; undefined when absent or blank. */
export function childText(element: XmlElement | undefined, name: string): string | undefined {
  const text = child(element, name)?.text.trim();
  return text === undefined || text === '' ? undefined : text;
}

function attributesOf(tag: SaxesTagNS): Record<string, string> {
  const result: Record<string, string> = {};
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.prefix === 'xmlns' || attribute.name === 'xmlns') continue;
    result[attribute.local] = attribute.value;
  }
  return result;
}

/** Builds record trees from saxes events; completed records wait in `ready` until the reader takes them. */
class RecordCollector {
  readonly ready: XmlElement[] = [];
  private readonly stack: XmlElement[] = [];
  private rootSeen = false;

  constructor(
    private readonly spec: XmlReadSpec,
    private readonly file: string,
  ) {}

  open(tag: SaxesTagNS, line: number): void {
    if (!this.rootSeen) {
      this.rootSeen = true;
      if (!this.spec.roots.includes(tag.local)) {
        throw new ListParseError(
          'NOT_A_LIST',
          `${this.file}: root element <${tag.name}> is not one of ${this.spec.roots.map((r) => `<${r}>`).join(', ')}`,
          { file: this.file, line },
        );
      }
      this.spec.onRoot?.({ name: tag.local, namespace: tag.uri, attributes: attributesOf(tag) });
      return;
    }
    if (this.stack.length === 0 && !this.spec.records.has(tag.local)) return;
    const element: XmlElement = { name: tag.local, attributes: attributesOf(tag), children: [], text: '' };
    this.stack.at(-1)?.children.push(element);
    this.stack.push(element);
  }

  close(): void {
    const element = this.stack.pop();
    if (element && this.stack.length === 0) this.ready.push(element);
  }

  text(text: string): void {
    const current = this.stack.at(-1);
    if (current) current.text += text;
  }
}

function xmlError(error: unknown, file: string, line: number, atEnd: boolean): ListParseError {
  if (error instanceof ListParseError) return error;
  const message = (error as Error).message;
  const truncated = atEnd && /unclosed|unexpected end|must contain a root/iu.test(message);
  return new ListParseError(
    truncated ? 'TRUNCATED' : 'MALFORMED_XML',
    `${file}: ${truncated ? 'document ends early' : 'not well-formed XML'} (${message})`,
    { file, line, cause: error },
  );
}

/** Streams the record elements of one XML file. Malformed or cut XML is a thrown ListParseError, never a short list. */
export async function* readXmlRecords(
  path: string,
  spec: XmlReadSpec,
  progress: ProgressTracker,
): AsyncGenerator<XmlElement> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const collector = new RecordCollector(spec, path);
  parser.on('opentag', (tag) => collector.open(tag, parser.line));
  parser.on('closetag', () => collector.close());
  parser.on('text', (text) => collector.text(text));
  parser.on('cdata', (text) => collector.text(text));
  parser.on('error', (error) => {
    throw error;
  });
  const notUtf8 = (): never => {
    throw new ListParseError('MALFORMED_XML', `${path}: not UTF-8 text`, { file: path, line: parser.line });
  };
  for await (const text of decodeText(readChunks(path, progress), notUtf8)) {
    try {
      parser.write(text);
    } catch (error) {
      throw xmlError(error, path, parser.line, false);
    }
    yield* collector.ready.splice(0);
  }
  try {
    parser.close();
  } catch (error) {
    throw xmlError(error, path, parser.line, true);
  }
  yield* collector.ready.splice(0);
}
