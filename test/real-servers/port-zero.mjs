// Preloaded into every corpus server (`node --import`): whatever port and address the server's
// own code asks for, it listens on 127.0.0.1 port 0, and the port it got is announced on stderr
// so the test never guesses a free port.
import net from 'node:net';

const listen = net.Server.prototype.listen;
let announced = false;

net.Server.prototype.listen = function patchedListen(...args) {
  const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
  const first = args[0];
  // A Unix socket path or a handle is left alone.
  if (typeof first === 'string' && !/^\d+$/.test(first)) return listen.call(this, ...args, ...(callback ? [callback] : []));
  if (first !== null && typeof first === 'object' && first.port === undefined && (first.path !== undefined || first.fd !== undefined || first._handle !== undefined)) {
    return listen.call(this, ...args, ...(callback ? [callback] : []));
  }
  this.once('listening', () => {
    if (announced) return;
    announced = true;
    process.stderr.write(`\nMCP_DOCTOR_CORPUS_PORT=${this.address().port}\n`);
  });
  return listen.call(this, { port: 0, host: '127.0.0.1' }, ...(callback ? [callback] : []));
};
