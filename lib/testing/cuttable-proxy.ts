import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";

// A TCP proxy to a server (PostgreSQL, in the outage tests) that can be cut, every connection
// dropped and new ones refused, and opened again on the same port.
//
//   const line = new CuttableProxy({ host: "127.0.0.1", port: 5432 });
//   await line.open();      // line.port: where clients connect
//   await line.cut();       // the database is "down"
//   await line.open();      // and back

export class CuttableProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  /** `port` 0 lets the kernel choose on the first open; later opens reuse the port it chose. */
  constructor(
    private readonly target: { host: string; port: number },
    public port = 0,
  ) {}

  async open(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
