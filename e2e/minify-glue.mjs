// Shrinks a release build's WebAssembly glue, in the staging folder after Trunk's build
// (`[[hooks]]` in Trunk.toml), and writes the files' new integrity hashes into index.html:
//  - the names the WebAssembly imports its JavaScript functions by (wasm-bindgen's
//    `__wbg_addEventListener_f2d27251d333a631` and 160 like it, each written in both files with
//    a hash that does not compress, 2.9 KB gzipped in all) become `a`, `b`, … in the module's
//    import section and in the glue's import object (`wasm-opt --minify-imports` renames only
//    the `env` module's);
//  - the glue is minified with terser (Trunk's own minifier cannot parse its `export default`
//    and leaves it as it is: 9.1 KB gzipped, 7.1 KB minified).
// Does nothing in a debug build; warns and leaves the files alone when terser (an e2e
// devDependency) is not installed.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** Reads an unsigned LEB128 number at `at`; returns [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at];
    if (byte === undefined) throw new Error('the module ends inside a number');
    at += 1;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

/** An unsigned LEB128 number's bytes. */
function encodeLeb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

/** A short name for the `k`-th import: a, b, …, z, A, …, Z, aa, ab, … */
function shortName(k) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  do {
    name = letters[k % letters.length] + name;
    k = Math.floor(k / letters.length) - 1;
  } while (k >= 0);
  return name;
}

/**
 * The module `wasm` with every import from `module` renamed to a short name; returns the new
 * module and the names, old to new. The import section is rebuilt field by field (each
 * import's description is copied as it is); every other section is copied byte for byte.
 */
export function shortenImports(wasm, module) {
  const sections = [];
  let at = 8;
  const names = new Map();
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = leb(wasm, at + 1);
    const end = start + size;
    if (id !== 2) {
      sections.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    const [count, first] = leb(wasm, start);
    const out = [...encodeLeb(count)];
    let p = first;
    const text = (from) => {
      const [length, begin] = leb(wasm, from);
      return [Buffer.from(wasm.subarray(begin, begin + length)).toString('utf8'), begin + length];
    };
    for (let i = 0; i < count; i += 1) {
      const [from, afterModule] = text(p);
      const [name, afterName] = text(afterModule);
      // The description: its kind, then what that kind needs.
      const kind = wasm[afterName];
      let q = afterName + 1;
      // Limits: flags (1: a maximum; 2: shared; 4: 64-bit), a minimum, and the maximum.
      const limits = () => {
        const flags = wasm[q];
        if (flags & ~0x07) throw new Error(`limits with flags ${flags}`);
        q += 1;
        [, q] = leb(wasm, q);
        if (flags & 1) [, q] = leb(wasm, q);
      };
      // A value or reference type of one byte (not a typed reference, which takes more).
      const type = () => {
        if (wasm[q] === 0x63 || wasm[q] === 0x64) throw new Error('a typed reference in an import');
        q += 1;
      };
      if (kind === 0) [, q] = leb(wasm, q);
      else if (kind === 1) {
        type();
        limits();
      } else if (kind === 2) limits();
      else if (kind === 3) {
        type();
        q += 1;
      }
      else if (kind === 4) [, q] = leb(wasm, q + 1);
      else throw new Error(`an import of unknown kind ${kind}`);
      let renamed = name;
      if (from === module) {
        renamed = names.get(name) ?? shortName(names.size);
        names.set(name, renamed);
      }
      for (const part of [from, renamed]) {
        const bytes = Buffer.from(part, 'utf8');
        out.push(...encodeLeb(bytes.length), ...bytes);
      }
      out.push(...wasm.subarray(afterName, q));
      p = q;
    }
    if (p !== end) throw new Error('the import section was not read to its end');
    sections.push(Buffer.from([2, ...encodeLeb(out.length), ...out]));
    at = end;
  }
  return { wasm: Buffer.concat([wasm.subarray(0, 8), ...sections]), names };
}

const dir = process.env.TRUNK_STAGING_DIR;
if (dir && process.env.TRUNK_PROFILE === 'release') {
  let minify;
  try {
    ({ minify } = await import('terser'));
  } catch {
    console.warn('minify-glue: terser is not installed (npm ci --prefix e2e); the glue is left as it is');
    process.exit(0);
  }
  const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  const page = join(dir, 'index.html');
  let html = readFileSync(page, 'utf8');
  // The page must load what it preloads: each old hash is replaced, and it must be there.
  const replaceIntegrity = (before, after, name) => {
    if (!html.includes(sri(before))) {
      console.error(`minify-glue: index.html has no integrity ${sri(before)} for ${name}`);
      process.exit(1);
    }
    html = html.replaceAll(sri(before), sri(after));
  };
  for (const name of readdirSync(dir).filter((f) => /^gradgraph-web-[0-9a-f]+\.js$/.test(f))) {
    const file = join(dir, name);
    const wasmFile = join(dir, name.replace(/\.js$/, '_bg.wasm'));
    const source = readFileSync(file, 'utf8');
    const wasm = readFileSync(wasmFile);
    let { code } = await minify(source, { module: true, compress: true, mangle: true });
    // The glue's import object names each function as the module imports it; every name is
    // unique (it ends in a hash), so each is replaced where it stands as a key.
    const { wasm: shortened, names } = shortenImports(wasm, './gradgraph-web_bg.js');
    if (names.size === 0) {
      console.error('minify-glue: the module imports nothing from ./gradgraph-web_bg.js (a new wasm-bindgen?)');
      process.exit(1);
    }
    let renamed = 0;
    for (const [long, short] of names) {
      const key = new RegExp(`(?<![\\w$])${long.replace(/\$/g, '\\$')}(?=\\s*:)`, 'g');
      const found = code.match(key)?.length ?? 0;
      if (found !== 1) {
        console.error(`minify-glue: the glue names the import ${long} ${found} times, not once`);
        process.exit(1);
      }
      code = code.replace(key, short);
      renamed += 1;
    }
    // The hashes are checked before anything is written.
    replaceIntegrity(Buffer.from(source), Buffer.from(code), name);
    replaceIntegrity(wasm, shortened, wasmFile);
    writeFileSync(file, code);
    writeFileSync(wasmFile, shortened);
    console.log(`minify-glue: ${renamed} imports renamed; the glue minified`);
  }
  writeFileSync(page, html);
}
