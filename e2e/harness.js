// Shared set-up for the end-to-end tests: a static file server for dist/ and the system
// Chromium driven by playwright-core. Nothing is downloaded.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/** Serves dist/ (or another built site's folder) on a free loopback port; resolves to
 * { url, close }. With `gzip`, every file goes compressed (`gzip -9`, as the page's size is
 * counted) to a browser that accepts it, as a course's web server would send it. */
export async function serveDist(folder, { gzip = false } = {}) {
  const root = folder ? `${folder.replace(/\/$/, '')}/` : DIST;
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        headers['content-encoding'] = 'gzip';
        res.writeHead(200, headers);
        res.end(gzipSync(body, { level: 9 }));
        return;
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

/** Launches the system Chromium headless, with the network chatter switched off. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Registers before/after hooks that serve dist/ and launch Chromium for a test file; returns an
 * object whose `server` and `browser` are set once the hooks have run.
 */
export function withBrowser() {
  const context = {};
  before(async () => {
    context.server = await serveDist();
    context.browser = await launch();
  });
  after(async () => {
    await context.browser?.close();
    await context.server?.close();
  });
  return context;
}

/** Opens the app and waits until the first graph is drawn; fails on any page error. `options`
 * go to the new page (a `viewport`, to open the page at a size rather than resize it). */
export async function openApp(browser, url, options = {}) {
  const page = await browser.newPage(options);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(new Error(message.text()));
  });
  await page.goto(url);
  await page.waitForSelector('[data-testid=graph] g[data-node]');
  return { page, errors };
}

/** Replaces the program and waits until the page has analyzed it into a graph of `count` nodes. */
export async function typeProgram(page, program, count) {
  await page.fill('[data-testid=source]', program);
  await page.waitForFunction(
    ([text, n]) =>
      document.querySelector('[data-testid=app]').dataset.source === text &&
      document.querySelectorAll('[data-testid=graph] g[data-node]').length === n,
    [program, count],
  );
  // After an edit the nodes glide to their places (a third of a second): wait, so that what a
  // test measures is where they are.
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
}

/** The data-* attributes of the node named `name`. */
export async function node(page, name) {
  return page.$eval(`[data-testid=graph] g[data-name="${name}"]`, (g) => ({
    value: g.dataset.value,
    adjoint: g.dataset.adjoint,
    op: g.dataset.op,
    classes: [...g.classList],
  }));
}

export const stepText = (page) => page.textContent('[data-testid=step]');
