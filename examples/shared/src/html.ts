// A tagged template (named `markup`, not `html`, so that formatters leave the page text alone) that escapes every interpolated value unless it is already Html: the pages are
// plain server-rendered HTML, and buyer-typed text (names, failure messages) must never become markup.
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function markup(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => (out += render(value) + (strings[i + 1] ?? '')));
  return new Html(out);
}

/** JSON inside a <script>: `</script>` and friends cannot close the tag. */
export const jsonScript = (value: unknown) =>
  new Html(JSON.stringify(value ?? null).replace(/</g, '\\u003c'));
