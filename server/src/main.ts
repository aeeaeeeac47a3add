/**
 * Process entry of the language server (dist/server.js, the `budget-language-server` command):
 * the transport (--stdio, --node-ipc, --socket=PORT, --pipe=NAME) comes from the command line.
 */
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { isMainThread } from 'node:worker_threads';
import { startServer } from './server';
import { runAnalysisWorker } from './analysisWorker';

const USAGE = `Usage: budget-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME

Language server (LSP) for department budget (部门预算) and final-accounts (部门决算) text files.

  --stdio          speak LSP over standard input and output (what most editors use)
  --node-ipc       over Node's IPC channel (when started by a Node.js client, e.g. VS Code)
  --socket=PORT    connect to the editor listening on 127.0.0.1:PORT
  --pipe=NAME      connect to the editor's named pipe or Unix socket
  --version        print the version
  -h, --help       show this help`;

/** The transport the arguments name, if any (the forms vscode-languageserver reads). */
function transportOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--stdio' || a === '--node-ipc') return a.slice(2);
    if ((a === '--socket' || a === '--pipe') && argv[i + 1] !== undefined) return a.slice(2);
    if (/^--socket=\d+$/.test(a) || /^--pipe=.+/.test(a)) return a.slice(2, a.indexOf('='));
  }
  return undefined;
}

/** Set by esbuild.js from package.json; absent when run from source. */
declare const __BUDGET_VERSION__: string | undefined;
const VERSION = typeof __BUDGET_VERSION__ === 'string' ? __BUDGET_VERSION__ : 'development';

/**
 * Over stdio a malformed frame header leaves the reader stuck on bytes it
 * can never parse: every later message would go unanswered. The server logs
 * and exits instead, so the client sees it and restarts it.
 */
function stdioConnection() {
  const reader = new StreamMessageReader(process.stdin);
  reader.onError((err) => {
    if (!/header|Content-Length/i.test(err.message)) return; // a bad body: that message alone is lost
    process.stderr.write(`budget-language-server: malformed message frame, exiting: ${err.message.split('\n')[0]}\n`);
    process.exit(1);
  });
  return createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
}

const argv = process.argv.slice(2);
if (!isMainThread) {
  // this bundle started as the server's analysis worker (large documents: see analysisWorker.ts)
  runAnalysisWorker();
} else if (argv.includes('-h') || argv.includes('--help')) {
  process.stdout.write(USAGE + '\n');
} else if (argv.includes('--version')) {
  process.stdout.write(`${VERSION}\n`);
} else if (transportOf(argv) === undefined) {
  process.stderr.write(`budget-language-server: no transport given\n\n${USAGE}\n`);
  process.exitCode = 2;
} else {
  // BUDGET_DEBOUNCE_MS: the typing pause before re-analysis (benchmarks set 0 to time the analysis alone)
  const debounce = Number(process.env.BUDGET_DEBOUNCE_MS);
  const connection = transportOf(argv) === 'stdio' ? stdioConnection() : createConnection(ProposedFeatures.all);
  // BUDGET_OFF_THREAD_CHARS: the length from which documents are analysed in a worker thread (tests)
  const offThreadChars = Number(process.env.BUDGET_OFF_THREAD_CHARS);
  startServer(connection, {
    ...(Number.isFinite(debounce) && debounce >= 0 ? { debounceMs: debounce } : {}),
    ...(Number.isFinite(offThreadChars) && offThreadChars > 0 ? { offThreadChars } : {}),
    workerScript: __filename,
  });
}
