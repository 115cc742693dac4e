import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundlePaths, GENERATED_NOTE, loadDereferencedSpec, loadSpec, operationsOf } from '../src/index.ts';
import { validateAgainstMetaSchema } from '../src/meta-schema.ts';

describe('the bundled contract', () => {
  it('is valid against the official OpenAPI 3.1 meta-schema, bundled and dereferenced', async () => {
    expect(await validateAgainstMetaSchema(loadSpec())).toEqual([]);
    expect(await validateAgainstMetaSchema(loadDereferencedSpec())).toEqual([]);
  });

  it('is rejected by the meta-schema check when it is broken', async () => {
    const broken = structuredClone(loadSpec());
    (broken.paths['/me/devices'] as Record<string, unknown>).get = { responses: 'none' };
    expect((await validateAgainstMetaSchema(broken)).length).toBeGreaterThan(0);
  });

  it('says the same thing in YAML and in JSON', () => {
    expect(parse(readFileSync(bundlePaths.yaml, 'utf8'))).toEqual(loadSpec());
  });

  it('carries a do-not-edit note in every bundle', () => {
    expect(readFileSync(bundlePaths.yaml, 'utf8').startsWith(`# ${GENERATED_NOTE}`)).toBe(true);
    expect(loadSpec()['x-generated']).toBe(GENERATED_NOTE);
    expect(loadDereferencedSpec()['x-generated']).toBe(GENERATED_NOTE);
  });

  it('has no $ref left once dereferenced', () => {
    expect(readFileSync(bundlePaths.dereferenced, 'utf8')).not.toContain('"$ref"');
  });

  it('describes the eight operations of the two families, with unique camelCase ids', () => {
    const ids = operationsOf(loadSpec()).map((o) => `${o.method.toUpperCase()} ${o.path} ${o.operation.operationId}`);
    expect(ids).toEqual([
      'GET /organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands listAndroidDeviceCommands',
      'POST /organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands createAndroidDeviceCommand',
      'GET /organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands/{emmCommandId} getAndroidDeviceCommand',
      'POST /organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands/{emmCommandId}/cancel cancelAndroidDeviceCommand',
      'GET /me/devices listMyDevices',
      'POST /me/devices/{device-id}/commands sendDeviceCommand',
      'GET /me/devices/{device-id}/commands/{command-id} getDeviceCommand',
      'GET /me/devices/{device-id}/commands/{command-id}/responsePayload getDeviceCommandResponsePayload',
    ]);
  });
});
