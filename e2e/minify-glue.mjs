// Minifies wasm-bindgen's JavaScript glue in a release build and writes its new integrity hash
// into index.html (Trunk's own minifier cannot parse the glue's `export default` and leaves it
// as it is: 9.1 KB gzipped, 7.1 KB minified). Trunk runs this after each build (`[[hooks]]` in
// Trunk.toml), in the staging folder; it does nothing in a debug build, and warns and leaves
// the glue alone when terser (an e2e devDependency) is not installed.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir || process.env.TRUNK_PROFILE !== 'release') process.exit(0);

let minify;
try {
  ({ minify } = await import('terser'));
} catch {
  console.warn('minify-glue: terser is not installed (npm ci --prefix e2e); the glue is left as it is');
  process.exit(0);
}

const sri = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;
const page = join(dir, 'index.html');
let html = readFileSync(page, 'utf8');
for (const name of readdirSync(dir).filter((f) => /^gradgraph-web-[0-9a-f]+\.js$/.test(f))) {
  const file = join(dir, name);
  const source = readFileSync(file, 'utf8');
  const { code } = await minify(source, { module: true, compress: true, mangle: true });
  // The page must load what it preloads: the old hash is replaced, and it must be there.
  const before = sri(source);
  if (!html.includes(before)) {
    console.error(`minify-glue: index.html has no integrity ${before} for ${name}`);
    process.exit(1);
  }
  writeFileSync(file, code);
  html = html.replaceAll(before, sri(code));
}
writeFileSync(page, html);
