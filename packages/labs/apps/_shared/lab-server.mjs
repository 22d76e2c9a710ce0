// What every lab app does the same way to follow the lab-app contract (briefs/labs-contract.md): read its LAB_*
// settings, load the learner's editable module from the instance directory, listen, and stop on SIGTERM.
import { createServer } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const MAX_LOAD_ERROR_CHARS = 1_000;

/** The runner's settings, checked once at start-up: LAB_SOCKET or LAB_PORT, LAB_DIR, LAB_FLAG, LAB_LEVEL. */
export function readLabConfig(env) {
  const instanceDir = env.LAB_DIR || process.cwd();
  const port = env.LAB_PORT ? Number(env.LAB_PORT) : undefined;
  if (!env.LAB_SOCKET && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new Error('set LAB_SOCKET or LAB_PORT');
  }
  return { socket: env.LAB_SOCKET, port, instanceDir, flag: env.LAB_FLAG ?? '', level: env.LAB_LEVEL ?? '' };
}

/**
 * The learner's editable module (`file` in the instance directory). If their edit does not load (a syntax error) or
 * lacks one of the `required` functions, the lab still starts: each function named in `stubs` then throws why, so
 * that every page that calls it shows the reason in the web view instead of the instance failing to start.
 */
export async function loadLearnerModule(instanceDir, file, { stubs, required = [] }) {
  try {
    const module = await import(pathToFileURL(path.join(instanceDir, file)).href);
    const missing = required.find((name) => typeof module[name] !== 'function');
    if (missing) throw new Error(`${file} must export a function ${missing}`);
    return module;
  } catch (err) {
    const reason = String(err?.message ?? err).slice(0, MAX_LOAD_ERROR_CHARS);
    const broken = () => {
      throw new Error(`${file} did not load: ${reason}`);
    };
    return Object.fromEntries(stubs.map((name) => [name, broken]));
  }
}

/** Serves `listener` on LAB_SOCKET, else on 127.0.0.1:LAB_PORT, with bounded timeouts; SIGTERM or SIGINT stops it. */
export function serveLab(listener, config) {
  const server = createServer(listener);
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  if (config.socket) server.listen(config.socket);
  else server.listen(config.port, '127.0.0.1');
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return server;
}
