// A trivial AWS JSON 1.1 answerer for the bench: a fixed body per X-Amz-Target, no work done, so the
// time a client spends around it is the client's own. Run as its own process (the target always is);
// prints its port on the first line of stdout. Loopback only.
import { createServer } from 'node:http';

const HEADERS = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': '00000000-0000-4000-8000-000000000000' };
const LIST_STREAMS = JSON.stringify({ HasMoreStreams: false, StreamNames: [], StreamSummaries: [] });
const NOT_FOUND = JSON.stringify({ __type: 'ResourceNotFoundException', message: 'Stream absent under account 000000000000 not found.' });

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const ok = String(req.headers['x-amz-target'] ?? '').endsWith('.ListStreams');
    res.writeHead(ok ? 200 : 400, HEADERS);
    res.end(ok ? LIST_STREAMS : NOT_FOUND);
  });
});
// Longer than the clients' keep-alive, so the server never closes a socket a client is about to reuse.
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
