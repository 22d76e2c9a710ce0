// @ts-check
/**
 * Builds the `cynex` command ahead of time: esbuild bundles packages/cli/src/main.ts with the workspace packages it
 * imports (core, pcap, telescope, hub) into ESM files under packages/cli/dist, one chunk per lazily imported part,
 * so that `cynex --help` loads commander and nothing else. Packages from node_modules stay external (native ones
 * such as argon2, PGlite, DuckDB and pg must), so Node loads them from the checkout's node_modules as before.
 *
 * Run by `npm ci` (prepare), `npm start` and `npm run cynex`; plain JavaScript so that it needs no TypeScript
 * loader and takes a fraction of a second.
 *
 *   node packages/cli/build.mjs
 */
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const cliDir = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(cliDir, '../..');
const rootModules = path.join(repo, 'node_modules');
export const outDir = path.join(cliDir, 'dist');
const builtins = new Set(builtinModules);

/**
 * Bare imports: Node built-ins and packages that Node finds in the root node_modules stay imports (external).
 * A package installed in a nested node_modules (another version than the root's, e.g. the hub's fastify-plugin) is
 * bundled instead, since the bundle lives in packages/cli/dist and Node would find the root's copy from there.
 * @type {esbuild.Plugin}
 */
const externalPackages = {
  name: 'cynex-external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@cynex/')) return undefined;
      const name = packageName(args.path);
      if (args.path.startsWith('node:') || builtins.has(name)) return { path: args.path, external: true };
      const home = packageHome(name, args.resolveDir);
      if (home === null) return undefined; // esbuild reports it as missing
      return path.dirname(home) === rootModules || path.dirname(path.dirname(home)) === rootModules
        ? { path: args.path, external: true }
        : undefined;
    });
  },
};

/**
 * The workspace sources locate files next to themselves (`new URL('../../drizzle', import.meta.url)`: migrations,
 * the built console, geolocation data through createRequire). In the bundle `import.meta.url` is the chunk's, so
 * each source's `import.meta.url` becomes its own file's URL, computed from the chunk's at run time (every output
 * file sits in dist/, so one relative path fits whichever chunk the code lands in).
 * @type {esbuild.Plugin}
 */
const sourceUrls = {
  name: 'cynex-source-urls',
  setup(build) {
    build.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (/\bimport\.meta\.(dirname|filename)\b/.test(source)) {
        return {
          errors: [{ text: 'use import.meta.url (import.meta.dirname/filename are not rewritten for the bundle)' }],
        };
      }
      const relative = path.relative(outDir, args.path).split(path.sep).join('/');
      const contents = source.replace(
        /\bimport\.meta\.url\b/g,
        `new URL(${JSON.stringify(relative)}, import.meta.url).href`,
      );
      return { contents, loader: 'ts' };
    });
  },
};

/** @param {string} specifier */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : /** @type {string} */ (parts[0]);
}

/**
 * The directory Node's resolution would take `name` from, starting at `dir` (null when none).
 * @param {string} name
 * @param {string} dir
 */
function packageHome(name, dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(d) === d) return null;
  }
}

/**
 * Bundles the CLI into dist/. Each file is written under a temporary name and renamed, and files of earlier builds
 * are removed afterwards, so a `cynex` starting meanwhile sees either the old build or the new one.
 */
export async function buildCli() {
  const result = await esbuild.build({
    entryPoints: { main: path.join(cliDir, 'src/main.ts') },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    // CommonJS code bundled from a nested node_modules may call require().
    banner: {
      js: "import { createRequire as __cynexCreateRequire } from 'node:module'; const require = __cynexCreateRequire(import.meta.url);",
    },
    plugins: [externalPackages, sourceUrls],
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(outDir, { recursive: true });
  const written = new Set();
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
    written.add(path.basename(file.path));
  }
  for (const name of readdirSync(outDir)) {
    if (!written.has(name) && !name.endsWith('.tmp')) rmSync(path.join(outDir, name), { force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildCli().catch((error) => {
    console.error(`cynex build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
