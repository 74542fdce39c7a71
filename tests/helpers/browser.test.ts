// launchBrowser: one Chromium per vitest worker, whose close() closes only what the caller
// opened; and outside vitest (the benches) a browser of the caller's own, which close() ends,
// so the process can exit.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findTestChromium } from '../../scripts/chromium.mjs';
import { browserProcess, launchBrowser } from './browser.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

describe('launchBrowser', () => {
  it('in a vitest worker, shares one browser: close() closes the contexts opened through it, not the others', async () => {
    const first = await launchBrowser();
    const kept = await first.newContext();
    const second = await launchBrowser();
    expect(second.contexts()).toContain(kept);
    const page = await second.newPage();
    await second.close();
    expect(page.isClosed()).toBe(true);
    expect(first.contexts()).toContain(kept);
    expect(first.isConnected()).toBe(true);
    await first.close();
    expect(first.contexts()).not.toContain(kept);
    expect(first.isConnected()).toBe(true);
  });

  it('in a vitest worker, runs the headless shell where installed, shared', async () => {
    const [test, again] = [await launchBrowser(), await launchBrowser()];
    const [t, a] = [await browserProcess(test), await browserProcess(again)];
    expect(a.id).toBe(t.id);
    expect(t.binary.includes('headless-shell')).toBe(findTestChromium()!.includes('headless-shell'));
    await Promise.all([test.close(), again.close()]);
  });

  it('elsewhere, launches a browser of its own (the whole browser: the benches measure what a visitor\'s runs) that close() ends, and the process exits by itself', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
    const script = `
      import { browserProcess, launchBrowser } from './tests/helpers/browser.ts';
      const a = await launchBrowser();
      const b = await launchBrowser();
      await (await a.newPage()).goto('about:blank');
      const { binary } = await browserProcess(a);
      console.log(JSON.stringify({ separate: a.contexts().length === 1 && b.contexts().length === 0, shell: binary.includes('headless-shell') }));
      await a.close();
      await b.close();
      console.log(JSON.stringify({ closed: !a.isConnected() && !b.isConnected() }));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    // Bounded: a browser left open would keep the child alive; it is killed after 60 s.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    clearTimeout(timer);
    expect({ code, signal }, err).toEqual({ code: 0, signal: null });
    expect(out.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([{ separate: true, shell: false }, { closed: true }]);
  }, 90_000);
});
