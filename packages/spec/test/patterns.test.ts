/**
 * The regex patterns of the contract accept and reject what their descriptions promise, with and
 * without the `u` flag, including the cases where upstream's published patterns go wrong.
 */
import { describe, expect, it } from 'vitest';
import { createSpecAjv, loadDereferencedSpec, operationsOf } from '../src/index.ts';

const doc = loadDereferencedSpec();
const ajv = createSpecAjv();

function parameterSchema(name: string): { pattern?: string } {
  return parameter(name).schema as { pattern?: string };
}
function parameter(name: string): Record<string, unknown> {
  for (const { parameters } of operationsOf(doc)) {
    const found = parameters.find((p) => p.name === name);
    if (found) return found;
  }
  throw new Error(`no parameter ${name}`);
}
const createBody = (doc.components?.schemas?.CreateEmmCommandRequest ?? {}) as {
  properties: Record<string, { pattern?: string }>;
};

const hex24 = '65a1f0c2e4b0a1b2c3d4e5f6';
type Case = [subject: string, value: string, accepted: boolean, why: string];
const cases: Case[] = [
  ['organizationId', hex24, true, 'a 24-hex id'],
  ['organizationId', 'acme-robotics', true, 'a slug with a hyphen'],
  ['organizationId', 'abc', true, 'a 3-character slug'],
  ['organizationId', 'ab', false, 'a 2-character slug'],
  ['organizationId', 'ab\\c', false, 'a backslash, which upstream’s pattern admits'],
  ['organizationId', 'my_org', false, 'an underscore'],
  ['organizationId', 'acme robotics', false, 'a space'],
  ['organizationId', 'acme%2Frobotics', false, 'an encoded slash'],
  ['organizationId', '', false, 'the empty string'],
  ['emmDeviceId', hex24, true, 'a 24-hex id'],
  ['emmDeviceId', 'R58N123ABCD', true, 'a serial number'],
  ['emmDeviceId', '356938035643809', true, 'an IMEI'],
  ['emmDeviceId', 'enroll_01', true, 'an underscore, a word character'],
  ['emmDeviceId', 'R58-N123', false, 'a hyphenated serial number'],
  ['emmDeviceId', 'Ñandú', false, 'non-ASCII letters, which \\w admits in Python and .NET'],
  ['emmDeviceId', '\u017f', false, 'U+017F, which \\w admits in JavaScript with the i and u flags'],
  ['emmDeviceId', '\u212a', false, 'the Kelvin sign U+212A, likewise'],
  ['emmDeviceId', ' R58N', false, 'a leading space'],
  ['emmDeviceId', '', false, 'the empty string'],
  ['emmCommandId', hex24, true, '24 hex digits'],
  ['emmCommandId', hex24.toUpperCase(), true, 'upper-case hex'],
  ['emmCommandId', hex24.slice(1), false, '23 hex digits'],
  ['emmCommandId', `${hex24}0`, false, '25 hex digits'],
  ['emmCommandId', `${hex24.slice(0, 23)}g`, false, 'a non-hex letter'],
  ['emmCommandId', '６５a1f0c2e4b0a1b2c3d4e5f6', false, 'full-width digits'],
  ['device-id', '6f9e4a52-5c3b-4d7e-9a1f-2b8c7d6e5f40', true, 'a GUID'],
  ['device-id', 'a/b', false, 'a slash'],
  ['device-id', 'x'.repeat(129), false, '129 characters'],
  ['command-id', '0158355AD4D680CC4E2994CC009EFFD7337D1335FCA6ED266', true, 'a long hex id'],
  ['command-id', '0', true, 'upstream’s generic example id'],
  ['command-id', '0158355AD4…', false, 'upstream’s truncated example id'],
  ['sort', 'createdAt:desc', true, 'a field and a direction'],
  ['sort', 'updatedAt', true, 'a field alone'],
  ['sort', 'createdAt:DESC', false, 'an upper-case direction'],
  ['sort', 'name:asc', false, 'a field commands cannot be sorted by'],
  ['duration', '3600s', true, 'whole seconds'],
  ['duration', '3.5s', true, 'fractional seconds'],
  ['duration', '0.000000001s', true, 'nanoseconds'],
  ['duration', '1.0000000001s', false, 'more than nine fractional digits'],
  ['duration', '10m', false, 'minutes'],
  ['duration', '-5s', false, 'a negative duration'],
];

function patternOf(subject: string): string {
  const pattern = subject === 'duration' ? createBody.properties.duration?.pattern : parameterSchema(subject).pattern;
  if (!pattern) throw new Error(`${subject} has no pattern`);
  return pattern;
}

describe('the id and query patterns', () => {
  it.each(cases)('%s %j is accepted: %s (%s)', (subject, value, accepted) => {
    const pattern = patternOf(subject);
    expect(new RegExp(pattern, 'u').test(value), 'with the u flag').toBe(accepted);
    expect(new RegExp(pattern).test(value), 'without flags').toBe(accepted);
    if (subject !== 'duration') {
      const validate = ajv.compile(parameterSchema(subject));
      expect(validate(value), 'by the schema, with its maxLength').toBe(accepted);
    }
  });

  it('keep the published upstream pattern beside the one we enforce, and the published one admits a backslash', () => {
    const upstream = parameter('organizationId')['x-upstream-pattern'] as string;
    expect(upstream).toBe('^(([a-fA-F0-9]{24})|([a-zA-Z0-9\\\\-]{3,}))$');
    expect(new RegExp(upstream).test('ab\\c')).toBe(true);
    expect(new RegExp(patternOf('organizationId')).test('ab\\c')).toBe(false);
  });

  it('compile under the u flag everywhere in the contract', () => {
    const patterns = JSON.stringify(doc).match(/"pattern":"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(patterns.length).toBeGreaterThan(10);
    for (const entry of patterns) {
      const source = JSON.parse(`{${entry}}`).pattern as string;
      expect(() => new RegExp(source, 'u'), source).not.toThrow();
    }
  });
});
