import { AddressInfo, createConnection, createServer, Server, Socket } from 'node:net';

// A TCP forwarder on loopback: a child process is pointed at it instead of PostgreSQL or Redis,
// so a test can make that server "unavailable" without touching the shared one.
export class TcpProxy {
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  private paused = false;

  private constructor(
    readonly targetHost: string,
    readonly targetPort: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    proxy.server = createServer((client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  // The target of a postgres:// or redis:// URL.
  static forUrl(url: string, defaultPort: number): Promise<TcpProxy> {
    const parsed = new URL(url);
    return TcpProxy.start(parsed.hostname, parsed.port ? Number(parsed.port) : defaultPort);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  // The same URL (credentials, database, options) with its host and port replaced by the proxy's.
  rewrite(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  // Live connections are closed and new ones are accepted only to be reset at once: to the client
  // this looks like a server that went away, not like a slow one.
  pause(): void {
    this.paused = true;
    // destroy(), not resetAndDestroy(): on a socket already shutting down (its peer hung up),
    // Node 20 fails the reset yet marks the handle closing, and the process then spins at exit.
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  resume(): void {
    this.paused = false;
  }

  async stop(): Promise<void> {
    this.pause();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.paused) {
      // A fresh socket has nothing in flight, so the reset is safe: the client sees ECONNRESET.
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    this.track(client);
    this.track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    // Whichever side fails or ends takes the other down with it, as a real broken link would.
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
