// Preloaded (`node --import`) into a third-party example server that takes its port from the
// environment and listens on every interface: its first TCP listener binds 127.0.0.1 port 0
// instead, and the port it got is written to stderr as `LISTENING <port>` for the test to read.
import net from 'node:net';

const listen = net.Server.prototype.listen;
let patched = false;
net.Server.prototype.listen = function (...args) {
  if (patched || typeof args[0] !== 'number') return listen.apply(this, args);
  patched = true;
  const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
  this.once('listening', () => process.stderr.write(`LISTENING ${this.address().port}\n`));
  return callback ? listen.call(this, 0, '127.0.0.1', callback) : listen.call(this, 0, '127.0.0.1');
};
