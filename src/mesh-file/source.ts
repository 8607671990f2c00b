/**
 * The YAML text of a mesh file, parsed with the `yaml` library so that every
 * node keeps its position: errors point at the line and column of the field.
 */
import * as YAML from 'yaml';
import { MeshFileProblem, Position } from './problems';

type Segment = string | number;

/** One YAML document of the file. */
export interface SourceDocument {
  /** 1-based index of the document in the file. */
  readonly index: number;
  /** The document's value as plain JSON data. */
  readonly value: unknown;
  /** Where the document's content starts. */
  readonly position: Position;
}

/** A parsed mesh file. */
export class YamlSource {
  /**
   * Parses `text`. YAML syntax errors are returned as problems (all of them);
   * `source` is undefined when there are any.
   */
  public static parse(text: string, file: string): { source?: YamlSource; problems: MeshFileProblem[] } {
    const lineCounter = new YAML.LineCounter();
    const docs = YAML.parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const all = Array.isArray(docs) ? docs : [docs];
    const problems: MeshFileProblem[] = [];
    for (const d of all) {
      for (const e of d.errors) {
        const pos = lineCounter.linePos(e.pos[0]);
        problems.push({ severity: 'error', file, position: { line: pos.line, col: pos.col }, message: `not valid YAML: ${yamlMessage(e)}` });
      }
    }
    if (problems.length > 0) {
      return { problems };
    }
    return { source: new YamlSource(file, all as YAML.Document.Parsed[], lineCounter), problems };
  }

  /** The documents that are not empty (a lone `---` or a comment-only part is skipped). */
  public readonly documents: SourceDocument[];

  private constructor(
    public readonly file: string,
    private readonly docs: YAML.Document.Parsed[],
    private readonly lineCounter: YAML.LineCounter,
  ) {
    this.documents = [];
    docs.forEach((d, i) => {
      const value = d.toJS({ maxAliasCount: 100 });
      if (value === null || value === undefined) { return; }
      this.documents.push({ index: i + 1, value, position: this.nodePosition(d.contents) ?? { line: 1, col: 1 } });
    });
  }

  /**
   * The position of the value at `path` in document `index`, or of the deepest
   * existing node on the way (for a missing field: the map that lacks it).
   */
  public valuePosition(index: number, path: readonly Segment[]): Position {
    const found = this.walk(index, path);
    return this.nodePosition(found.node) ?? this.documentPosition(index);
  }

  /**
   * The position of the key of the last path segment when it exists (an unknown
   * field is reported at its key), else as `valuePosition`.
   */
  public keyPosition(index: number, path: readonly Segment[]): Position {
    const found = this.walk(index, path);
    if (found.complete && found.key) {
      return this.nodePosition(found.key) ?? this.documentPosition(index);
    }
    return this.nodePosition(found.node) ?? this.documentPosition(index);
  }

  private documentPosition(index: number): Position {
    return this.nodePosition(this.docs[index - 1]?.contents) ?? { line: 1, col: 1 };
  }

  private walk(index: number, path: readonly Segment[]): { node: unknown; key?: unknown; complete: boolean } {
    let node: unknown = this.docs[index - 1]?.contents;
    let key: unknown;
    for (const seg of path) {
      if (YAML.isMap(node)) {
        const pair = node.items.find(p => (YAML.isScalar(p.key) ? p.key.value : p.key) === seg);
        if (!pair) { return { node, complete: false }; }
        key = pair.key;
        node = pair.value ?? pair.key;
      } else if (YAML.isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        key = undefined;
        node = node.items[seg];
      } else {
        return { node, complete: false };
      }
    }
    return { node, key, complete: true };
  }

  private nodePosition(node: unknown): Position | undefined {
    const range = typeof node === 'object' && node !== null && 'range' in node ? node.range : undefined;
    if (!Array.isArray(range)) { return undefined; }
    const pos = this.lineCounter.linePos(range[0]);
    return { line: pos.line, col: pos.col };
  }
}

/** The yaml library's message without its own position suffix. */
function yamlMessage(e: YAML.YAMLError): string {
  return e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}
