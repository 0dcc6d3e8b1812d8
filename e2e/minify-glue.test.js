// The post-build hook's import renaming, on a module written out by hand with an import of
// every kind, read back by V8's own WebAssembly parser (not by the code under test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shortenImports } from './minify-glue.mjs';

/** A name as the binary format writes it: its length, then its UTF-8 bytes. */
const name = (text) => [text.length, ...Buffer.from(text)];
const GLUE = './gradgraph-web_bg.js';

test('the import renaming gives short names to the glue’s imports and keeps the rest of the module', () => {
  const types = [0x01, 0x04, 0x01, 0x60, 0x00, 0x00]; // one type: [] -> []
  const imports = [
    0x05,
    ...name(GLUE), ...name('__wbg_addEventListener_f2d27251d333a631'), 0x00, 0x00, // a function
    ...name(GLUE), ...name('__wbindgen_externrefs'), 0x01, 0x6f, 0x01, 0x02, 0x80, 0x01, // a table, max 128
    ...name('env'), ...name('memory'), 0x02, 0x00, 0x01, // a memory, from another module
    ...name(GLUE), ...name('__wbg_flag_0123456789abcdef'), 0x03, 0x7f, 0x00, // a global
    ...name(GLUE), ...name('__wbg_thrown_fedcba9876543210'), 0x04, 0x00, 0x00, // a tag
  ];
  // A section: its id, its size (LEB128), its bytes.
  const leb = (n) => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...leb(n >> 7)]);
  const section = (id, bytes) => [id, ...leb(bytes.length), ...bytes];
  const module = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...section(0x02, imports)]);
  assert.equal(WebAssembly.validate(module), true);
  const { wasm, names } = shortenImports(module, GLUE);
  assert.equal(WebAssembly.validate(wasm), true);
  const read = WebAssembly.Module.imports(new WebAssembly.Module(wasm));
  assert.deepEqual(
    read.map((i) => [i.module, i.name, i.kind]),
    [
      [GLUE, 'a', 'function'],
      [GLUE, 'b', 'table'],
      ['env', 'memory', 'memory'],
      [GLUE, 'c', 'global'],
      [GLUE, 'd', 'tag'],
    ],
  );
  assert.deepEqual([...names], [
    ['__wbg_addEventListener_f2d27251d333a631', 'a'],
    ['__wbindgen_externrefs', 'b'],
    ['__wbg_flag_0123456789abcdef', 'c'],
    ['__wbg_thrown_fedcba9876543210', 'd'],
  ]);
  // The types section is copied byte for byte.
  assert.deepEqual([...wasm.subarray(8, 8 + types.length)], types);
  // A module cut short is refused, not read forever.
  assert.throws(() => shortenImports(module.subarray(0, module.length - 3), GLUE));
});
