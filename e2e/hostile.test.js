// A catalogue of hostile inputs typed one after another: after each, the page shows a clear
// diagnostic or a valid graph, shows markup as text, and still works for a valid program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, openApp, typeProgram, stepText } from './harness.js';

const app = withBrowser();

const nested = `y = ${'('.repeat(10000)}x${')'.repeat(10000)}`;
const longLine = `y = ${'x+'.repeat(49998)}x`; // 100 001 characters: one past the limit
const hugeVector = `v = [${'1.5, '.repeat(9999)}1.5]\ny = sum(v * v)`;
const tooManyNodes = `v = [${'1,'.repeat(17000)}1]\nw = v*v + v\ny = sum(w)`;

/** [name, program, what must be shown: 'error' (a diagnostic) or 'graph'] */
const CATALOGUE = [
  ['empty', '', 'error'],
  ['whitespace only', '   \n\t  \n', 'error'],
  ['comment only', '# nothing here', 'error'],
  ['separators only', ';;;; ;\n\n;', 'error'],
  ['unclosed parenthesis', 'y = (x + 1', 'error'],
  ['unopened parenthesis', 'y = x + 1)', 'error'],
  ['unclosed bracket', 'y = sum([1, 2', 'error'],
  ['10 000 nested parentheses', nested, 'error'],
  ['a 100 001-character line', longLine, 'error'],
  ['a huge vector literal', hugeVector, 'graph'],
  ['more nodes than the limit', tooManyNodes, 'error'],
  ['self-reference', 'x = x + 1', 'error'],
  ['used before assignment', 'y = a + 1\na = 2', 'error'],
  ['assigned twice', 'x = 1\nx = 2\ny = x', 'error'],
  ['unknown function', 'y = sn(x)', 'error'],
  ['unknown function, two arguments', 'y = foo(x, 2)', 'error'],
  ['wrong argument count', 'y = exp(1, 2)', 'error'],
  ['non-ASCII name', 'y = é + 1', 'error'],
  ['non-ASCII statement', '变量 = 3', 'error'],
  ['emoji', 'y = 😀 * 2', 'error'],
  ['division sign', 'y = 6 ÷ 2', 'error'],
  ['a NUL character', 'y = \u0000', 'error'],
  ['markup: img onerror', '<img src=x onerror=alert(1)>', 'error'],
  ['markup: closing a tag and a script', '"><script>alert(1)</script>', 'error'],
  ['markup inside a name position', 'y = <b>x</b>', 'error'],
  ['1e999', 'y = 1e999', 'graph'],
  ['0/0', 'y = 0/0', 'graph'],
  ['log(-1)', 'y = log(-1)', 'graph'],
  ['overflow times zero', 'y = exp(1000) * 0', 'graph'],
  ['a kink', 'x = 0\ny = relu(x) + abs(x)', 'graph'],
  ['incomplete expression', 'y = x +', 'error'],
  ['missing target', '= 3', 'error'],
  ['double equals', 'y = = 2', 'error'],
  ['number as target', '3 = x', 'error'],
  ['doubled operator', 'y = x ^^ 2', 'error'],
  ['ragged matrix', 'y = sum([[1, 2], [3]])', 'error'],
  ['shape mismatch', 'y = sum([1, 2] + [1, 2, 3])', 'error'],
  ['index out of range', 'x = [1, 2]\ny = x[5]', 'error'],
  ['indexing a number', 'y = 2[0]', 'error'],
  ['vector output', 'a = [1, 2]\ny = a', 'error'],
  ['empty list', 'y = sum([])', 'error'],
  ['matrix product of the wrong shapes', 'y = sum([[1, 2]] @ [1, 2, 3])', 'error'],
];

