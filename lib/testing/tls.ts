// A loopback TLS terminator for tests that drive the service with clients that only speak https
// (every Auth0 SDK builds `https://${domain}` URLs). The certificate is made here, self-signed
// for localhost, with Debian's openssl; the clients trust it through NODE_EXTRA_CA_CERTS (Node)
// or by accepting it (Chromium). The terminator forwards plain HTTP to the service, as the TLS
// proxy of the README's production topology does.
//
//   const tls = await startTlsTerminator();              // https://localhost:<port>
//   const h = await startHarness({ publicOrigin: tls.origin });
//   tls.forwardTo(h.listening);
//
// Chromium trusts the certificate (no TLS error, so WebAuthn works on the page) when launched
// with --ignore-certificate-errors-spki-list=<certificate.spki>; several terminators (two sites)
// may share one certificate.

import { execFileSync } from "node:child_process";
import { createHash, createPublicKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Certificate = {
  keyFile: string;
  /** The certificate's PEM file, for NODE_EXTRA_CA_CERTS. */
  certificateFile: string;
  /** base64 SHA-256 of its public key, for Chromium's --ignore-certificate-errors-spki-list. */
  spki: string;
  dir: string;
};

/** A self-signed certificate for localhost (synchronous: a spec can make it before launching the browser). */
export function makeCertificate(): Certificate {
  const dir = mkdtempSync(join(tmpdir(), "pul-tls-"));
  const keyFile = join(dir, "key.pem");
  const certificateFile = join(dir, "cert.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-keyout", keyFile, "-out", certificateFile,
  ], { stdio: "ignore" }); // prettier-ignore
  const publicKey = createPublicKey(readFileSync(keyFile)).export({ type: "spki", format: "der" });
  return { keyFile, certificateFile, spki: createHash("sha256").update(publicKey).digest("base64"), dir };
}

export type TlsTerminator = {
  /** https://localhost:<port> */
  origin: string;
  /** The certificate's PEM file, for NODE_EXTRA_CA_CERTS. */
  certificateFile: string;
  /** Where requests go from now on: the service's http://localhost:<port>. */
  forwardTo(target: string): void;
  close(): Promise<void>;
};

/** A terminator with its own new certificate (removed on close), or with one it shares (kept). */
export async function startTlsTerminator(shared?: Certificate): Promise<TlsTerminator> {
  const { keyFile, certificateFile, dir } = shared ?? makeCertificate();

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
      if (!shared) rmSync(dir, { recursive: true, force: true });
    },
  };
}
