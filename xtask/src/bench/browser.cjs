// Browser rows of `cargo xtask bench` (b-f), driven by puppeteer-core over the
// Chrome DevTools Protocol against the system Chromium (no browser download).
//
// usage: node browser.cjs <tools dir> <base url> <cold loads> <kdf runs> <rows>
//   rows: letters of the rows to run, e.g. "bcdef"
//
// Prints one fact per line for xtask to parse (see bench/browser.rs):
//   metric <key> <number>        a measured figure
//   na <key> <reason…>           the row cannot be measured (e.g. export missing)
//   error <key> <reason…>        the row ran and went wrong
//   resource <bytes> <encoding> <status> <url>   one response of the first cold load
//   note <key> <text…>           context for a row
'use strict';

const path = require('path');

const [toolsArg, baseUrl, loadsArg, kdfRunsArg, rows = 'bcdef'] = process.argv.slice(2);
const toolsDir = path.resolve(toolsArg);
const puppeteer = require(path.join(toolsDir, 'node_modules', 'puppeteer-core'));
const HASH_WASM = path.join(toolsDir, 'node_modules', 'hash-wasm', 'dist', 'argon2.umd.min.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const LOADS = Math.max(1, Number(loadsArg) || 10);
const KDF_RUNS = Math.max(1, Number(kdfRunsArg) || 5);
/// Where the login screen lives, and its e-mail field: "interactive" is the
/// moment this field exists and is enabled (Yew attaches listeners on render).
const LOGIN_PATH = '/login';
const READY_SELECTOR = 'input#email:not([disabled])';
const EMAIL = 'bench@acme.test';
const PASSWORD = 'bench-password-1';

const say = (...parts) => console.log(parts.join(' '));
const oneLine = (text) => String(text).replace(/\s+/g, ' ').trim();

/// Installed before any page script: records when the login form appears.
function readyProbe(selector) {
  const check = () => {
    if (window.__benchReady === undefined && document.querySelector(selector)) {
      window.__benchReady = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('DOMContentLoaded', check);
}

/// One cold load in a fresh browser context with the cache off: returns the
/// ready time (ms since navigation start) and every response's wire bytes.
async function coldLoad(browser) {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setCacheEnabled(false);
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    const responses = new Map();
    cdp.on('Network.responseReceived', (e) => {
      const headers = Object.fromEntries(
        Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]),
      );
      responses.set(e.requestId, {
        url: e.response.url,
        status: e.response.status,
        encoding: headers['content-encoding'] || '-',
        bytes: 0,
      });
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = responses.get(e.requestId);
      if (r) r.bytes = e.encodedDataLength;
    });
    await page.evaluateOnNewDocument(readyProbe, READY_SELECTOR);
    await page.goto(baseUrl + LOGIN_PATH, { waitUntil: 'load', timeout: 60000 });
    await page.waitForFunction(() => window.__benchReady !== undefined, { timeout: 60000 });
    const ready = await page.evaluate(() => window.__benchReady);
    await page.waitForNetworkIdle({ idleTime: 300, timeout: 30000 });
    return { ready, responses: [...responses.values()] };
  } finally {
    await context.close();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function loadRows(browser) {
  const readies = [];
  for (let i = 0; i < LOADS; i++) {
    const load = await coldLoad(browser);
    readies.push(load.ready);
    if (i === 0) {
      let total = 0;
      for (const r of load.responses) {
        total += r.bytes;
        say('resource', r.bytes, r.encoding, r.status, r.url);
      }
      say('metric wire_bytes', total);
    }
  }
  say('metric ready_ms', median(readies).toFixed(1));
  say('note ready_ms', `${LOADS} cold loads: ${readies.map((r) => r.toFixed(0)).join(' ')} ms`);
}

// ---- KDF rows: everything below runs inside the page ----------------------

/// In-page helpers, installed once per KDF page. `ours` is the web module's
/// exported `deriveMasterPasswordHash(email, password, kdf)`; trunk exposes
/// a module's exports as `window.wasmBindings`.
function installKdfHelpers() {
  const enc = new TextEncoder();
  const toB64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
  const asB64 = (value) => {
    if (typeof value === 'string') return value;
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      return toB64(value instanceof ArrayBuffer ? value : value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
    }
    return String(value);
  };
  const pbkdf2 = async (secret, salt, iterations) => {
    const key = await crypto.subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveBits']);
    return crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  };
  /// Bitwarden's master password hash from a master key: one more PBKDF2 round.
  const finish = async (masterKey, password) => toB64(await pbkdf2(masterKey, enc.encode(password), 1));
  const bindings = window.wasmBindings || {};
  const ours = bindings.deriveMasterPasswordHash || window.deriveMasterPasswordHash;
  window.__bench = {
    hasOurs: typeof ours === 'function',
    // The export reads a prelogin answer's shape (`kdf`, `kdfIterations`, …).
    ours: async (email, password, kdf) => asB64(await ours(email, password, {
      kdf: kdf.kdfType, kdfIterations: kdf.iterations, kdfMemory: kdf.memory, kdfParallelism: kdf.parallelism,
    })),
    pbkdf2Reference: async (email, password, iterations) =>
      finish(await pbkdf2(enc.encode(password), enc.encode(email), iterations), password),
    argon2Reference: async (email, password, t, mib, p) => {
      const salt = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(email)));
      const key = await window.hashwasm.argon2id({
        password, salt, iterations: t, memorySize: mib * 1024, parallelism: p, hashLength: 32, outputType: 'binary',
      });
      return finish(key, password);
    },
    /// Runs `f`, returning its result, its duration and the longest main-thread
    /// task meanwhile: long tasks (> 50 ms) from PerformanceObserver, else the
    /// longest gap between 10 ms timer ticks (a task blocks the ticks).
    timed: async (f) => {
      const long = [];
      const observer = new PerformanceObserver((list) => long.push(...list.getEntries()));
      observer.observe({ entryTypes: ['longtask'] });
      let last = performance.now();
      let gap = 0;
      const tick = setInterval(() => {
        const now = performance.now();
        gap = Math.max(gap, now - last);
        last = now;
      }, 10);
      const start = performance.now();
      const result = await f();
      const end = performance.now();
      await new Promise((r) => setTimeout(r, 100));
      clearInterval(tick);
      observer.disconnect();
      const inRun = long.filter((e) => e.startTime + e.duration >= start && e.startTime <= end);
      const longest = inRun.reduce((m, e) => Math.max(m, e.duration), 0);
      return { result, ms: end - start, longTasks: inRun.length, longest, gap };
    },
  };
}

