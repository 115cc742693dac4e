/**
 * The input limits the contract declares once (`x-input-limits` in openapi.yaml): the reference
 * server enforces them and the contract suite probes them.
 */
import type { OpenApiDocument } from './document.ts';

export interface InputLimits {
  /** A body's size in bytes (413 above it). */
  maxBodyBytes: number;
  /** Nesting of objects and arrays in a JSON body; the body itself is depth 1 (400 above it). */
  maxJsonDepth: number;
  /** Members of any one object in a JSON body (400 above it). */
  maxObjectKeys: number;
  /** Items of any one array in a JSON body (400 above it). */
  maxArrayItems: number;
  /** Any string of a JSON body, keys included, in UTF-16 code units, where the schema says less (400 above it). */
  maxStringLength: number;
  /** The request line and headers together, in bytes (431 above it). */
  maxHeaderBytes: number;
}

const NAMES: readonly (keyof InputLimits)[] = [
  'maxBodyBytes',
  'maxJsonDepth',
  'maxObjectKeys',
  'maxArrayItems',
  'maxStringLength',
  'maxHeaderBytes',
];

export function inputLimitsOf(doc: OpenApiDocument): InputLimits {
  const declared = (doc as unknown as Record<string, unknown>)['x-input-limits'] as Record<string, unknown> | undefined;
  const limits = {} as InputLimits;
  for (const name of NAMES) {
    const value = declared?.[name];
    if (!Number.isInteger(value) || (value as number) < 1)
      throw new Error(`x-input-limits.${name} must be a positive integer (openapi/openapi.yaml)`);
    limits[name] = value as number;
  }
  return limits;
}
