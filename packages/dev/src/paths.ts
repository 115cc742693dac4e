/**
 * Where the loop reads and writes, from the repository this package sits in (a temporary copy of the
 * repository works the same way: the tests and the benchmark run the loop in one).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RepoPaths {
  root: string;
  /** The hand-written contract, and its entry file. */
  openapi: string;
  specRoot: string;
  /** Where the bundles go (packages/spec/generated). */
  bundles: string;
  routes: string;
  clientGenerated: string;
  server: string;
  serverSources: string;
  docsContent: string;
  docsDist: string;
}

export function repoPaths(root = fileURLToPath(new URL('../../../', import.meta.url))): RepoPaths {
  return {
    root,
    openapi: join(root, 'openapi'),
    specRoot: join(root, 'openapi', 'openapi.yaml'),
    bundles: join(root, 'packages', 'spec', 'generated'),
    routes: join(root, 'packages', 'server', 'src', 'generated', 'routes.gen.ts'),
    clientGenerated: join(root, 'packages', 'client', 'src', 'generated'),
    server: join(root, 'packages', 'server'),
    serverSources: join(root, 'packages', 'server', 'src'),
    docsContent: join(root, 'packages', 'docs', 'content'),
    docsDist: join(root, 'packages', 'docs', 'dist'),
  };
}
