/** Bearer tokens: found for their own family only, and a token configuration that names one twice refused. */
import { describe, expect, it } from 'vitest';
import { DEMO_TOKENS, loadTokens, TokenRegistry } from '../src/auth/tokens.ts';

const registry = new TokenRegistry(DEMO_TOKENS);
const android = DEMO_TOKENS.find((t) => t.family === 'android');
const graph = DEMO_TOKENS.find((t) => t.family === 'graph');

describe('a bearer token', () => {
  it.each([
    ['an Android token, for Android', android?.token, 'android', android],
    ['a Graph token, for Graph', graph?.token, 'graph', graph],
    ['an Android token, for Graph', android?.token, 'graph', undefined],
    ['an unknown token', 'not-a-configured-token', 'android', undefined],
    ['a configured token with one more character', `${android?.token}x`, 'android', undefined],
    ['an empty token', '', 'android', undefined],
  ] as const)('%s → its principal or none', (_name, token, family, expected) => {
    expect(registry.find(token ?? '', family)).toBe(expected);
  });
});

describe('a token configuration (DEVICE_COMMANDS_TOKENS)', () => {
  it('is loaded when every token is different', () => {
    const { tokens } = loadTokens({ DEVICE_COMMANDS_TOKENS: JSON.stringify(DEMO_TOKENS) });
    expect(tokens).toHaveLength(DEMO_TOKENS.length);
  });

  it('is refused when it names one token twice', () => {
    const twice = [...DEMO_TOKENS, { ...graph, description: 'the same token again' }];
    expect(() => loadTokens({ DEVICE_COMMANDS_TOKENS: JSON.stringify(twice) })).toThrow(/configured once/);
  });
});
