/**
 * Hostile and odd input, in process: every input limit the contract declares (`x-input-limits`)
 * answers in the family's envelope with 400 or 413, and authentication follows RFC 9110 and RFC 6750
 * (case-insensitive scheme, `WWW-Authenticate` on every 401). Never a 500.
 */
import { describe, expect, it } from 'vitest';
import { inputLimits } from '../src/generated/routes.gen.ts';
import { ANDROID, DEVICE_PATH, GRAPH, GRAPH_DEVICE_PATH, harness, TOKENS } from './support/harness.ts';

const h = await harness();
const L = inputLimits;

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const members = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`;
const items = (n: number) => `[${Array.from({ length: n }, () => '0').join(',')}]`;
const text = (n: number) => JSON.stringify('x'.repeat(n));

interface LimitCase {
  name: string;
  /** A JSON value placed where each family's schema accepts anything (Graph: payload members). */
  value: string;
  status: number;
  issue?: string;
}

const limitCases: LimitCase[] = [
  { name: `nesting at the limit (${L.maxJsonDepth})`, value: nested(L.maxJsonDepth - 2), status: 201 },
  {
    name: `nesting one level deeper than ${L.maxJsonDepth}`,
    value: nested(L.maxJsonDepth - 1),
    status: 400,
    issue: 'too_deep',
  },
  {
    name: 'nesting 10,000 levels deep (10 KB, under the size limit)',
    value: nested(5000),
    status: 400,
    issue: 'too_deep',
  },
  { name: `an object of ${L.maxObjectKeys} members`, value: members(L.maxObjectKeys), status: 201 },
  {
    name: `an object of ${L.maxObjectKeys + 1} members`,
    value: members(L.maxObjectKeys + 1),
    status: 400,
    issue: 'too_many_keys',
  },
  { name: `an array of ${L.maxArrayItems} items`, value: items(L.maxArrayItems), status: 201 },
  {
    name: `an array of ${L.maxArrayItems + 1} items`,
    value: items(L.maxArrayItems + 1),
    status: 400,
    issue: 'too_many_items',
  },
  { name: `a string of ${L.maxStringLength} characters`, value: text(L.maxStringLength), status: 201 },
  {
    name: `a string of ${L.maxStringLength + 1} characters`,
    value: text(L.maxStringLength + 1),
    status: 400,
    issue: 'too_long',
  },
  { name: `a body over ${L.maxBodyBytes} bytes`, value: text(L.maxBodyBytes), status: 413 },
];

describe('the input limits of x-input-limits, for Graph (whose payload is open)', () => {
  it.each(limitCases)('$name → $status', async (c) => {
    // The payload object is the body's depth 2, its member depth 3.
    const body = `{"type":"AppService","appServiceName":"svc","packageFamilyName":"pkg","payload":{"v":${c.value}}}`;
    const res = await h.request('POST', `${GRAPH_DEVICE_PATH}/commands`, { token: TOKENS.graphAna, body });
    expect(res.status).toBe(c.status);
    const json = (await res.json()) as { error?: { code: string; details?: { code: string }[] } };
    if (c.status >= 400) expect(json.error?.code).toBe('invalidRequest');
    if (c.issue) expect(json.error?.details?.map((d) => d.code)).toEqual([c.issue]);
  });
});

describe('the input limits, for Android (whose body is closed)', () => {
  it.each([
    ['nesting 10,000 levels deep', `{"type":"LOCK","x":${nested(5000)}}`, 'too_deep'],
    ['a member name longer than the string limit', `{${text(L.maxStringLength + 1)}:1}`, 'too_long'],
    ['an array of too many items', items(L.maxArrayItems + 1), 'too_many_items'],
  ])('%s → 400 with code 3000', async (_name, body, issue) => {
    const res = await h.request('POST', `${DEVICE_PATH}/commands`, { token: TOKENS.androidAdmin, body });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { status: boolean; error: { code: number; message: string } };
    expect(json.status).toBe(false);
    expect(json.error.code).toBe(3000);
    expect(json.error.message).toMatch(
      { too_deep: /nested deeper/, too_long: /longer than/, too_many_items: /more than/ }[issue] as RegExp,
    );
  });
});

interface AuthCase {
  name: string;
  authorization: string | undefined;
  status: number;
  /** The challenge: `bare` (no token sent) or `invalid` (RFC 6750 error="invalid_token"). */
  challenge?: 'bare' | 'invalid';
}

const authCases = (token: string): AuthCase[] => [
  { name: 'Bearer', authorization: `Bearer ${token}`, status: 200 },
  { name: 'bearer in lower case', authorization: `bearer ${token}`, status: 200 },
  { name: 'BEARER in upper case', authorization: `BEARER ${token}`, status: 200 },
  { name: 'several spaces after the scheme', authorization: `Bearer   ${token}`, status: 200 },
  { name: 'spaces around the field value', authorization: `  Bearer ${token}  `, status: 200 },
  { name: 'no header', authorization: undefined, status: 401, challenge: 'bare' },
  { name: 'the scheme alone', authorization: 'Bearer', status: 401, challenge: 'bare' },
  { name: 'a tab instead of the space', authorization: `Bearer\t${token}`, status: 401, challenge: 'invalid' },
  { name: 'a token with a space inside', authorization: `Bearer ${token} extra`, status: 401, challenge: 'invalid' },
  { name: 'an unknown token', authorization: 'Bearer no-such-token', status: 401, challenge: 'invalid' },
  { name: 'the Basic scheme', authorization: 'Basic YTpi', status: 401, challenge: 'invalid' },
];

describe.each([
  ['android', `${DEVICE_PATH}/commands`, TOKENS.androidAdmin, 'Android Enterprise commands'],
  ['graph', `${GRAPH}/me/devices`, TOKENS.graphAna, 'Microsoft Graph device commands'],
])('authentication of the %s family (RFC 9110, RFC 6750)', (_family, path, token, realm) => {
  it.each(authCases(token))('$name → $status', async (c) => {
    const res = await h.request('GET', path, {
      token: null,
      headers: c.authorization === undefined ? {} : { authorization: c.authorization },
    });
    expect(res.status).toBe(c.status);
    const header = res.headers.get('www-authenticate');
    if (c.challenge === 'bare') expect(header).toBe(`Bearer realm="${realm}"`);
    else if (c.challenge === 'invalid')
      expect(header).toMatch(new RegExp(`^Bearer realm="${realm}", error="invalid_token", error_description="[^"]+"$`));
    else expect(header).toBeNull();
  });
});

describe('a path outside both families', () => {
  it('is not authenticated, and carries no challenge', async () => {
    const res = await h.request('GET', `${ANDROID}x/nothing`, { token: null });
    expect(res.status).toBe(404);
    expect(res.headers.get('www-authenticate')).toBeNull();
  });
});
