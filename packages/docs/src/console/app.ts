/**
 * The try-it console, in the browser (bundled into dist/try.js): pick an operation and a demo token,
 * edit the parameters and the body, send the request to the reference server, and see the status,
 * the headers and the body, checked against the contract (the documented response for that status,
 * its JSON schema validated with the contract's own Ajv setup).
 */
import { createSpecAjv } from '@device-commands/spec/ajv';
import { documentedResponse } from '@device-commands/spec/responses';
import type { ConsoleData, ConsoleFamily, ConsoleOperation } from './data.ts';
import { inline, paragraphs } from './markdown.ts';

const data = JSON.parse(document.getElementById('console-data')?.textContent ?? '{}') as ConsoleData;
const ajv = createSpecAjv();

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

/** A description's inline Markdown as the reference page shows it (markdown.ts). */
const markdown = (text: string) => inline(text, (tag, props, ...children) => el(tag, props, ...children));

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const familyOf = (op: ConsoleOperation) => data.families.find((f) => f.id === op.family) as ConsoleFamily;

/**
 * Where requests go: this page's origin when the reference server serves the page (its `Server`
 * header says so: asked with a HEAD of the page itself, which any host answers), else the family's
 * local URL.
 */
async function defaultServer(family: ConsoleFamily): Promise<string> {
  if (location.protocol.startsWith('http')) {
    try {
      const res = await fetch(location.href, { method: 'HEAD', cache: 'no-store' });
      if (res.headers.get('server') === data.referenceServer) return location.origin + family.basePath;
    } catch {}
  }
  return family.local.replace(/\/$/, '');
}

function renderOperation(op: ConsoleOperation, server: string) {
  const family = familyOf(op);
  const form = byId<HTMLFormElement>('request');
  form.replaceChildren();
  form.append(
    el('h2', { id: 'operation-title' }, `${op.summary}`),
    el(
      'p',
      {},
      el('span', { class: `method method-${op.method.toLowerCase()}` }, op.method),
      ' ',
      el('code', {}, op.path),
      ` · ${family.name} · `,
      el('a', { href: op.reference, id: 'reference-link' }, 'its reference'),
    ),
  );
  const servers = [
    ...new Set([
      server,
      location.protocol.startsWith('http') ? location.origin + family.basePath : '',
      family.local,
      family.upstream,
    ]),
  ].filter(Boolean);
  form.append(
    el('label', { for: 'server' }, 'Server'),
    el(
      'select',
      { id: 'server', name: 'server' },
      ...servers.map((s) => el('option', { value: s.replace(/\/$/, '') }, s)),
    ),
    el('label', { for: 'token' }, 'Demo token'),
    el(
      'select',
      { id: 'token', name: 'token' },
      ...family.tokens.map((t) => el('option', { value: t.token }, `${t.token} (${t.description})`)),
      el('option', { value: '' }, 'no token'),
    ),
  );
  for (const p of op.parameters) {
    const id = `param-${p.in}-${p.name}`;
    form.append(
      el('label', { for: id }, `${p.name} (${p.in}${p.required ? ', required' : ''})`),
      el('input', {
        id,
        name: p.name,
        'data-in': p.in,
        value: p.example,
        spellcheck: 'false',
        autocomplete: 'off',
        'aria-describedby': `${id}-hint`,
      }),
      el(
        'div',
        { id: `${id}-hint`, class: 'hint' },
        ...(p.pattern ? [el('small', {}, `pattern ${p.pattern}`)] : []),
        ...paragraphs(p.description).map((text) => el('p', {}, ...markdown(text))),
      ),
    );
  }
  if (op.body !== undefined) {
    const rows = String(Math.min(16, op.body.split('\n').length + 1));
    const body = el('textarea', { id: 'body', name: 'body', rows, spellcheck: 'false' });
    body.value = op.body;
    form.append(el('label', { for: 'body' }, 'Body (application/json)'), body);
  }
  form.append(el('button', { type: 'submit', id: 'send' }, `Send ${op.method}`));
  form.onsubmit = (event) => {
    event.preventDefault();
    void send(op);
  };
  byId('response').replaceChildren(el('p', { class: 'muted' }, 'No request sent yet.'));
}

