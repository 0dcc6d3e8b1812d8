// The language as a student meets it in the page: vectors, granularity, the typeset program,
// numeric trouble.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, openApp, typeProgram, node, stepText } from './harness.js';

const app = withBrowser();

const LOGISTIC = 'theta = [0.5, -1, 2]\nx = [1, 2, 3]\nystar = 1\nq = sigmoid(dot(theta, x))\nJ = ystar*log(q) + (1 - ystar)*log(1 - q)';

test('logistic regression with vectors: grouped elements and dJ/dtheta = (y* - q) x', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, LOGISTIC, 21);
  assert.deepEqual(await page.$$eval('[data-testid=graph] g[data-group]', (gs) => gs.map((g) => g.dataset.group)), ['theta', 'x']);
  await page.click('[data-testid=to-end]');
  const q = 1 / (1 + Math.exp(-4.5));
  for (const [i, xi] of [1, 2, 3].entries()) {
    const d = Number((await node(page, `theta[${i}]`)).adjoint);
    assert.ok(Math.abs(d - (1 - q) * xi) < 1e-12, `dJ/dtheta[${i}] = ${d}`);
  }
  // Typeset: theta is written θ, and there is one equation per statement.
  assert.equal(await page.locator('[data-testid=math] math').count(), 5);
  assert.match(await page.textContent('[data-testid=math]'), /θ/);
  assert.deepEqual(errors, []);
});

test('one node per statement gives the same gradient with fewer nodes', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = 2; z = 3\ny = x*z + sin(x)', 5);
  await page.selectOption('[data-testid=granularity]', 'statements');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] g[data-node]').length === 3);
  assert.equal((await node(page, 'y')).op, 'statement');
  await page.click('[data-testid=to-end]');
  assert.equal(await stepText(page), '9 / 9');
  assert.equal(Number((await node(page, 'x')).adjoint), 3 + Math.cos(2));
  assert.equal((await node(page, 'z')).adjoint, '2');
  // Step back to the edge increment into x: the sentence names the statement's partial.
  for (let i = 0; i < 3; i += 1) await page.click('[data-testid=step-back]');
  assert.match(await page.textContent('[data-testid=explain]'), /∂\/∂x of x \* z \+ sin\(x\)/);
  assert.deepEqual(errors, []);
});

test('shape errors name both shapes, with a range, and the editor underlines them', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await page.fill('[data-testid=source]', 'a = [1, 2, 3]\nb = [1, 2]\nc = a + b\ny = sum(c)');
  await page.waitForSelector('[data-testid=diagnostics] li.error');
  const text = await page.textContent('[data-testid=diagnostics]');
  assert.match(text, /3:5–3:10: cannot apply 'add' to a vector of 3 and a vector of 2/);
  assert.deepEqual(await page.$$eval('[data-testid=source-marks] mark', (m) => m.map((x) => x.textContent)), ['a + b']);
  assert.deepEqual(errors, []);
});

test('NaN and infinity get a badge and a sentence once the forward pass reaches them', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = 0\ny = log(x) + relu(x)', 4);
  assert.equal(await page.locator('[data-testid=notes]').count(), 0);
  await page.click('[data-testid=to-end]');
  // log(0) = -inf, relu at its kink, and y = -inf because of log(0).
  assert.equal(await page.locator('[data-testid=badge]').count(), 3);
  const notes = await page.textContent('[data-testid=notes]');
  assert.match(notes, /log\(0\) is −∞/);
  assert.match(notes, /relu is not differentiable at 0; the left derivative, 0, is used/);
  assert.equal((await node(page, 'y')).value, '-Infinity');
  assert.deepEqual(errors, []);
});
