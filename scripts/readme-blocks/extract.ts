// Finds the TypeScript and JavaScript code blocks of a README. A block is checked as a whole module unless the
// HTML comment on the line before its fence says otherwise:
//   <!-- fragment -->           a piece of a larger file (an object member, a diff of two lines): syntax only
//   <!-- quickstart: NAME -->   a file of the root README's quick start, written out as NAME and run by the test
export type BlockKind = 'module' | 'fragment' | 'quickstart';

export interface ReadmeBlock {
  /** the README, relative to the repo root */
  readme: string;
  /** 1-based line of the opening fence */
  line: number;
  lang: 'ts' | 'js';
  kind: BlockKind;
  /** the quick-start file name (kind 'quickstart') */
  file?: string;
  code: string;
}

const OPEN = /^(\s*)```(ts|typescript|js|javascript)\s*$/;
const FENCE = /^\s*```/;
const MARK = /^\s*<!--\s*(fragment|quickstart:\s*([\w./-]+))\s*-->\s*$/;

export function extractBlocks(readme: string, text: string): ReadmeBlock[] {
  const lines = text.split('\n');
  const blocks: ReadmeBlock[] = [];
  let fenced = false; // inside a block of another language
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]!);
    if (!open) {
      if (FENCE.test(lines[i]!)) fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const indent = open[1]!.length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]!); j++) body.push(lines[j]!.slice(indent));
    if (j === lines.length) throw new Error(`${readme}:${i + 1}: a code block is never closed`);
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    const mark = k >= 0 ? MARK.exec(lines[k]!) : null;
    const kind: BlockKind = mark === null ? 'module' : mark[1] === 'fragment' ? 'fragment' : 'quickstart';
    blocks.push({
      readme,
      line: i + 1,
      lang: open[2]!.startsWith('t') ? 'ts' : 'js',
      kind,
      ...(kind === 'quickstart' ? { file: mark![2]! } : {}),
      code: `${body.join('\n')}\n`,
    });
    i = j;
  }
  return blocks;
}
