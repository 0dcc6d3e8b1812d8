// Prints how long one step takes in the page: a → key pressed (in the page, so the app's own
// listener takes it), until the step counter shows the next step and two animation frames have
// been drawn; the median of 8 steps, at the start of the timeline and at its end (stepping back
// from the end), for y = sum(sin(v) * v) of 199, 1 999 and 9 999 nodes. Usage,
// after `cargo xtask build`:
//   node e2e/bench-step.js        (DIST=folder measures another build of the site)
import { serveDist, launch, openApp } from './harness.js';

/** `y = sum(sin(v) * v)` over `n` inputs: 4n - 1 nodes, every one of them drawn. */
const program = (n) => `v = [${'0.5, '.repeat(n - 1)}0.5]\ny = sum(sin(v) * v)`;

/** Presses `key` and waits for the counter to change and two frames; returns the ms taken. */
const press = (page, key) =>
  page.evaluate(async (key) => {
    const counter = document.querySelector('[data-testid=step]');
    const before = counter.textContent;
    const start = performance.now();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    while (counter.textContent === before) await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return performance.now() - start;
  }, key);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serveDist(process.env.DIST);
const browser = await launch();
try {
  const { page } = await openApp(browser, server.url);
  await page.setViewportSize({ width: 1440, height: 900 });
  for (const n of (process.env.SIZES ?? '50,500,2500').split(',').map(Number)) {
    const text = program(n);
    await page.fill('[data-testid=source]', text);
    await page.waitForFunction((text) => document.querySelector('[data-testid=app]').dataset.source === text, text, { timeout: 120000 });
    if (!(await page.isDisabled('[data-testid=reset]'))) await page.click('[data-testid=reset]');
    await page.waitForFunction(() => document.querySelector('[data-testid=step]').textContent.startsWith('0 /'), null, { timeout: 120000 });
    const nodes = await page.locator('[data-testid=graph] g[data-node]').count();
    // Two untimed steps, so that the first timed one is not the first ever.
    await press(page, 'ArrowRight');
    await press(page, 'ArrowRight');
    const start = [];
    for (let i = 0; i < 8; i += 1) start.push(await press(page, 'ArrowRight'));
    await page.click('[data-testid=to-end]');
    await page.waitForFunction(() => {
      const [k, total] = document.querySelector('[data-testid=step]').textContent.split(' / ');
      return k === total;
    });
    await press(page, 'ArrowLeft');
    const end = [];
    for (let i = 0; i < 8; i += 1) end.push(await press(page, 'ArrowLeft'));
    console.log(
      `${String(nodes).padStart(6)} nodes drawn: one step ${median(start).toFixed(1)} ms at the start ` +
        `(${start.map((t) => t.toFixed(0)).join(', ')}), ${median(end).toFixed(1)} ms at the end ` +
        `(${end.map((t) => t.toFixed(0)).join(', ')})`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
