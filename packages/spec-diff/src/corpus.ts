/**
 * The golden corpus: small before/after pairs of OpenAPI 3.1 documents, each with the class and rule
 * it must get. Both directions (request, response) and both families' real envelopes. Shared by the
 * table-driven test and the engine comparison (compare-engines.ts).
 */
import type { OpenApiDocument } from '@device-commands/spec';
import type { ChangeClass } from './diff.ts';

// biome-ignore lint/suspicious/noExplicitAny: the fixtures are edited freely, path by path
type Json = Record<string, any>;

const androidError = (codes: number[]) => ({
  title: 'AndroidError',
  type: 'object',
  required: ['status', 'error'],
  properties: {
    status: { type: 'boolean', const: false },
    error:
      codes.length === 1
        ? {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { const: codes[0] }, message: { type: 'string' } },
          }
        : {
            oneOf: codes.map((c) => ({
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { const: c }, message: { type: 'string' } },
            })),
          },
  },
});
const odataError = (code: string) => ({
  title: 'ODataError',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { const: code },
        message: { type: 'string' },
        innerError: { type: 'object', additionalProperties: true },
      },
    },
  },
});
const json = (schema: object, description = 'ok') => ({ description, content: { 'application/json': { schema } } });

export function baseDocument(): OpenApiDocument {
  const command = {
    title: 'EmmCommand',
    type: 'object',
    required: ['id', 'status'],
    properties: {
      id: { type: 'string', pattern: '^[a-fA-F0-9]{24}$' },
      status: { type: 'string', enum: ['PENDING', 'DONE', 'CANCEL'] },
      note: { type: 'string', maxLength: 100 },
      createdAt: { type: 'string', format: 'date-time' },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'fixture', version: '1.0.0' },
    servers: [{ url: 'http://localhost:4000/applivery/v1' }, { url: 'https://api.applivery.io/v1' }],
    tags: [{ name: 'Android' }, { name: 'Graph' }],
    'x-families': [
      {
        id: 'android',
        tag: 'Android',
        upstream: 'https://api.applivery.io/v1',
        local: 'http://localhost:4000/applivery/v1',
        securityScheme: 'ApiKeyAuth',
        authorization: 'x-permission',
        errorEnvelope: 'AndroidError',
      },
      {
        id: 'graph',
        tag: 'Graph',
        upstream: 'https://graph.microsoft.com/beta',
        local: 'http://localhost:4000/graph/beta',
        securityScheme: 'GraphDelegated',
        authorization: 'scopes',
        errorEnvelope: 'ODataError',
      },
    ],
    paths: {
      '/organizations/{organizationId}/commands': {
        servers: [{ url: 'https://api.applivery.io/v1' }, { url: 'http://localhost:4000/applivery/v1' }],
        parameters: [
          {
            name: 'organizationId',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^[a-fA-F0-9]{24}$' },
          },
        ],
        get: {
          operationId: 'listAndroidCommands',
          summary: 'List commands',
          tags: ['Android'],
          'x-permission': 'mdm.android.command.list',
          security: [{ ApiKeyAuth: [] }],
          parameters: [
            { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
            { name: 'q', in: 'query', required: true, schema: { type: 'string' } },
          ],
          responses: {
            '200': json({
              type: 'object',
              required: ['status', 'data'],
              properties: { status: { type: 'boolean', const: true }, data: { type: 'array', items: command } },
            }),
            '404': json(androidError([3001])),
            default: json(androidError([1000])),
          },
        },
        post: {
          operationId: 'createAndroidCommand',
          tags: ['Android'],
          'x-permission': 'mdm.android.command.create',
          security: [{ ApiKeyAuth: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  title: 'CreateEmmCommandRequest',
                  type: 'object',
                  additionalProperties: false,
                  required: ['type'],
                  properties: {
                    type: { type: 'string', enum: ['LOCK', 'REBOOT'] },
                    duration: { type: 'string', maxLength: 256, pattern: '^\\d+s$' },
                    note: { type: 'string' },
                    retries: { type: 'integer', minimum: 0 },
                  },
                },
              },
            },
          },
          responses: {
            '201': json({
              type: 'object',
              required: ['status', 'data'],
              properties: { status: { type: 'boolean', const: true }, data: command },
            }),
            '400': json(androidError([3000, 5050])),
          },
        },
      },
      '/me/devices/{device-id}/commands/{command-id}': {
        servers: [{ url: 'https://graph.microsoft.com/beta' }, { url: 'http://localhost:4000/graph/beta' }],
        parameters: [
          {
            name: 'device-id',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^[A-Za-z0-9-]{1,128}$' },
          },
          {
            name: 'command-id',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^[A-Fa-f0-9]{1,128}$' },
          },
        ],
        get: {
          operationId: 'getDeviceCommand',
          tags: ['Graph'],
          deprecated: true,
          security: [{ GraphDelegated: ['Device.Command'] }],
          responses: {
            '200': json({
              title: 'Command',
              type: 'object',
              required: ['id', 'status'],
              properties: {
                id: { type: 'string' },
                status: { type: 'string', enum: ['requesting', 'executing', 'completed'] },
                type: { type: ['string', 'null'] },
              },
            }),
            '404': json(odataError('itemNotFound')),
            default: json(odataError('generalException')),
          },
        },
      },
    },
  } as unknown as OpenApiDocument;
}

