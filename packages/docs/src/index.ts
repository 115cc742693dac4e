import { fileURLToPath } from 'node:url';

/** Where the built site lives: `index.html`, the spec downloads and the samples. */
export const docsDist = fileURLToPath(new URL('../dist/', import.meta.url));
export { buildSite } from './site.ts';