async function kdfPage(browser) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  // The server's CSP may forbid inline scripts; the bench injects hash-wasm.
  await page.setBypassCSP(true);
  await page.goto(baseUrl + LOGIN_PATH, { waitUntil: 'load', timeout: 60000 });
  await page.waitForSelector(READY_SELECTOR, { timeout: 60000 });
  await page.addScriptTag({ path: HASH_WASM });
  await page.evaluate(installKdfHelpers);
  return { page, context };
}

/// The prelogin KDF objects (wire::kdf::KdfSettings, camelCase) of the rows.
const PBKDF2 = { kdfType: 0, iterations: 600000, memory: null, parallelism: null };
const ARGON2 = { kdfType: 1, iterations: 3, memory: 64, parallelism: 4 };

/// One timed run in the page: ours (the module's export) or the reference
/// (crypto.subtle for PBKDF2, hash-wasm for Argon2id).
function runInPage(who, email, password, kdf) {
  const b = window.__bench;
  return b.timed(() => {
    if (who === 'ours') return b.ours(email, password, kdf);
    return kdf.kdfType === 0
      ? b.pbkdf2Reference(email, password, kdf.iterations)
      : b.argon2Reference(email, password, kdf.iterations, kdf.memory, kdf.parallelism);
  });
}

/// Runs ours and the reference alternately (who goes first alternates too),
/// checks both give the same hash, prints medians; returns our runs.
async function compare(page, key, kdf) {
  const ours = [];
  const reference = [];
  for (let i = 0; i < KDF_RUNS; i++) {
    const order = i % 2 === 0 ? ['ours', 'ref'] : ['ref', 'ours'];
    for (const who of order) {
      const run = await page.evaluate(runInPage, who, EMAIL, PASSWORD, kdf);
      (who === 'ours' ? ours : reference).push(run);
    }
  }
  if (ours[0].result !== reference[0].result) {
    say('error', key, `our hash ${ours[0].result} differs from the reference ${reference[0].result}`);
    return [];
  }
  const o = median(ours.map((r) => r.ms));
  const r = median(reference.map((r) => r.ms));
  say('metric', `${key}_ours_ms`, o.toFixed(1));
  say('metric', `${key}_reference_ms`, r.toFixed(1));
  const list = (runs) => runs.map((x) => x.ms.toFixed(0)).join(' ');
  say('note', key, `median of ${KDF_RUNS}, alternating; ours ${list(ours)} ms, reference ${list(reference)} ms`);
  return ours;
}

/// Reports why a row failed and carries on with the next one.
const failed = (key) => (e) => {
  say('error', key, oneLine(e.message));
  return [];
};

async function kdfRows(browser) {
  const { page, context } = await kdfPage(browser);
  try {
    const hasOurs = await page.evaluate(() => window.__bench.hasOurs);
    const wanted = { pbkdf2: 'd', argon2: 'e', longtask: 'f' };
    if (!hasOurs) {
      for (const [key, row] of Object.entries(wanted)) {
        if (rows.includes(row)) say('na', key, 'export missing');
      }
      return;
    }
    if (rows.includes('d')) await compare(page, 'pbkdf2', PBKDF2).catch(failed('pbkdf2'));
    if (!rows.includes('e') && !rows.includes('f')) return;
    const runs = await compare(page, 'argon2', ARGON2).catch(failed('argon2'));
    if (rows.includes('f') && runs.length) {
      const longest = Math.max(...runs.map((r) => (r.longTasks ? r.longest : r.gap)));
      const counted = runs.reduce((n, r) => n + r.longTasks, 0);
      say('metric longtask_ms', longest.toFixed(1));
      say('note longtask', counted
        ? `${counted} long task(s) in ${runs.length} runs of our Argon2id`
        : `no long task (> 50 ms) in ${runs.length} runs of our Argon2id; the figure is the longest gap between 10 ms timer ticks`);
    }
  } finally {
    await context.close();
  }
}

async function main() {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--no-first-run'],
  });
  try {
    if (rows.includes('b') || rows.includes('c')) await loadRows(browser);
    if (/[def]/.test(rows)) await kdfRows(browser);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
