/** Process entry of the language server: the transport (--stdio, --node-ipc, --socket) comes from the command line. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// BUDGET_DEBOUNCE_MS: the typing pause before re-analysis (benchmarks set 0 to time the analysis alone)
const debounce = Number(process.env.BUDGET_DEBOUNCE_MS);
startServer(createConnection(ProposedFeatures.all), Number.isFinite(debounce) && debounce >= 0 ? { debounceMs: debounce } : {});