export interface GoldenCase {
  name: string;
  change: (doc: Json) => void;
  /** The most severe class of the change, and the rule our engine must report it with. */
  expected: ChangeClass;
  rule: string;
}

const LIST = (d: Json) => d.paths['/organizations/{organizationId}/commands'];
const CREATE_BODY = (d: Json) => LIST(d).post.requestBody.content['application/json'].schema;
const COMMAND = (d: Json) => LIST(d).get.responses['200'].content['application/json'].schema.properties.data.items;
const GRAPH = (d: Json) => d.paths['/me/devices/{device-id}/commands/{command-id}'];
const GRAPH_200 = (d: Json) => GRAPH(d).get.responses['200'].content['application/json'].schema;

export const GOLDEN: GoldenCase[] = [
  {
    name: 'an operation is removed',
    change: (d) => delete LIST(d).post,
    expected: 'breaking',
    rule: 'operation.removed',
  },
  {
    name: 'a path is removed',
    change: (d) => delete d.paths['/me/devices/{device-id}/commands/{command-id}'],
    expected: 'breaking',
    rule: 'path.removed',
  },
  {
    name: 'an operation is added',
    change: (d) => (GRAPH(d).delete = { ...GRAPH(d).get, operationId: 'deleteCommand' }),
    expected: 'non-breaking',
    rule: 'operation.added',
  },
  {
    name: 'an operation becomes deprecated',
    change: (d) => (LIST(d).get.deprecated = true),
    expected: 'deprecation',
    rule: 'operation.deprecated',
  },
  {
    name: 'an operation is no longer deprecated',
    change: (d) => delete GRAPH(d).get.deprecated,
    expected: 'non-breaking',
    rule: 'operation.undeprecated',
  },
  {
    name: "an operation's description changes",
    change: (d) => (LIST(d).get.description = 'Lists them.'),
    expected: 'docs-only',
    rule: 'operation.description',
  },
  {
    name: "an operation's summary changes",
    change: (d) => (LIST(d).get.summary = 'List device commands'),
    expected: 'docs-only',
    rule: 'operation.summary',
  },
  {
    name: 'an operationId is renamed',
    change: (d) => (LIST(d).get.operationId = 'listCommands'),
    expected: 'breaking',
    rule: 'operation.id.changed',
  },
  {
    name: 'an optional query parameter is added',
    change: (d) => LIST(d).get.parameters.push({ name: 'limit', in: 'query', schema: { type: 'integer' } }),
    expected: 'non-breaking',
    rule: 'request.parameter.added-optional',
  },
  {
    name: 'a required query parameter is added',
    change: (d) =>
      LIST(d).get.parameters.push({ name: 'limit', in: 'query', required: true, schema: { type: 'integer' } }),
    expected: 'breaking',
    rule: 'request.parameter.added-required',
  },
  {
    name: 'a query parameter becomes required',
    change: (d) => (LIST(d).get.parameters[0].required = true),
    expected: 'breaking',
    rule: 'request.parameter.made-required',
  },
  {
    name: 'a query parameter becomes optional',
    change: (d) => (LIST(d).get.parameters[1].required = false),
    expected: 'non-breaking',
    rule: 'request.parameter.made-optional',
  },
  {
    name: 'a query parameter is removed',
    change: (d) => LIST(d).get.parameters.splice(0, 1),
    expected: 'breaking',
    rule: 'request.parameter.removed',
  },
  {
    name: "a path parameter's pattern is narrowed (no upper case)",
    change: (d) => (LIST(d).parameters[0].schema.pattern = '^[a-f0-9]{24}$'),
    expected: 'breaking',
    rule: 'request.pattern.narrowed',
  },
  {
    name: "a path parameter's pattern is widened (slugs too)",
    change: (d) => (LIST(d).parameters[0].schema.pattern = '^(?:[a-fA-F0-9]{24}|[a-z-]{3,})$'),
    expected: 'non-breaking',
    rule: 'request.pattern.widened',
  },
  {
    name: "a path parameter's pattern is rewritten with the same verdicts",
    change: (d) => (LIST(d).parameters[0].schema.pattern = '^[A-Fa-f0-9]{24}$'),
    expected: 'docs-only',
    rule: 'request.pattern.rewritten',
  },
  {
    name: "a path parameter's pattern changes both ways",
    change: (d) => (LIST(d).parameters[0].schema.pattern = '^[a-z0-9]{24}$'),
    expected: 'breaking',
    rule: 'request.pattern.changed',
  },
  {
    name: "a response field's pattern is widened",
    change: (d) => (COMMAND(d).properties.id.pattern = '^[a-zA-Z0-9]{24}$'),
    expected: 'breaking',
    rule: 'response.pattern.widened',
  },
  {
    name: "a response field's pattern is narrowed",
    change: (d) => (COMMAND(d).properties.id.pattern = '^[a-f0-9]{24}$'),
    expected: 'non-breaking',
    rule: 'response.pattern.narrowed',
  },
  {
    name: "a request field's maxLength is narrowed",
    change: (d) => (CREATE_BODY(d).properties.duration.maxLength = 16),
    expected: 'breaking',
    rule: 'request.maxLength.narrowed',
  },
  {
    name: "a request field's maxLength is widened",
    change: (d) => (CREATE_BODY(d).properties.duration.maxLength = 512),
    expected: 'non-breaking',
    rule: 'request.maxLength.widened',
  },
  {
    name: "a response field's maxLength is widened",
    change: (d) => (COMMAND(d).properties.note.maxLength = 1000),
    expected: 'breaking',
    rule: 'response.maxLength.widened',
  },
  {
    name: "a response field's maxLength is narrowed",
    change: (d) => (COMMAND(d).properties.note.maxLength = 10),
    expected: 'non-breaking',
    rule: 'response.maxLength.narrowed',
  },
  {
    name: "a query parameter's minimum is raised",
    change: (d) => (LIST(d).get.parameters[0].schema.minimum = 2),
    expected: 'breaking',
    rule: 'request.minimum.narrowed',
  },
  {
    name: "a query parameter's maximum is raised",
    change: (d) => (LIST(d).get.parameters[0].schema.maximum = 5000),
    expected: 'non-breaking',
    rule: 'request.maximum.widened',
  },
  {
    name: "a request body field's minimum is added",
    change: (d) => (CREATE_BODY(d).properties.retries.minimum = 1),
    expected: 'breaking',
    rule: 'request.minimum.narrowed',
  },
  {
    name: 'a request enum loses a value',
    change: (d) => (CREATE_BODY(d).properties.type.enum = ['LOCK']),
    expected: 'breaking',
    rule: 'request.enum.value-removed',
  },
  {
    name: 'a request enum gains a value',
    change: (d) => CREATE_BODY(d).properties.type.enum.push('START_LOST_MODE'),
    expected: 'non-breaking',
    rule: 'request.enum.value-added',
  },
  {
    name: 'a response enum gains a value (Graph actionStatus)',
    change: (d) => GRAPH_200(d).properties.status.enum.push('canceled'),
    expected: 'breaking',
    rule: 'response.enum.value-added',
  },
  {
    name: 'a response enum loses a value',
    change: (d) => GRAPH_200(d).properties.status.enum.pop(),
    expected: 'non-breaking',
    rule: 'response.enum.value-removed',
  },
  {
    name: 'a request property is removed',
    change: (d) => delete CREATE_BODY(d).properties.note,
    expected: 'breaking',
    rule: 'request.property.removed',
  },
  {
    name: 'an optional request property is added',
    change: (d) => (CREATE_BODY(d).properties.priority = { type: 'integer' }),
    expected: 'non-breaking',
    rule: 'request.property.added',
  },
  {
    name: 'a required request property is added',
    change: (d) => {
      CREATE_BODY(d).properties.priority = { type: 'integer' };
      CREATE_BODY(d).required.push('priority');
    },
    expected: 'breaking',
    rule: 'request.property.added-required',
  },
  {
    name: 'a request property becomes required',
    change: (d) => CREATE_BODY(d).required.push('duration'),
    expected: 'breaking',
    rule: 'request.required.added',
  },
  {
    name: 'a request property becomes optional',
    change: (d) => (CREATE_BODY(d).required = []),
    expected: 'non-breaking',
    rule: 'request.required.removed',
  },
  {
    name: 'a response property is removed',
    change: (d) => delete COMMAND(d).properties.note,
    expected: 'breaking',
    rule: 'response.property.removed',
  },
  {
    name: 'a response property is added',
    change: (d) => (COMMAND(d).properties.userName = { type: 'string' }),
    expected: 'non-breaking',
    rule: 'response.property.added',
  },
  {
    name: 'a response property is no longer required',
    change: (d) => (COMMAND(d).required = ['id']),
    expected: 'breaking',
    rule: 'response.required.removed',
  },
  {
    name: 'a response property becomes required',
    change: (d) => COMMAND(d).required.push('note'),
    expected: 'non-breaking',
    rule: 'response.required.added',
  },
  {
    name: "a request field's type changes",
    change: (d) => (CREATE_BODY(d).properties.retries.type = 'string'),
    expected: 'breaking',
    rule: 'request.type.changed',
  },
  {
    name: "a response field's type changes",
    change: (d) => (COMMAND(d).properties.note.type = 'integer'),
    expected: 'breaking',
    rule: 'response.type.changed',
  },
  {
    name: 'a response field becomes nullable',
    change: (d) => (COMMAND(d).properties.note.type = ['string', 'null']),
    expected: 'breaking',
    rule: 'response.type.widened',
  },
  {
    name: 'a request field becomes nullable',
    change: (d) => (CREATE_BODY(d).properties.note.type = ['string', 'null']),
    expected: 'non-breaking',
    rule: 'request.type.widened',
  },
  {
    name: 'a request field gains a format',
    change: (d) => (CREATE_BODY(d).properties.note.format = 'uri'),
    expected: 'breaking',
    rule: 'request.format.added',
  },
  {
    name: 'a response field loses its format',
    change: (d) => delete COMMAND(d).properties.createdAt.format,
    expected: 'breaking',
    rule: 'response.format.removed',
  },
  {
    name: 'the success status changes (201 → 200)',
    change: (d) => {
      LIST(d).post.responses['200'] = LIST(d).post.responses['201'];
      delete LIST(d).post.responses['201'];
    },
    expected: 'breaking',
    rule: 'response.success-status.changed',
  },
  {
    name: 'an error status is no longer documented',
    change: (d) => delete LIST(d).get.responses['404'],
    expected: 'non-breaking',
    rule: 'response.status.removed',
  },
  {
    name: 'an error status is added where default covers it',
    change: (d) => (LIST(d).get.responses['403'] = json(androidError([4003]))),
    expected: 'non-breaking',
    rule: 'response.status.added-covered-by-default',
  },
  {
    name: 'an error status is added with no default',
    change: (d) => (LIST(d).post.responses['409'] = json(androidError([4090]))),
    expected: 'breaking',
    rule: 'response.status.added',
  },
  {
    name: "an Android 404's error code changes (3001 → 3000)",
    change: (d) =>
      (LIST(d).get.responses['404'].content['application/json'].schema.properties.error.properties.code.const = 3000),
    expected: 'breaking',
    rule: 'response.const.changed',
  },
  {
    name: 'an Android 400 gains an error code (5052)',
    change: (d) =>
      LIST(d).post.responses['400'].content['application/json'].schema.properties.error.oneOf.push({
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { const: 5052 }, message: { type: 'string' } },
      }),
    expected: 'breaking',
    rule: 'response.oneOf.branch-added',
  },
  {
    name: 'an Android 400 loses an error code (5050)',
    change: (d) => LIST(d).post.responses['400'].content['application/json'].schema.properties.error.oneOf.pop(),
    expected: 'non-breaking',
    rule: 'response.oneOf.branch-removed',
  },
  {
    name: "a Graph 404's error code changes (itemNotFound → notFound)",
    change: (d) =>
      (GRAPH(d).get.responses['404'].content['application/json'].schema.properties.error.properties.code.const =
        'notFound'),
    expected: 'breaking',
    rule: 'response.const.changed',
  },
  {
    name: "Graph's error envelope loses innerError",
    change: (d) =>
      delete GRAPH(d).get.responses['404'].content['application/json'].schema.properties.error.properties.innerError,
    expected: 'breaking',
    rule: 'response.property.removed',
  },
  {
    name: "Android's success envelope no longer pins status: true",
    change: (d) => delete LIST(d).get.responses['200'].content['application/json'].schema.properties.status.const,
    expected: 'breaking',
    rule: 'response.const.removed',
  },
  {
    name: 'a delegated scope changes',
    change: (d) => (GRAPH(d).get.security = [{ GraphDelegated: ['Device.Read'] }]),
    expected: 'breaking',
    rule: 'security.changed',
  },
  {
    name: 'the required permission changes',
    change: (d) => (LIST(d).get['x-permission'] = 'mdm.android.command.read'),
    expected: 'breaking',
    rule: 'permission.changed',
  },
  {
    name: 'a root server URL changes',
    change: (d) => (d.servers[1].url = 'https://api.applivery.io/v2'),
    expected: 'breaking',
    rule: 'servers.changed',
  },
  {
    name: "a path's servers change",
    change: (d) => (GRAPH(d).servers[0].url = 'https://graph.microsoft.com/v1.0'),
    expected: 'breaking',
    rule: 'servers.changed',
  },
  {
    name: 'the request body is no longer accepted',
    change: (d) => delete LIST(d).post.requestBody,
    expected: 'breaking',
    rule: 'request.body.removed',
  },
  {
    name: 'a request media type is added',
    change: (d) => (LIST(d).post.requestBody.content['text/plain'] = { schema: { type: 'string' } }),
    expected: 'non-breaking',
    rule: 'request.media-type.added',
  },
  {
    name: 'a request body opens to unknown properties',
    change: (d) => delete CREATE_BODY(d).additionalProperties,
    expected: 'non-breaking',
    rule: 'request.additional-properties.opened',
  },
  {
    name: 'a response object closes to unknown properties',
    change: (d) =>
      (GRAPH(d).get.responses['404'].content[
        'application/json'
      ].schema.properties.error.properties.innerError.additionalProperties = false),
    expected: 'non-breaking',
    rule: 'response.additional-properties.closed',
  },
  {
    name: 'a family changes its local base path',
    change: (d) => (d['x-families'][1].local = 'http://localhost:4000/msgraph/beta'),
    expected: 'breaking',
    rule: 'family.local.changed',
  },
  {
    name: 'only info.version changes',
    change: (d) => (d.info.version = '1.0.1'),
    expected: 'docs-only',
    rule: 'info.version.changed',
  },
];
