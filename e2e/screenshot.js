// Saves the README's screenshots: docs/screenshot.png (a laptop, 1440×900: the logistic
// regression of the lecture half-way through its backward pass), docs/presenter.png (presenter
// mode at 1024×768, the same program and step), docs/phone.png (a phone, 390×844, scrolled to the
// timeline), docs/quiz-graph.png and docs/network.png (the drawings of the lecture's quiz and of
// the 3-2-1 network example, whole, at the end of the backward pass).
// Usage (after `cargo xtask build`): node e2e/screenshot.js
import { serveDist, launch, openApp, typeProgram } from './harness.js';

const docs = (name) => new URL(`../docs/${name}`, import.meta.url).pathname;
const server = await serveDist();
const browser = await launch();
const example = async (page, label) => {
  await page.selectOption('[data-testid=examples]', { label });
  await page.waitForFunction(() => document.querySelector('[data-testid=examples]').value === '');
  await page.waitForTimeout(400);
};
// The end of the backward pass (the button is disabled when already there).
const toEnd = async (page) => {
  if (!(await page.isDisabled('[data-testid=to-end]'))) await page.click('[data-testid=to-end]');
};
try {
  const { page } = await openApp(browser, server.url, { viewport: { width: 1440, height: 900 } });
  await example(page, 'Logistic regression');
  await page.click('[data-testid=step]');
  for (let i = 0; i < 44; i += 1) await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(300);
  await page.screenshot({ path: docs('screenshot.png') });

  await page.setViewportSize({ width: 1024, height: 768 });
  await page.keyboard.press('p');
  await page.waitForSelector('.app.presenter');
  await page.waitForTimeout(400);
  await page.screenshot({ path: docs('presenter.png') });
  await page.keyboard.press('Escape');

  const phone = await openApp(browser, server.url, { viewport: { width: 390, height: 844 } });
  await example(phone.page, 'Logistic regression');
  await phone.page.evaluate(() => document.querySelector('.stage').scrollIntoView({ block: 'start', behavior: 'instant' }));
  for (let i = 0; i < 9; i += 1) await phone.page.click('[data-testid=step-forward]');
  await phone.page.waitForTimeout(300);
  await phone.page.screenshot({ path: docs('phone.png') });

  await page.setViewportSize({ width: 1440, height: 900 });
  await typeProgram(page, 'x = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)', 10);
  await toEnd(page);
  await page.click('[data-testid=zoom-fit]');
  await page.locator('.graph-scroll').screenshot({ path: docs('quiz-graph.png') });
  await page.setViewportSize({ width: 2200, height: 1200 });
  await example(page, 'A 3-2-1 network with cross-entropy');
  // At the end of the backward pass, so every node shows its value and its gradient.
  await toEnd(page);
  await page.click('[data-testid=zoom-fit]');
  await page.locator('.graph-scroll').screenshot({ path: docs('network.png') });
} finally {
  await browser.close();
  await server.close();
}
