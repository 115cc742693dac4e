/**
 * The contract's descriptions in the console, rendered as the reference page renders them: a small
 * Markdown subset (paragraphs, `code`, **strong**, *emphasis*, [links](https://…)) built as DOM nodes,
 * never as HTML text, so a description can never inject markup. Anything else stays as written.
 */
const INLINE = /(`[^`]+`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*|\[[^\]]+\]\([^)\s]+\))/g;

/** One line of inline Markdown as nodes. `make` builds an element (the console's `el`). */
export function inline(
  text: string,
  make: (tag: 'code' | 'strong' | 'em' | 'a', props: Record<string, string>, ...children: (Node | string)[]) => Node,
): (Node | string)[] {
  const out: (Node | string)[] = [];
  let at = 0;
  for (const match of text.matchAll(INLINE)) {
    const token = match[0];
    const index = match.index ?? 0;
    if (index > at) out.push(text.slice(at, index));
    at = index + token.length;
    if (token.startsWith('`')) out.push(make('code', {}, token.slice(1, -1)));
    else if (token.startsWith('**')) out.push(make('strong', {}, ...inline(token.slice(2, -2), make)));
    else if (token.startsWith('*')) out.push(make('em', {}, ...inline(token.slice(1, -1), make)));
    else {
      const [, label = '', href = ''] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token) ?? [];
      // Only web links and links inside the page; anything else (javascript:, data:) stays text.
      out.push(/^(https?:\/\/|#)/.test(href) ? make('a', { href }, ...inline(label, make)) : label);
    }
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** Paragraphs (separated by a blank line), each of inline Markdown; single line breaks are spaces. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p !== '');
}
