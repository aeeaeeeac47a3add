/**
 * The command-line checker's inputs, read defensively: only regular files
 * (a FIFO, device or socket is refused before it is opened for reading, so
 * it can neither hang the checker nor feed it forever), at most
 * MAX_INPUT_BYTES (checked before reading), binary detection from the head
 * only, folder walks that enter each real directory once (symlink loops and
 * repeated links are harmless), `-` for standard input, and text decoding
 * that says what it did: UTF-8 (BOM or not), UTF-16 (BOM or detected),
 * GB18030, or UTF-8 with invalid bytes (replaced, and reported with the line).
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { RULES, toLspRange, type DocumentModel, type Finding } from './service';
import { formatMessage, type Locale } from './service/diagnosticCodes';

/** The largest input read (a budget document is a few MB; a 64 MB one is not a budget). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
/** How much of a file binary detection looks at. */
export const HEAD_BYTES = 8192;
/** The path standing for standard input. */
export const STDIN = '-';

/** What a name in a folder must end with to be checked. */
const CHECKED_NAME = /\.(txt|md|budget|pdf)$/i;

/** A file type in words, for messages. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file or directory';
  if (e?.code === 'EACCES') return 'permission denied';
  if (e?.code === 'ELOOP') return 'too many levels of symbolic links';
  return String(e?.message ?? err);
}

/**
 * Expand the command line's paths into the files to check: files as given,
 * folders walked (their .txt / .md / .budget files, sorted), `-` kept.
 * Every real directory is entered once, however many links lead to it;
 * what cannot be checked (missing, unreadable, not a regular file) goes to
 * `errors`, which makes the exit status 2.
 */
export function expandInputs(paths: readonly string[], errors: string[]): string[] {
  const out: string[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const addFile = (p: string, st: Stats) => {
    const key = `${st.dev}:${st.ino}`;
    if (seenFiles.has(key)) return; // the same file through another link
    seenFiles.add(key);
    out.push(p);
  };
  for (const top of paths) {
    if (top === STDIN) {
      out.push(STDIN);
      continue;
    }
    let st: Stats;
    try {
      st = statSync(top);
    } catch (err) {
      errors.push(`${top}: ${errorText(err)}`);
      continue;
    }
    if (!st.isDirectory()) {
      if (st.isFile()) addFile(top, st);
      else errors.push(`${top}: ${kindOf(st)}, not a regular file: not read`);
      continue;
    }
    // a depth-first walk with an explicit stack (a deep tree cannot overflow it)
    const pending: string[] = [top];
    while (pending.length > 0) {
      const dir = pending.pop()!;
      let real: string;
      try {
        real = realpathSync(dir);
      } catch (err) {
        errors.push(`${dir}: ${errorText(err)}`);
        continue;
      }
      if (seenDirs.has(real)) continue; // a loop, or a second link to a folder already walked
      seenDirs.add(real);
      let entries: string[];
      try {
        entries = readdirSync(dir).sort();
      } catch (err) {
        errors.push(`${dir}: ${errorText(err)}`);
        continue;
      }
      const subdirs: string[] = [];
      for (const e of entries) {
        if (e.startsWith('.') || e === 'node_modules') continue;
        const full = path.join(dir, e);
        let sub: Stats;
        try {
          sub = statSync(full);
        } catch {
          continue; // a dangling link
        }
        if (sub.isDirectory()) subdirs.push(full);
        else if (!CHECKED_NAME.test(e)) continue;
        else if (sub.isFile()) addFile(full, sub);
        else errors.push(`${full}: ${kindOf(sub)}, not a regular file: not read`);
      }
      // files of this folder first, then its subfolders in name order
      for (let i = subdirs.length - 1; i >= 0; i--) pending.push(subdirs[i]);
    }
  }
  return out;
}

/** `binary`: the head alone showed it (the rest was not read). */
export type ReadResult = { bytes: Buffer } | { error: string } | { binary: true };

/** Is this head binary: a zero byte that is not UTF-16's? */
export function headIsBinary(head: Uint8Array): boolean {
  if (!head.includes(0)) return false;
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return false;
  return sniffUtf16(head) === null;
}

/** Read at most `limit` + 1 bytes from an open descriptor (the extra byte tells that there was more). */
function readUpTo(fd: number, limit: number, first = 1 << 20): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const want = Math.min(chunks.length === 0 ? first : 1 << 20, limit + 1 - total);
    if (want <= 0) break;
    const chunk = Buffer.allocUnsafe(want);
    let n: number;
    try {
      n = readSync(fd, chunk, 0, want, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        // a non-blocking standard input with nothing yet: wait a little
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if ((err as NodeJS.ErrnoException).code === 'EOF') break;
      throw err;
    }
    if (n === 0) break;
    chunks.push(n === want ? chunk : chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(name: string, limit: number): string {
  return `${name}: larger than ${Math.round(limit / 1024 / 1024)} MB: not read`;
}

/**
 * The bytes of one input. A file is opened non-blocking (a FIFO swapped in
 * after the walk cannot hang the open) and must be a regular file of at
 * most `limit` bytes, both checked on the open descriptor before reading.
 */
export function readInput(file: string, limit = MAX_INPUT_BYTES): ReadResult {
  if (file === STDIN) {
    try {
      const bytes = readUpTo(0, limit);
      return bytes.length > limit ? { error: tooLarge('standard input', limit) } : { bytes };
    } catch (err) {
      return { error: `standard input: ${errorText(err)}` };
    }
  }
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { error: `${file}: ${errorText(err)}` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { error: `${file}: ${kindOf(st)}, not a regular file: not read` };
    if (st.size > limit) return { error: tooLarge(file, limit) };
    // binary is told from the head: the rest of a binary file is never read
    const head = readUpTo(fd, Math.min(limit, HEAD_BYTES - 1), HEAD_BYTES);
    if (headIsBinary(head)) return { binary: true };
    if (head.length < HEAD_BYTES) return { bytes: head };
    // the size is checked; a file growing while read is cut at the limit and refused
    const rest = readUpTo(fd, limit - head.length);
    const bytes = Buffer.concat([head, rest]);
    return bytes.length > limit ? { error: tooLarge(file, limit) } : { bytes };
  } catch (err) {
    return { error: `${file}: ${errorText(err)}` };
  } finally {
    closeSync(fd);
  }
}

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export type DecodedInput =
  | {
      text: string;
      encoding: Encoding;
      /** how the encoding was known: a byte-order mark, or detected */
      bom: boolean;
      /** invalid UTF-8 sequences replaced by U+FFFD: how many, and the text offset of the first */
      invalid?: { count: number; offset: number };
    }
  | { binary: true };

/** UTF-16 without a BOM: zero bytes in one byte position of each pair and not the other, as ASCII in UTF-16 has. */
function sniffUtf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = head.length & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  // line breaks, digits and spaces alone make a good share of a budget's
  // characters (a zero high byte); CJK characters ending in 00 (U+4E00 …) a
  // few per cent of the other position
  if (oddZeros >= pairs * 0.1 && evenZeros <= oddZeros / 8) return 'utf-16le';
  if (evenZeros >= pairs * 0.1 && oddZeros <= evenZeros / 8) return 'utf-16be';
  return null;
}

function decodeUtf16(bytes: Buffer, encoding: 'utf-16le' | 'utf-16be', skip: number): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(skip));
  } catch {
    return null;
  }
}

