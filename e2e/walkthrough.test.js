// What a student does: type a program, step to the end, read the gradient, step back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, openApp, typeProgram, node, stepText } from './harness.js';

const app = withBrowser();

const close = (actual, expected, what) =>
  assert.ok(Math.abs(Number(actual) - expected) < 1e-12, `${what}: ${actual} vs ${expected}`);

test('type a program, step to the end, read y and its gradient, step back', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  // A different program first, so the next one is known to be a rebuild from typing.
  await typeProgram(page, 'x = 5; y = x*x', 2);
  await typeProgram(page, 'x = 2; z = 3; y = x*z + sin(x)', 5);
  assert.equal(await stepText(page), '0 / 16');
  assert.equal((await node(page, 'y')).value, '', 'nothing is computed at step 0');

  await page.click('[data-testid=to-end]');
  assert.equal(await stepText(page), '16 / 16');
  const y = await node(page, 'y');
  close(y.value, 6 + Math.sin(2), 'y');
  assert.ok(y.value.startsWith('6.909297'), y.value);
  const x = await node(page, 'x');
  close(x.adjoint, 3 + Math.cos(2), 'dy/dx');
  assert.ok(x.adjoint.startsWith('2.583853'), x.adjoint);
  assert.equal((await node(page, 'z')).adjoint, '2');
  assert.ok(x.classes.includes('visited'));

  // One step back undoes exactly the last event: the backward visit of x.
  await page.click('[data-testid=step-back]');
  assert.equal(await stepText(page), '15 / 16');
  const xBack = await node(page, 'x');
  assert.ok(!xBack.classes.includes('visited'), 'x is not visited at step 15');
  close(xBack.adjoint, 3 + Math.cos(2), 'dy/dx at step 15');
  assert.ok((await node(page, 'z')).classes.includes('current'), 'z was visited at step 15');
  assert.match(await page.textContent('[data-testid=explain]'), /visit z/);

  // Three more steps back: before u1 pushed into x and z, only cos(x) has reached dy/dx.
  for (let i = 0; i < 3; i += 1) await page.click('[data-testid=step-back]');
  assert.equal(await stepText(page), '12 / 16');
  close((await node(page, 'x')).adjoint, Math.cos(2), 'dy/dx at step 12');
  assert.equal((await node(page, 'z')).adjoint, '0');
  assert.deepEqual(errors, []);
});

test('errors are listed with line:col and the last good graph stays', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = 2; z = 3; y = x*z + sin(x)', 5);
  await page.fill('[data-testid=source]', 'x = 2\ny = sn(x) + (x');
  await page.waitForSelector('[data-testid=diagnostics] li.error');
  const text = await page.textContent('[data-testid=diagnostics]');
  assert.match(text, /2:15: expected '\)' to close the '\(' at 2:13/);
  assert.equal(await page.locator('[data-testid=graph] g[data-node]').count(), 5);
  // The editor underlines the span at the end of line 2.
  await page.waitForSelector('[data-testid=source-marks] mark');
  assert.deepEqual(await page.$$eval('[data-testid=source-marks] mark', (marks) => marks.map((m) => m.textContent)), [' ']);
  // Fixing the text brings a new graph and clears the list.
  await typeProgram(page, 'x = 2\ny = sin(x)', 2);
  assert.equal(await page.locator('[data-testid=diagnostics] li').count(), 0);
  assert.equal(await page.locator('[data-testid=source-marks] mark').count(), 0);
  assert.deepEqual(errors, []);
});

test('play advances by itself and pause stops it', async () => {
  const { page } = await openApp(app.browser, app.server.url);
  await page.click('[data-testid=play]');
  await page.waitForFunction(() => parseInt(document.querySelector('[data-testid=step]').textContent, 10) >= 2);
  await page.click('[data-testid=play]');
  const paused = await stepText(page);
  await page.waitForTimeout(1500);
  assert.equal(await stepText(page), paused);
});

test('input controls, sharing and the output choice re-evaluate at once', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)', 10);
  await page.click('[data-testid=to-end]');
  // The lecture's quiz: rounded, [dy/dx, dy/dz] = [1208, 810].
  assert.equal(Math.round(Number((await node(page, 'x')).adjoint)), 1208);
  assert.equal(Math.round(Number((await node(page, 'z')).adjoint)), 810);
  assert.equal(await page.textContent('[data-testid=node-counts]'), '10 nodes as a DAG, 13 as expression trees');

  // Without sharing the graph is the expression tree, and the gradient is the same.
  await page.uncheck('[data-testid=sharing]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] g[data-node]').length === 13);
  assert.equal(Math.round(Number((await node(page, 'x')).adjoint)), 1208);
  await page.check('[data-testid=sharing]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] g[data-node]').length === 10);

  // A new value for z: y and its gradient change without touching the program.
  await page.fill('[data-testid=input-z]', '1');
  await page.press('[data-testid=input-z]', 'Enter');
  await page.waitForFunction(() => document.querySelector('g[data-name="z"]').dataset.value === '1');
  const expected = Math.exp(2) + 2 / Math.log(2) + Math.sin(Math.log(2)) / 2;
  assert.ok(Math.abs(Number((await node(page, 'y')).value) - expected) < 1e-12);
  assert.equal(await page.inputValue('[data-testid=source]'), 'x = 2; z = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)');
  await page.click('[data-testid=input-reset-z]');
  await page.waitForFunction(() => document.querySelector('g[data-name="z"]').dataset.value === '3');

  // Differentiate an intermediate instead: d(u1)/dx = z for u1 = x*z.
  await page.selectOption('[data-testid=output]', 'u1');
  await page.waitForFunction(() => document.querySelector('g[data-name="u1"]').classList.contains('output'));
  // We were at the end, so the page stays at the end of the new timeline.
  const [k, n] = (await stepText(page)).split(' / ');
  assert.equal(k, n);
  assert.equal((await node(page, 'x')).adjoint, '3');
  assert.equal((await node(page, 'z')).adjoint, '2');
  assert.equal((await node(page, 'y')).adjoint, '0');
  assert.deepEqual(errors, []);
});

test('keys step through the timeline, but not while typing', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await typeProgram(page, 'x = 2; z = 3; y = x*z + sin(x)', 5);
  await page.click('h1');
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
  assert.equal(await stepText(page), '3 / 16');
  await page.keyboard.press('End');
  assert.equal(await stepText(page), '16 / 16');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await stepText(page), '15 / 16');
  await page.keyboard.press('Home');
  assert.equal(await stepText(page), '0 / 16');
  // In the editor the arrows move the cursor, not the timeline.
  await page.focus('[data-testid=source]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await stepText(page), '0 / 16');
  assert.deepEqual(errors, []);
});

test('an example replaces the program and the graph', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  await page.selectOption('[data-testid=examples]', { label: 'Logistic regression' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] g[data-node]').length === 21);
  assert.match(await page.inputValue('[data-testid=source]'), /q = sigmoid\(dot\(theta, x\)\)/);
  // 63 steps: no increment goes into the constant 1 (constants are not variables).
  assert.equal(await stepText(page), '0 / 63');
  // The editor keeps working on the new text.
  await typeProgram(page, 'x = 1; y = exp(x)', 2);
  assert.deepEqual(errors, []);
});
