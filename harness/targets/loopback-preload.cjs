// Preloaded into the kinesis-mock child (node -r): it binds 0.0.0.0 and has no host option,
// so every listen() without an explicit loopback host is forced onto 127.0.0.1.
'use strict';
const net = require('node:net');
const original = net.Server.prototype.listen;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
net.Server.prototype.listen = function patchedListen(...args) {
  const first = args[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    if (first.path === undefined && !LOOPBACK.has(first.host)) args[0] = { ...first, host: '127.0.0.1' };
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] === 'string') {
      if (!LOOPBACK.has(args[1])) args[1] = '127.0.0.1';
    } else {
      args.splice(1, 0, '127.0.0.1');
    }
  }
  return original.apply(this, args);
};

// The harness spawns kinesis-mock in its own process group (so a terminal Ctrl-C reaches only the
// harness, which cleans up first) with a pipe on stdin: when the harness dies in any way, the pipe
// closes and the emulator goes with it instead of lingering.
if (process.env.KINESIS_CONFORMANCE_EXIT_WITH_PARENT === '1') {
  process.stdin.on('end', () => process.kill(process.pid, 'SIGKILL'));
  process.stdin.on('close', () => process.kill(process.pid, 'SIGKILL'));
  process.stdin.resume();
}
