// HTTP from the tests: node:http (no automatic decompression or URL normalisation, unlike fetch),
// raw bytes over TCP for request targets no client library would send, and `calfeed serve` as a process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { BIN, CLI_STAMP_SECONDS } from './cli.js';

export interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** `newConnection`: no keep-alive socket from the pool (one the server may just have closed). */
export function request(url: string, options: { method?: string; headers?: Record<string, string>; newConnection?: boolean } = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const agent = options.newConnection ? { agent: false as const } : {};
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, timeout: 5000, ...agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within 5 s`)));
    req.on('error', reject);
    req.end();
  });
}

/** Sends `head` as the request line and headers, byte for byte, and returns the status and the whole answer. */
export function rawRequest(port: number, requestLine: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('connect', () => socket.write(Buffer.from(`${requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, 'latin1')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
}

/** The strong ETag the server must send for these bytes. */
export const etagOf = (bytes: Buffer | string) => `"${createHash('sha256').update(bytes).digest('base64url')}"`;

/** Polls `check` every `everyMs` until it returns a value, at most `maxTries` times. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, maxTries = 100, everyMs = 50): Promise<T> {
  for (let i = 0; i < maxTries; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`gave up waiting for ${what} after ${maxTries} tries`);
}

export interface ServeProcess {
  child: ChildProcess;
  /** The feed's http:// address, as printed. */
  feedUrl: string;
  stdout: () => string;
  stderr: () => string;
  /** Sends the signal and resolves with the exit code (null if killed by a signal). */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Runs `calfeed serve <args>` in `cwd` and waits (10 s at most) for it to print its feed address. */
export async function startServeProcess(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    cwd,
    env: { ...process.env, SOURCE_DATE_EPOCH: CLI_STAMP_SECONDS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  try {
    const feedUrl = await waitFor(`the feed address from calfeed serve (stderr so far: ${stderr})`, () => {
      if (child.exitCode !== null) throw new Error(`calfeed serve exited ${child.exitCode}:\n${stderr}`);
      return /feed: +(http:\/\/\S+\/calendar\.ics)/.exec(stdout)?.[1];
    }, 200, 50);
    return { child, feedUrl, stdout: () => stdout, stderr: () => stderr, stop };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
