// Ceilings: what one core can do at best for the crypto a passkey login and an OIDC code flow
// need, measured in a child pinned to a server core so the figures compare with the servers'.
// The work is in ./ceilings-worker.ts (~7 s: four measurements of ~1.5 s plus warm-ups).

import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type Ceilings = {
  /** node:crypto ECDSA P-256 verifications per second. */
  p256VerifyPerSec: number;
  /** @simplewebauthn/server verifyAuthenticationResponse() calls per second (in-process, no I/O). */
  verifyAuthenticationResponsePerSec: number;
  /** jose ES256 JWT signatures per second. */
  es256SignPerSec: number;
  /** jose RS256 (2048-bit) JWT signatures per second. */
  rs256SignPerSec: number;
};

const here = path.dirname(fileURLToPath(import.meta.url));

export function measureCeilings(options: { core?: number } = {}): Promise<Ceilings> {
  const core = options.core ?? 1;
  return new Promise((resolve, reject) => {
    const child = spawn("taskset", ["-c", String(core), process.execPath, "--import", "tsx", path.join(here, "ceilings-worker.ts")], {
      cwd: path.resolve(here, ".."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0) {
        reject(new Error(`ceilings worker exited with ${code}: ${stderr.slice(-2000)}`));
        return;
      }
      try {
        resolve(JSON.parse(line) as Ceilings);
      } catch {
        reject(new Error(`ceilings worker printed no JSON: ${stdout.slice(-500)} ${stderr.slice(-1000)}`));
      }
    });
  });
}