/**
 * Decode an input's bytes. Binary is decided from the head (HEAD_BYTES): a
 * zero byte there that is not UTF-16's; a zero byte further on, or a text
 * that is mostly replacement characters, makes it binary too.
 */
export function decodeInput(bytes: Buffer): DecodedInput {
  const head = bytes.subarray(0, HEAD_BYTES);
  // UTF-16 with a byte-order mark, or detected
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    const encoding = head[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const text = decodeUtf16(bytes, encoding, 2);
    if (text !== null && !text.includes('\u0000')) return { text, encoding, bom: true };
  }
  const sniffed = sniffUtf16(head);
  if (sniffed) {
    const text = decodeUtf16(bytes, sniffed, 0);
    if (text !== null && !text.includes('\u0000')) return { text, encoding: sniffed, bom: false };
  }
  if (head.includes(0)) return { binary: true };
  if (bytes.indexOf(0, head.length) >= 0) return { binary: true };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bytes.subarray(bom ? 3 : 0);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8', bom };
  } catch {
    /* not valid UTF-8 */
  }
  // UTF-8 with a few bad bytes, or another encoding? GB18030 text read as
  // UTF-8 is nearly all replacement characters; damaged UTF-8 has a few.
  const lossy = new TextDecoder('utf-8').decode(body);
  let count = 0;
  let first = -1;
  let nonAscii = 0;
  for (let i = lossy.indexOf('\uFFFD'); i >= 0; i = lossy.indexOf('\uFFFD', i + 1)) {
    if (first < 0) first = i;
    count++;
  }
  for (let i = 0; i < lossy.length; i++) if (lossy.charCodeAt(i) > 0x7f) nonAscii++;
  if (!bom && count > Math.max(2, nonAscii * 0.02)) {
    try {
      return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'gb18030', bom: false };
    } catch {
      /* not GB18030 either */
    }
  }
  if (count > lossy.length / 10) return { binary: true };
  return { text: lossy, encoding: 'utf-8', bom, invalid: { count, offset: first } };
}

/** An encoding's name as messages print it. */
export function encodingName(e: Encoding): string {
  return e === 'utf-8' ? 'UTF-8' : e === 'gb18030' ? 'GB18030' : e === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
}

/**
 * What the decoding must say about a document: read as another encoding
 * than UTF-8 (information), or UTF-8 with invalid bytes replaced (a
 * warning at the first of them, with its line).
 */
export function encodingFindings(model: DocumentModel, decoded: Exclude<DecodedInput, { binary: true }>, locale: Locale): Finding[] {
  const out: Finding[] = [];
  if (decoded.encoding !== 'utf-8') {
    out.push({
      code: 'document.encoding',
      severity: RULES['document.encoding'].severity,
      span: { start: 0, end: 0 },
      message: formatMessage('document.encoding', locale, { encoding: encodingName(decoded.encoding) }),
      related: [],
      data: { encoding: decoded.encoding, bom: decoded.bom },
    });
  }
  if (decoded.invalid && decoded.invalid.count > 0) {
    const at = Math.max(0, Math.min(decoded.invalid.offset, model.text.length));
    const span = { start: at, end: Math.min(at + 1, model.text.length) };
    const line = toLspRange(model, span).start.line + 1;
    out.push({
      code: 'document.encoding',
      severity: 'warning',
      span,
      message: formatMessage('document.invalid-utf8', locale, { count: decoded.invalid.count, line }),
      related: [],
      data: { encoding: 'utf-8', invalid: decoded.invalid.count, line },
    });
  }
  return out;
}
