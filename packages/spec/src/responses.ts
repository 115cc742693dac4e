/**
 * Which documented response answers a status: the one rule that the server's response validation,
 * the client's validation and the contract suite's oracle all use.
 *
 * OpenAPI 3.1 (4.8.16): an explicit code (`404`) wins over a range (`4XX`), which wins over
 * `default`, which covers any status the operation does not document otherwise.
 */
export type ResponseKey = `${number}` | `${1 | 2 | 3 | 4 | 5}XX` | 'default';

export function documentedResponse<R>(
  responses: Readonly<Record<string, R>> | undefined,
  status: number,
): { key: string; response: R } | undefined {
  if (!responses) return undefined;
  const exact = String(status);
  if (Object.hasOwn(responses, exact)) return { key: exact, response: responses[exact] as R };
  const range = `${Math.floor(status / 100)}XX`;
  for (const key of [range, range.toLowerCase()]) {
    if (Object.hasOwn(responses, key)) return { key, response: responses[key] as R };
  }
  if (Object.hasOwn(responses, 'default')) return { key: 'default', response: responses.default as R };
  return undefined;
}