function requestOf(op: ConsoleOperation): { url: string; init: RequestInit; curl: string } {
  const server = byId<HTMLSelectElement>('server').value;
  const token = byId<HTMLSelectElement>('token').value;
  let path = op.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const input of document.querySelectorAll<HTMLInputElement>('#request input[data-in]')) {
    if (input.dataset.in === 'path') path = path.replace(`{${input.name}}`, encodeURIComponent(input.value));
    else if (input.value === '') continue;
    else if (input.dataset.in === 'query') query.append(input.name, input.value);
    else headers[input.name] = input.value;
  }
  if (token) headers.authorization = `Bearer ${token}`;
  const body = op.body === undefined ? undefined : byId<HTMLTextAreaElement>('body').value;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const url = `${server}${path}${query.size > 0 ? `?${query}` : ''}`;
  const curl = [
    `curl -sS${op.method === 'GET' ? '' : ` -X ${op.method}`} '${url}'`,
    ...Object.entries(headers).map(([k, v]) => `  -H '${k}: ${v}'`),
    ...(body === undefined ? [] : [`  -d '${body.replace(/'/g, `'\\''`)}'`]),
  ].join(' \\\n');
  return { url, init: { method: op.method, headers, ...(body === undefined ? {} : { body }) }, curl };
}

/** The response checked against the contract: the documented response for its status, and its schema. */
function verdict(op: ConsoleOperation, status: number, type: string, body: unknown, parsed: boolean): string[] {
  const documented = documentedResponse(op.responses, status);
  if (!documented) return [`status ${status} is not documented for ${op.operationId}`];
  const { key, response } = documented;
  if (response.schema === undefined) return status === 204 || body === '' ? [] : [`${key} documents no body`];
  if (!/^application\/json\b/.test(type)) return [`the body is ${type || 'untyped'}, not application/json`];
  if (!parsed) return ['the body is not valid JSON'];
  const validate = ajv.compile(response.schema as object);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`);
}

async function send(op: ConsoleOperation) {
  const out = byId('response');
  const { url, init, curl } = requestOf(op);
  out.replaceChildren(el('p', { class: 'muted', role: 'status' }, `Sending ${op.method} ${url} …`));
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (error) {
    out.replaceChildren(
      el(
        'p',
        { class: 'bad', role: 'status' },
        `The request failed: ${(error as Error).message}. Is the server running, and does it allow this page's origin?`,
      ),
      el('pre', { tabindex: '0', 'aria-label': 'the request as curl' }, curl),
    );
    return;
  }
  const ms = Math.round(performance.now() - started);
  const raw = await res.text();
  let body: unknown = raw;
  let parsed = false;
  try {
    body = raw === '' ? '' : JSON.parse(raw);
    parsed = raw !== '';
  } catch {}
  const type = res.headers.get('content-type') ?? '';
  const problems = verdict(op, res.status, type, body, parsed);
  const documented = documentedResponse(op.responses, res.status);
  out.replaceChildren(
    el('h2', {}, 'Response'),
    el(
      'p',
      { id: 'status', role: 'status' },
      el('strong', {}, `${res.status} ${res.statusText}`),
      ` in ${ms} ms`,
      ...(documented
        ? [` · documented as ${documented.key}: `, ...markdown(paragraphs(documented.response.description).join(' '))]
        : []),
    ),
    el(
      'p',
      { id: 'verdict', class: problems.length === 0 ? 'good' : 'bad' },
      problems.length === 0 ? '✓ Matches the contract.' : `✗ Does not match the contract: ${problems.join('; ')}`,
    ),
    el('h3', {}, 'Headers'),
    el(
      'pre',
      { id: 'response-headers', tabindex: '0', 'aria-label': 'response headers' },
      [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n'),
    ),
    el('h3', {}, 'Body'),
    el(
      'pre',
      { id: 'response-body', tabindex: '0', 'aria-label': 'response body' },
      parsed ? JSON.stringify(body, null, 2) : raw,
    ),
    el('h3', {}, 'The same request with curl'),
    el('pre', { id: 'curl', tabindex: '0', 'aria-label': 'the request as curl' }, curl),
  );
}

async function main() {
  const picker = byId<HTMLSelectElement>('operation');
  for (const family of data.families) {
    const group = el('optgroup', { label: family.name });
    for (const op of data.operations.filter((o) => o.family === family.id))
      group.append(el('option', { value: op.operationId }, `${op.method} ${op.summary}`));
    picker.append(group);
  }
  const servers = new Map(await Promise.all(data.families.map(async (f) => [f.id, await defaultServer(f)] as const)));
  const show = () => {
    const wanted = decodeURIComponent(location.hash.slice(1));
    const op = data.operations.find((o) => o.operationId === wanted) ?? (data.operations[0] as ConsoleOperation);
    picker.value = op.operationId;
    renderOperation(op, servers.get(op.family) ?? '');
  };
  picker.onchange = () => {
    location.hash = picker.value;
  };
  window.addEventListener('hashchange', show);
  show();
  document.body.dataset.ready = 'true';
}

void main();