test(`${CATALOGUE.length} hostile inputs leave a working page`, async () => {
  assert.ok(CATALOGUE.length >= 30);
  const { page, errors } = await openApp(app.browser, app.server.url);
  let dialogs = 0;
  page.on('dialog', async (dialog) => {
    dialogs += 1;
    await dialog.dismiss();
  });
  for (const [name, program, expected] of CATALOGUE) {
    await page.fill('[data-testid=source]', program);
    await page.waitForFunction((text) => document.querySelector('[data-testid=app]').dataset.source === text, program, {
      timeout: 20000,
    });
    const errorsShown = await page.locator('[data-testid=diagnostics] li.error').count();
    if (expected === 'error') {
      assert.ok(errorsShown > 0, `${name}: an error is listed`);
      const first = await page.textContent('[data-testid=diagnostics] li.error');
      assert.match(first, /^\d+:\d+(–\d+:\d+)?: \S/, `${name}: the error has a position and words: ${first}`);
    } else {
      assert.equal(errorsShown, 0, `${name}: no errors`);
      assert.ok(await page.isEnabled('[data-testid=to-end]'), `${name}: can step (at ${await stepText(page)})`);
      await page.click('[data-testid=to-end]');
      const [k, n] = (await stepText(page)).split(' / ');
      assert.equal(k, n, `${name}: steps to the end`);
    }
    // Markup is text, never elements.
    assert.equal(await page.locator('body img, body script').count(), 0, `${name}: no markup injected`);
    assert.equal(await page.locator('[data-testid=panic]').count(), 0, `${name}: no panic`);
    // The page still works.
    await typeProgram(page, 'x = 3; y = x*x', 2);
    if (await page.isEnabled('[data-testid=to-end]')) await page.click('[data-testid=to-end]');
    await page.click('[data-testid=step-back]');
    assert.equal(await stepText(page), '6 / 7', `${name}: stepping works afterwards`);
    assert.equal(await page.getAttribute('g[data-name="x"]', 'data-adjoint'), '6');
    await page.click('[data-testid=reset]');
  }
  // The markup was shown literally in the diagnostics when it was typed.
  await page.fill('[data-testid=source]', '<img src=x onerror=alert(1)>');
  await page.waitForSelector('[data-testid=diagnostics] li.error');
  assert.match(await page.textContent('[data-testid=source-marks]'), /<img src=x onerror=alert\(1\)>/);
  assert.equal(dialogs, 0);
  assert.deepEqual(errors, []);
});

test('a trap in the WebAssembly shows a notice that keeps the program for a reload', async () => {
  const { page, errors } = await openApp(app.browser, app.server.url);
  const program = 'x = 2; y = x^2 # mine';
  const analysed = (text) => document.querySelector('[data-testid=app]').dataset.source === text;
  await page.fill('[data-testid=source]', program);
  await page.waitForFunction(analysed, program);
  assert.equal(await page.locator('[data-testid=panic]').count(), 0);
  // A real trap, uncaught, as a panic is in the release build: a module of one function whose
  // body is `unreachable`, called from a timer.
  await page.evaluate(() => {
    const bytes = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 5, 1, 3, 0, 0, 11];
    const module = new WebAssembly.Module(new Uint8Array(bytes));
    setTimeout(new WebAssembly.Instance(module).exports.f);
  });
  await page.waitForSelector('[data-testid=panic]');
  assert.match(await page.textContent('[data-testid=panic]'), /internal error and has stopped\. Your program is kept\. \(RuntimeError: unreachable/);
  assert.equal(await page.getAttribute('[data-testid=panic]', 'role'), 'alert');
  assert.deepEqual(errors.map((e) => e.name), ['RuntimeError']);
  await Promise.all([page.waitForEvent('load'), page.click('[data-testid=reload]')]);
  await page.waitForFunction(analysed, program);
  assert.equal(await page.inputValue('[data-testid=source]'), program);
  assert.equal(await page.locator('[data-testid=panic]').count(), 0);
  await page.waitForSelector('[data-testid=graph] g[data-name="y"]');
});
