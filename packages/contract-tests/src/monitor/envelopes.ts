/**
 * The monitor's own answers when the implementation fails it (502: refused or dropped the
 * connection; 504: no answer in time), in the envelope of the request's family. The contract gives no
 * code for a gateway, so the body is the family's documented answer for a service that is unavailable
 * for a moment (the example of its `default` response for HTTP 503: Applivery's 1008, Graph's
 * `serviceNotAvailable`), with the monitor's reason as the message. A path of no family gets text.
 */
import { randomUUID } from 'node:crypto';
import { loadDereferencedSpec, operationsOf } from '@device-commands/spec';
import { familyOfTraffic } from '../judge.ts';

const unavailable = new Map<string, unknown>();
for (const { family, operation } of operationsOf(loadDereferencedSpec())) {
  if (unavailable.has(family.id)) continue;
  const media = (
    operation.responses.default as
      | { content?: Record<string, { examples?: Record<string, { summary?: string; value?: unknown }> }> }
      | undefined
  )?.content?.['application/json'];
  const example = Object.values(media?.examples ?? {}).find((e) => /\bHTTP 503\b/.test(e.summary ?? ''));
  if (example) unavailable.set(family.id, example.value);
}

export function gatewayAnswer(
  url: string,
  status: 502 | 504,
  why: string,
): { headers: Record<string, string>; body: string } {
  const family = familyOfTraffic(url)?.family.id;
  const template = family ? unavailable.get(family) : undefined;
  const message = `device-commands monitor: ${status === 504 ? 'the implementation did not answer in time' : 'the implementation did not answer'} (${why})`;
  if (template === undefined) return { headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `${message}\n` };
  const body = structuredClone(template) as { error: { message?: string; innerError?: Record<string, string> } };
  body.error.message = message;
  if (body.error.innerError) {
    const id = randomUUID();
    body.error.innerError = { date: new Date().toISOString().slice(0, 19), 'request-id': id, 'client-request-id': id };
  }
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
