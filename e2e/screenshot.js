// Saves the README's screenshots: docs/screenshot.png (the app mid-way through the backward pass
// of the lecture example), docs/quiz-graph.png and docs/network.png (the drawings of the
// lecture's quiz and of the 3-2-1 network example, at the end of its backward pass) and
// docs/presenter.png (presenter mode at 1024×768, at a backward step of the lecture's quiz).
// Usage (after `cargo xtask build`): node e2e/screenshot.js
import { serveDist, launch, openApp, typeProgram } from './harness.js';

const server = await serveDist();
const browser = await launch();
try {
  const { page } = await openApp(browser, server.url);
  await page.setViewportSize({ width: 1200, height: 860 });
  for (let i = 0; i < 13; i += 1) await page.click('[data-testid=step-forward]');
  await page.screenshot({ path: new URL('../docs/screenshot.png', import.meta.url).pathname });

  await typeProgram(page, 'x = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)', 10);
  await page.locator('.graph-scroll').screenshot({ path: new URL('../docs/quiz-graph.png', import.meta.url).pathname });
  await page.setViewportSize({ width: 2200, height: 1200 });
  await page.selectOption('[data-testid=examples]', { label: 'A 3-2-1 network with cross-entropy' });
  await page.waitForFunction(() => document.querySelector('[data-testid=app]').dataset.source.startsWith('# 3 inputs'));
  // At the end of the backward pass, so every node shows its value and its gradient.
  await page.click('[data-testid=to-end]');
  await page.locator('.graph-scroll').screenshot({ path: new URL('../docs/network.png', import.meta.url).pathname });

  await page.setViewportSize({ width: 1024, height: 768 });
  await typeProgram(page, 'x = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)', 10);
  if (!(await page.isDisabled('[data-testid=reset]'))) await page.click('[data-testid=reset]');
  await page.click('h1');
  await page.keyboard.press('p');
  await page.waitForSelector('.app.presenter');
  for (let i = 0; i < 31; i += 1) await page.keyboard.press('PageDown');
  await page.screenshot({ path: new URL('../docs/presenter.png', import.meta.url).pathname });
} finally {
  await browser.close();
  await server.close();
}
