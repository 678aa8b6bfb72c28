import type { TestProject } from 'vitest/node';
import { ensureWebBuilt, startDemoServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the one demo server that every browser test file shares. */
    demoServerUrl: string;
  }
}

/** Builds the UI and starts `vitaal serve --demo` once for the whole browser project; returns the teardown. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureWebBuilt();
  const server = await startDemoServer();
  project.provide('demoServerUrl', server.url);
  return () => server.stop();
}
