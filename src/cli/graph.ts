/**
 * `cdk8s-mesh graph -f mesh.yaml [--svg out.svg] [--mermaid out.mmd] [--dot out.dot]`:
 * reads a mesh file, builds and renders the app in memory (as synth does, with
 * the same errors), and writes the topology picture. Never writes the output
 * tree or the key store.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliError, ExitCode, Io, Progress, requireNonEmpty } from './io';
import { checkMeshFile, checkSynthTargets, renderMeshFile } from './synth';
import { MeshGraph } from '../graph/mesh-graph';

/** Options of `graph`. */
export interface GraphOptions {
  readonly file: string;
  readonly output: string;
  readonly keyStore: string;
  readonly svg?: string;
  readonly mermaid?: string;
  readonly dot?: string;
}

/** Refuses a picture path whose directory is missing or that is a directory; before any work. */
export function checkPicturePath(flag: string, file: string | undefined): void {
  if (file === undefined) { return; }
  requireNonEmpty(flag, file, 'give the file to write');
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const shownDir = path.dirname(file);
  if (!fs.existsSync(dir)) {
    throw new CliError(ExitCode.INVALID, [`${flag}: cannot write "${file}": directory "${shownDir}" does not exist`]);
  }
  if (!fs.statSync(dir).isDirectory()) {
    throw new CliError(ExitCode.INVALID, [`${flag}: cannot write "${file}": "${shownDir}" is not a directory`]);
  }
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) {
    throw new CliError(ExitCode.INVALID, [`${flag}: cannot write "${file}": it is a directory, give a file name`]);
  }
}

/** Runs `graph`; throws a CliError on failure. */
export async function graphCommand(opts: GraphOptions, io: Io): Promise<ExitCode> {
  const progress = new Progress(io);
  requireNonEmpty('-f, --file', opts.file, 'give the mesh file');
  requireNonEmpty('-o, --output', opts.output, 'give the output directory, or leave -o out for the default (dist)');
  requireNonEmpty('--key-store', opts.keyStore, 'give the key-store directory, or leave --key-store out for the default');
  checkPicturePath('--svg', opts.svg);
  checkPicturePath('--mermaid', opts.mermaid);
  checkPicturePath('--dot', opts.dot);
  checkSynthTargets(opts.output, opts.keyStore);
  const source = checkMeshFile(opts.file);

  const { built } = renderMeshFile({ ...opts, file: source.label }, source, io, progress, 'graph');
  const graph = MeshGraph.of(built.app);
  const dot = graph.toDot();
  const written: string[] = [];
  const write = (file: string, text: string) => {
    try {
      fs.writeFileSync(file, text);
    } catch (e) {
      throw new CliError(ExitCode.INVALID, [`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
    }
    written.push(file);
  };
  if (opts.dot !== undefined) { write(opts.dot, dot); }
  if (opts.mermaid !== undefined) { write(opts.mermaid, graph.toMermaid()); }
  if (opts.svg !== undefined) {
    progress.step('laying out the picture');
    write(opts.svg, await graph.toSvg());
  }
  if (written.length === 0) {
    io.stdout(dot);
  } else {
    const clusters = graph.clusters.length;
    io.stdout(`Drew ${opts.file} (${clusters} cluster${clusters === 1 ? '' : 's'}): ${written.join(', ')}\n`);
  }
  return ExitCode.OK;
}
