/** Process entry of the language server: the transport (--stdio, --node-ipc, --socket) comes from the command line. */
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './server';

// BUDGET_DEBOUNCE_MS: the typing pause before re-analysis (benchmarks set 0 to time the analysis alone)
const debounce = Number(process.env.BUDGET_DEBOUNCE_MS);

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

const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);
startServer(connection, Number.isFinite(debounce) && debounce >= 0 ? { debounceMs: debounce } : {});
