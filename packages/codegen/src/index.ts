/** @device-commands/codegen: build-time generators that read the bundled contract. */

export { emitClientSources } from './emit-client.ts';
export { emitRoutes } from './emit-routes.ts';
export { type JsonSchema, toZod, type ZodContext } from './json-schema-to-zod.ts';
