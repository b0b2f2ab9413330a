// Type-checks README code blocks with the TypeScript compiler API. The blocks are written as files into a
// directory inside the repo, so `@tosskit/*` resolve to the workspace sources (the root tsconfig's paths) and
// express, koa, hono, … to the repo's node_modules. TypeScript blocks are checked with the repo's strict
// options; JavaScript blocks with checkJs but without strict null checks (what a JS reader's editor shows).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { extractBlocks, type ReadmeBlock } from './extract.js';
import { SHOP_GLOBALS } from './shop-globals.js';

/** The root README and every packages/<name>/README.md. */
export function readmeFiles(root: string): string[] {
  const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `packages/${d.name}/README.md`)
    .filter((file) => {
      try {
        readFileSync(join(root, file));
        return true;
      } catch {
        return false;
      }
    });
  return ['README.md', ...packages.sort()];
}

export function collectBlocks(root: string, files: string[] = readmeFiles(root)): ReadmeBlock[] {
  return files.flatMap((file) => extractBlocks(file, readFileSync(join(root, file), 'utf8')));
}

export function blockName(block: ReadmeBlock): string {
  return `${block.readme}:${block.line}`;
}

/** A module needs an import or export to be one (top-level await, no global leaks between blocks). */
function asModule(code: string): string {
  return /^\s*(import|export)\s/m.test(code) ? code : `${code}\nexport {};\n`;
}

export interface WrittenBlocks {
  dir: string;
  /** file → the block it holds */
  files: Map<string, ReadmeBlock>;
}

/** Writes the non-fragment blocks under `dir` (quick-start files under `dir/quickstart/` by their own name). */
export function writeBlocks(dir: string, blocks: ReadmeBlock[]): WrittenBlocks {
  mkdirSync(join(dir, 'quickstart'), { recursive: true });
  writeFileSync(join(dir, 'shop-globals.d.ts'), SHOP_GLOBALS);
  const files = new Map<string, ReadmeBlock>();
  for (const block of blocks) {
    if (block.kind === 'fragment') continue;
    const file =
      block.kind === 'quickstart'
        ? join(dir, 'quickstart', block.file!)
        : join(
            dir,
            `${block.readme.replace(/[/.]/g, '_')}_L${block.line}.${block.lang === 'ts' ? 'ts' : 'js'}`,
          );
    writeFileSync(file, block.kind === 'quickstart' ? block.code : asModule(block.code));
    files.set(file, block);
  }
  return { dir, files };
}

function rootOptions(root: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('root tsconfig.json could not be read');
  return parsed.options;
}

function describe(d: ts.Diagnostic, root: string, files: Map<string, ReadmeBlock>): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
  if (!d.file || d.start === undefined) return text;
  const { line } = d.file.getLineAndCharacterOfPosition(d.start);
  const block = files.get(d.file.fileName);
  if (!block) return `${relative(root, d.file.fileName)}:${line + 1}: ${text}`;
  // the block's first code line is the line after its fence
  return `${block.readme}:${block.line + 1 + line} (${block.kind === 'quickstart' ? block.file : 'block'}): TS${d.code} ${text}`;
}

/** Every TypeScript diagnostic of the written blocks, named by README and line; [] when they all compile. */
export function typecheckWritten(root: string, written: WrittenBlocks): string[] {
  const base = rootOptions(root);
  const globals = join(written.dir, 'shop-globals.d.ts');
  const all = [...written.files.keys()];
  const programs: Array<{ files: string[]; options: ts.CompilerOptions }> = [
    { files: all.filter((f) => f.endsWith('.ts')), options: { ...base, noEmit: true } },
    {
      files: all.filter((f) => f.endsWith('.js')),
      options: { ...base, noEmit: true, allowJs: true, checkJs: true, strict: false, noImplicitAny: false },
    },
  ];
  const problems: string[] = [];
  for (const { files, options } of programs) {
    if (files.length === 0) continue;
    const program = ts.createProgram([...files, globals], options);
    for (const file of files) {
      const source = program.getSourceFile(file)!;
      const diagnostics = [
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      ];
      problems.push(...diagnostics.map((d) => describe(d, root, written.files)));
    }
  }
  return problems;
}

/**
 * Syntax errors of a fragment (a fragment is checked for nothing else). A fragment that is a list of object
 * members (`identifyBuyer: (request) => …,`) parses once put between braces.
 */
export function syntaxProblems(block: ReadmeBlock): string[] {
  const parse = (code: string) =>
    ts.transpileModule(code, {
      reportDiagnostics: true,
      fileName: `fragment.${block.lang === 'ts' ? 'ts' : 'js'}`,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    }).diagnostics ?? [];
  const raw = parse(block.code);
  if (raw.length === 0 || parse(`const fragment = {\n${block.code}\n};\nexport {};\n`).length === 0)
    return [];
  return raw.map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
    return `${block.readme}:${block.line + 1 + line} (fragment): ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}
