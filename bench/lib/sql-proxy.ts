// Counts SQL at the wire: a node:net TCP proxy in front of PostgreSQL that reads the frontend
// protocol (what clients send) of every connection and forwards the bytes unchanged.
//
//   statements = Execute ('E') + simple Query ('Q') messages
//   roundTrips = Sync ('S') + simple Query ('Q') messages (each is one wait for the server)
//
// A simple Query holding several statements separated by ';' counts as one statement (drivers
// send one each; Prisma's pg adapter uses the extended protocol for everything with parameters).
// The server's answers are piped back untouched. SSLRequest / GSSENCRequest are answered 'N' by
// the proxy itself (never forwarded), so the stream stays plaintext whatever the client asked
// for: a client with sslmode=prefer falls back to plaintext, sslmode=require would fail (the
// benchmark never needs TLS to a local server).
//
// Point DATABASE_URL at postgres://USER@127.0.0.1:<port>/DB.

import net from "node:net";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

export type SqlCounts = { statements: number; roundTrips: number; connections: number };

export type SqlProxy = {
  port: number;
  counts(): SqlCounts;
  reset(): void;
  close(): Promise<void>;
};

type Totals = { statements: number; roundTrips: number; connections: number };

/**
 * Frontend-protocol reader for one client connection. feed() takes a TCP chunk and returns the
 * bytes to forward upstream (the chunk itself, except for SSL/GSS requests the proxy answers).
 * Messages may be split across chunks or packed several to a chunk: a partial header is kept
 * across calls, and a message body is skipped by counting bytes (never copied).
 */
export class FrontendParser {
  private startup = true;
  /** Bytes of the current message body still to pass. */
  private skip = 0;
  /** A partial header: 8 bytes in the startup phase (length + code), 5 after (type + length). */
  private head: Buffer = Buffer.alloc(0);

  constructor(
    private readonly onMessage: (type: string) => void,
    private readonly answerClient: (bytes: Buffer) => void,
  ) {}

  feed(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let pos = 0;
    // In the startup phase the 8-byte header is held back until complete (an SSLRequest is
    // dropped, a StartupMessage's header is forwarded from the copy); after it, bytes are
    // forwarded as they come (chunk[forwardFrom..]) and only counted.
    let forwardFrom = 0;
    while (pos < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - pos);
        this.skip -= n;
        pos += n;
        continue;
      }
      const need = this.startup ? 8 : 5;
      const take = Math.min(need - this.head.length, chunk.length - pos);
      const head = Buffer.concat([this.head, chunk.subarray(pos, pos + take)]); // a copy
      pos += take;
      if (head.length < need) {
        this.head = head; // the rest of the header comes in the next chunk
        break;
      }
      this.head = Buffer.alloc(0);
      if (this.startup) {
        const length = head.readInt32BE(0);
        const code = head.readInt32BE(4);
        if (length === 8 && (code === SSL_REQUEST || code === GSSENC_REQUEST)) {
          // Answer "no" ourselves and drop the request; the client then sends the real startup.
          this.answerClient(Buffer.from("N"));
          forwardFrom = pos;
          continue;
        }
        // StartupMessage (or CancelRequest): forward the held-back header, skip the rest.
        out.push(head);
        forwardFrom = pos;
        this.startup = false;
        this.skip = length - 8;
      } else {
        this.onMessage(String.fromCharCode(head[0]));
        this.skip = head.readInt32BE(1) - 4;
      }
    }
    // Still in the startup phase: anything left of this chunk is a held-back partial header.
    if (this.startup) return out;
    if (forwardFrom < chunk.length) out.push(chunk.subarray(forwardFrom));
    return out;
  }
}

export async function startSqlProxy(upstreamPort = 5432): Promise<SqlProxy> {
  const totals: Totals = { statements: 0, roundTrips: 0, connections: 0 };
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    totals.connections++;
    client.setNoDelay(true);
    const upstream = net.connect({ host: "127.0.0.1", port: upstreamPort });
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);

    const parser = new FrontendParser(
      (type) => {
        if (type === "E") totals.statements++;
        else if (type === "S") totals.roundTrips++;
        else if (type === "Q") {
          totals.statements++;
          totals.roundTrips++;
        }
      },
      (bytes) => client.write(bytes),
    );

    client.on("data", (chunk: Buffer) => {
      let ok = true;
      for (const part of parser.feed(chunk)) ok = upstream.write(part) && ok;
      if (!ok) {
        client.pause();
        upstream.once("drain", () => client.resume());
      }
    });
    upstream.pipe(client);

    const done = (socket: net.Socket) => () => {
      sockets.delete(socket);
    };
    client.on("close", done(client));
    upstream.on("close", done(upstream));
    client.on("end", () => upstream.end());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    counts: () => ({ ...totals }),
    reset: () => {
      totals.statements = 0;
      totals.roundTrips = 0;
      totals.connections = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
