// Starts the `stegvis demo` binary on a free loopback port with a fresh temporary SQLite
// database, waits until /healthz answers, and stops it again. One server per test file keeps
// the files independent of each other and of any earlier run.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const e2eDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The binary to run: $STEGVIS_BIN, or the debug build of the workspace. */
export function stegvisBinary() {
  return resolve(e2eDir, process.env.STEGVIS_BIN || '../target/debug/stegvis');
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Servers still running when this process ends (a test file that crashed, or was stopped by
// the runner's timeout) are killed with it rather than left behind.
const running = new Set();
let exitHooked = false;
function killOnExit(child) {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      for (const c of running) c.kill('SIGKILL');
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    });
  }
}

async function waitForHealth(baseURL, child, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`stegvis exited early (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    try {
      const response = await fetch(`${baseURL}/healthz`);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`stegvis did not answer ${baseURL}/healthz within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts the demo server. Returns { baseURL, stop }. Always call stop(), in an `after` hook.
 */
export async function startStegvis({ timeoutMs = 30_000 } = {}) {
  const bin = stegvisBinary();
  const dir = await mkdtemp(join(tmpdir(), 'stegvis-e2e-'));
  // The port is free when probed; another process could take it before stegvis binds it, so
  // try a few times when the server exits early.
  let lastError;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    let log = '';
    const child = spawn(
      bin,
      ['demo', '--listen', `127.0.0.1:${port}`, '--database-url', `sqlite://${join(dir, `demo-${attempt}.db`)}`],
      {
        env: {
          ...process.env,
          // Cheap password hashing: the tests log in many times.
          STEGVIS_ARGON2_MEMORY_KIB: '8',
          STEGVIS_ARGON2_ITERATIONS: '1',
          RUST_LOG: process.env.RUST_LOG || 'warn',
          NO_COLOR: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    killOnExit(child);
    child.stdout.on('data', (chunk) => { log += chunk; });
    child.stderr.on('data', (chunk) => { log += chunk; });
    const exited = new Promise((r) => child.once('exit', r));
    const spawnError = new Promise((_, reject) => child.once('error', reject));
    try {
      await Promise.race([waitForHealth(baseURL, child, () => log, timeoutMs), spawnError]);
    } catch (error) {
      lastError = error;
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      if (error.code === 'ENOENT') {
        break;
      }
      continue;
    }
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    };
    return { baseURL, stop, log: () => log };
  }
  await rm(dir, { recursive: true, force: true });
  if (lastError && lastError.code === 'ENOENT') {
    throw new Error(`No stegvis binary at ${bin}: run 'cargo build -p stegvis' or set STEGVIS_BIN.`);
  }
  throw lastError;
}
