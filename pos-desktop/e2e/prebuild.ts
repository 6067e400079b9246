/**
 * `.ci/run` starts this (and web-admin/e2e/prebuild.ts) in the background while lint and the type
 * checks run: the till's shared renderer build, which the first till e2e file would otherwise make
 * while other tests compete for the cores. Reused by the suites while no input changed.
 */
import { ensureSharedBuild } from './till.fixtures.ts';

const started = Date.now();
ensureSharedBuild().then(
  () => console.log(`till renderer ready in ${Math.round((Date.now() - started) / 1000)} s`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
