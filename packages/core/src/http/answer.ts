/**
 * What a route answers: a status, headers and a text body, before it becomes anything else. The handler's
 * public face turns it into a WHATWG `Response` (`answerToResponse`); the Node bridge writes it straight to
 * the `ServerResponse` (`writeAnswer` in node/), so a Node server pays for no `Response` object and no body
 * stream. Both go through the same routes, so every guarantee holds on both.
 */
export interface Answer {
  readonly status: number;
  /** lower-case names; at most one value each (no route sets cookies) */
  readonly headers: Readonly<Record<string, string>>;
  /** UTF-8 text, or null for no body (a redirect) */
  readonly body: string | null;
}

/**
 * The key under which a payment handler carries its answering entry, `(request, context) => Promise<Answer>`,
 * for the Node bridge. A registered symbol: a bridge and a handler from two installed copies of the package
 * still find each other, and a handler of another shape (no such member) is bridged through WHATWG objects.
 */
export const ANSWER_ENTRY = Symbol.for('tosskit.answer');

export function answerToResponse(answer: Answer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
