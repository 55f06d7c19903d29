// A loopback TLS terminator for tests that drive the service with clients that only speak https
// (every Auth0 SDK builds `https://${domain}` URLs). The certificate is made here, self-signed
// for localhost, with Debian's openssl; the clients trust it through NODE_EXTRA_CA_CERTS (Node)
// or by accepting it (Chromium). The terminator forwards plain HTTP to the service, as the TLS
// proxy of the README's production topology does.
//
//   const tls = await startTlsTerminator();              // https://localhost:<port>
//   const h = await startHarness({ publicOrigin: tls.origin });
//   tls.forwardTo(h.listening);

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type TlsTerminator = {
  /** https://localhost:<port> */
  origin: string;
  /** The certificate's PEM file, for NODE_EXTRA_CA_CERTS. */
  certificateFile: string;
  /** Where requests go from now on: the service's http://localhost:<port>. */
  forwardTo(target: string): void;
  close(): Promise<void>;
};

export async function startTlsTerminator(): Promise<TlsTerminator> {
  const dir = mkdtempSync(join(tmpdir(), "pul-tls-"));
  const keyFile = join(dir, "key.pem");
  const certificateFile = join(dir, "cert.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-keyout", keyFile, "-out", certificateFile,
  ], { stdio: "ignore" }); // prettier-ignore

  let target: URL | undefined;
  const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certificateFile) }, (req, res) => {
    if (!target) {
      res.writeHead(502).end();
      return;
    }
    const upstream = request(
      { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, "x-forwarded-proto": "https" } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "localhost", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://localhost:${port}`,
    certificateFile,
    forwardTo(service) {
      target = new URL(service);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
