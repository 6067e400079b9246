/**
 * `.ci/run` starts this (and pos-desktop/e2e/prebuild.ts) in the background while lint and the
 * type checks run — tsc keeps one core busy and leaves the other idle: the admin's production
 * build, which the first admin browser suite would otherwise make while other tests compete for
 * the cores. Every suite reuses it through {@link ensureBuilt} while no input changed.
 */
import { ensureBuilt } from './next-server.ts';

ensureBuilt().then(
  (ms) => console.log(ms ? `admin built in ${Math.round(ms / 1000)} s` : 'admin build reused'),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
