// Saves docs/screenshot.png: the app mid-way through the backward pass of the lecture example.
// Usage (after `cargo xtask build`): node e2e/screenshot.js
import { serveDist, launch, openApp } from './harness.js';

const server = await serveDist();
const browser = await launch();
try {
  const { page } = await openApp(browser, server.url);
  await page.setViewportSize({ width: 1200, height: 760 });
  for (let i = 0; i < 13; i += 1) await page.click('[data-testid=step-forward]');
  await page.screenshot({ path: new URL('../docs/screenshot.png', import.meta.url).pathname });
} finally {
  await browser.close();
  await server.close();
}
